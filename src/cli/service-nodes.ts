/**
 * `service` on a home of several nodes (SPEC 10): every node asked at once (one getAllProcessInfo each),
 * the name resolved on each (`NAME@NODE`: that node only), and what it names acted on or shown on every
 * node it resolved on, rows and results reading `NAME@NODE`. A node that cannot be asked is said by name
 * and address; it never holds the others back.
 */
import { supervisordProblems } from '../core/home.js';
import { resolveOnNodes, type NodeCatalog } from '../core/plan/node-resolver.js';
import { onNode, textName, type NodeRow } from './json-contract.js';
import { atNode, nodeProblem, splitNodeName } from '../core/config/nodes.js';
import { ExitCode } from '../core/model/outcomes.js';
import { readinessOnNodes, type ReadyChecks } from '../core/plan/readiness.js';
import type { Target } from '../core/plan/resolver.js';
import { formatStatusLines, statusExitCode, unknownRow } from '../core/report/status.js';
import type { Snapshot } from '../control/service-status.js';
import type { CommonFlags } from './args.js';
import type { CliIo } from './io.js';
import type { Fleet, NodeWiring } from './node-wiring.js';
import { runAction, type ActionName } from './service-action.js';
import { showLog, type LogFlags } from './service-log.js';

/** Every node with its snapshot and readiness checks, asked at once. */
export interface NodeState {
  node: NodeWiring;
  snapshot: Snapshot;
  checks: ReadyChecks;
  /** `node2 (http://...): connection refused`, when its supervisord could not be asked. */
  unreachable: string | undefined;
}

export interface FleetView {
  states: NodeState[];
  problems: { all: string[]; readiness: string[] };
}

/** What the resolver is told of a node: its catalog, and why part of it is unknown. */
export function nodeCatalog({ node, snapshot, unreachable }: NodeState): NodeCatalog {
  const initscripts = snapshot.initscriptsProblem;
  return {
    node: node.name,
    catalog: snapshot.catalog,
    ...(unreachable ? { unreachable } : {}),
    ...(initscripts ? { initscripts } : {}),
  };
}

/**
 * One getAllProcessInfo per node (or only of the node `only`), all at once, and the checks bound on each
 * node's catalog.
 */
export async function askNodes(fleet: Fleet, only?: string): Promise<FleetView> {
  const asked = only === undefined ? fleet.nodes : fleet.nodes.filter((node) => node.name === only);
  const snapshots = await Promise.all(asked.map((node) => node.engine.snapshot(node.files)));
  const readiness = readinessOnNodes(
    fleet.nodes[0]!.files.settings,
    snapshots.map((one) => one.catalog),
  );
  const states = asked.map((node, index): NodeState => {
    const { view } = snapshots[index]!;
    const unreachable = view.ok ? undefined : nodeProblem(node.label, view.reason);
    return { node, snapshot: snapshots[index]!, checks: readiness.checks[index]!, unreachable };
  });
  const files = supervisordProblems(fleet.nodes[0]!.files);
  // A [ready] key may name what another node runs: with one node asked, only the file's own problems count.
  const wrong = only === undefined ? readiness.problems : fleet.nodes[0]!.files.settings.problems;
  return { states, problems: { all: [...files, ...wrong], readiness: wrong } };
}

/** Status rows, each on its node: JSON as they are, text named `NAME@NODE` when the home has several nodes. */
export function printRows(
  rows: NodeRow[],
  several: boolean,
  problems: string[],
  flags: CommonFlags,
  io: CliIo,
): number {
  const code = statusExitCode(rows);
  if (flags.json) io.out(JSON.stringify({ status: rows, problems, exitCode: code }, null, 2));
  else formatStatusLines(rows.map((row) => textName(row, several))).forEach((line) => io.out(line));
  return code;
}

/** Rows of every part, each with its node. */
async function rowsOf(parts: Array<{ state: NodeState; targets: Target[] }>, timeoutMs: number): Promise<NodeRow[]> {
  const lists = await Promise.all(
    parts.map(async ({ state, targets }) => {
      const rows = await state.node.engine.status(
        targets,
        state.snapshot.view,
        state.snapshot.catalog,
        timeoutMs,
        state.checks,
      );
      return onNode(rows, state.node.name);
    }),
  );
  return lists.flat();
}

/** A row for a node that could not be asked: its processes are unknown, so is the answer. */
const nodeRow = (state: NodeState): NodeRow => ({
  ...unknownRow('supervisord', 'supervisord', state.unreachable!),
  node: state.node.name,
});

/** `service NAME ACTION` over the nodes. */
export async function serviceOnNodes(
  fleet: Fleet,
  operand: string,
  action: ActionName | 'status' | 'log',
  log: LogFlags | undefined,
  flags: CommonFlags,
  io: CliIo,
  program: string,
): Promise<number> {
  // NAME@NODE asks that node alone: another node, hung or down, has no say in it.
  const named = splitNodeName(
    operand,
    fleet.nodes.map((node) => node.name),
  ).node;
  const view = await askNodes(fleet, named);
  const catalogs = view.states.map((state): NodeCatalog => nodeCatalog(state));
  const resolution = resolveOnNodes(operand, catalogs);
  if (!resolution.ok) {
    const reading = action === 'status' || action === 'log';
    const code = resolution.error === 'invalid' ? ExitCode.USAGE : reading ? ExitCode.STATUS_UNKNOWN : ExitCode.FAILED;
    if (flags.json)
      io.out(JSON.stringify({ error: resolution.message, problems: view.problems.all, exitCode: code }, null, 2));
    else io.err(resolution.message);
    return code;
  }
  const stateOf = (name: string) => view.states.find((state) => state.node.name === name)!;
  const parts = resolution.nodes.map(({ node, targets }) => ({ state: stateOf(node), targets }));
  if (log || action === 'log') {
    if (parts.length > 1) {
      const names = parts.map((part) => part.state.node.name);
      io.err(`${program}: ${operand} is on several nodes (${names.join(', ')}): name one, as ${operand}@${names[0]}`);
      return ExitCode.USAGE;
    }
    return showLog(parts[0]!.targets, parts[0]!.state.node, log!, io, program);
  }
  if (!flags.json) view.problems.all.forEach((problem) => io.err(`${program}: ${problem}`));
  // A name alone is on every node where it resolves: a node that could not be asked may hold it too.
  const unasked = named !== undefined ? [] : view.states.filter((state) => state.unreachable);
  if (action === 'status') {
    const rows = await rowsOf(parts, flags.timeoutMs);
    return printRows([...rows, ...unasked.map(nodeRow)], fleet.several, view.problems.all, flags, io);
  }
  if (!flags.json) unasked.forEach((state) => io.err(`${program}: ${state.unreachable}: not acted on there`));
  // The journal says so too: an action that could not reach a node did not succeed there.
  for (const state of unasked) {
    const targets = [atNode(operand, state.node.name)];
    const problem = fleet.nodes[0]!.deps.journal?.record({
      action,
      targets,
      durationMs: 0,
      outcome: 'failed',
      reason: state.unreachable!,
    });
    if (problem && !flags.json) io.err(`${program}: journal: ${problem}`);
  }
  const actionParts = parts.map(({ state, targets }) => {
    return { wiring: state.node, targets, checks: state.checks, node: state.node.name, several: fleet.several };
  });
  const code = await runAction(action as ActionName, actionParts, view.problems, flags, io);
  return code === ExitCode.OK && unasked.length > 0 ? ExitCode.FAILED : code;
}

/** `--status-all` over the nodes: every initscript and process of each, and each node that cannot be asked. */
export async function statusAllOnNodes(fleet: Fleet, flags: CommonFlags, io: CliIo, program: string): Promise<number> {
  const view = await askNodes(fleet);
  if (!flags.json) view.problems.all.forEach((problem) => io.err(`${program}: ${problem}`));
  const every = (state: NodeState): Target[] => [
    ...state.snapshot.catalog.lsb.map((name): Target => ({ kind: 'lsb', name })),
    ...state.snapshot.catalog.processes.map((p): Target => ({ kind: 'process', name: p.namespec, group: p.group })),
  ];
  const parts = view.states.map((state) => ({ state, targets: every(state) }));
  const rows = await rowsOf(parts, flags.timeoutMs);
  const unasked = view.states.filter((state) => state.unreachable).map(nodeRow);
  return printRows([...rows, ...unasked], fleet.several, view.problems.all, flags, io);
}
