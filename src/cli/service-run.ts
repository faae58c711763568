/**
 * `service NAME ACTION` and `--status-all` over the home's nodes (SPEC 4, 10; a home of one is a fleet of
 * one): the name resolved on every node it may be on (`NAME@NODE`: that node alone; a node whose files name
 * it is not even asked), and what it names acted on or shown on each node it resolved on. A node that
 * cannot be asked is said by name and address; it never holds the others back.
 */
import { ConfigError } from '../core/model/config-error.js';
import { ExitCode } from '../core/model/outcomes.js';
import { buildCatalog } from '../core/plan/catalog.js';
import { targetProcesses, type Target } from '../core/plan/resolver.js';
import { supervisordProblems } from '../core/home.js';
import { formatStatusLines, statusExitCode, unknownRow } from '../core/report/status.js';
import { nodeNaming, type NameOnNode } from '../core/report/node-names.js';
import { askNodes, nodeCatalog, resolveOnFleet, type FleetNode, type NodeState } from '../control/fleet.js';
import type { CommonFlags } from './args.js';
import type { CliIo } from './io.js';
import type { Fleet } from './node-wiring.js';
import { onNode, textName, type NodeRow } from './json-contract.js';
import { runAction, type ActionName } from './service-action.js';
import { showLog, type LogFlags } from './service-log.js';

/** Status rows, each on its node: JSON as they are, text naming each on its node as the home shows names. */
export function printRows(rows: NodeRow[], name: NameOnNode, problems: string[], flags: CommonFlags, io: CliIo) {
  const code = statusExitCode(rows);
  if (flags.json) io.out(JSON.stringify({ status: rows, problems, exitCode: code }, null, 2));
  else formatStatusLines(rows.map((row) => textName(row, name))).forEach((line) => io.out(line));
  return code;
}

/** The rows of each part's targets on its node; a node not asked yet is asked about just those processes. */
async function rowsOf(parts: Array<{ state: NodeState; targets: Target[] }>, timeoutMs: number): Promise<NodeRow[]> {
  const lists = await Promise.all(
    parts.map(async ({ state, targets }) => {
      const { node, checks } = state;
      const view = state.view ?? (await node.engine.viewOf(targetProcesses(targets)));
      const config = node.files.config instanceof ConfigError ? undefined : node.files.config;
      const loaded = view.ok ? view.processes : undefined;
      const catalog = state.view ? state.catalog : buildCatalog({ ...node.files, config, loaded });
      return onNode(await node.engine.status(targets, view, catalog, timeoutMs, checks), node.name);
    }),
  );
  return lists.flat();
}

/** A row for a node whose processes cannot be named: its supervisord could not be asked (another's: where). */
const nodeRow = ({ node, view, unreachable }: NodeState): NodeRow => {
  const why = node.local && view && !view.ok ? view.reason : unreachable!;
  return { ...unknownRow('supervisord', 'supervisord', why), node: node.name };
};

/** Journals that an action could not reach these nodes: it did not succeed there. */
function journalUnasked(
  home: FleetNode,
  action: string,
  targetsOn: (node: string) => string[],
  unasked: NodeState[],
  io: CliIo,
) {
  for (const state of unasked) {
    const targets = targetsOn(state.node.name);
    const record = { action, targets, durationMs: 0, outcome: 'failed' as const, reason: state.unreachable! };
    const problem = home.deps.journal?.record(record);
    if (problem) io.err(`journal: ${problem}`);
  }
}

/** `service NAME ACTION` over the nodes. */
export async function serviceOn(
  fleet: Fleet,
  operand: string,
  action: ActionName | 'status' | 'log',
  log: LogFlags | undefined,
  flags: CommonFlags,
  io: CliIo,
  program: string,
): Promise<number> {
  const home = fleet.nodes[0]!;
  const name = nodeNaming(fleet.nodes.length);
  // A broken file is said once, up front; what the running supervisord knows stays actionable.
  if (!flags.json) supervisordProblems(home.files).forEach((problem) => io.err(`${program}: ${problem}`));
  const acting = action !== 'status' && action !== 'log';
  const { view, resolution, named } = await resolveOnFleet(operand, fleet.nodes, acting);
  if (!resolution.ok) {
    const reading = action === 'status' || action === 'log';
    const code = resolution.error === 'invalid' ? ExitCode.USAGE : reading ? ExitCode.STATUS_UNKNOWN : ExitCode.FAILED;
    const unreadable =
      home.files.config instanceof ConfigError && resolution.error !== 'invalid'
        ? " (supervisord's files could not be read: see above)"
        : '';
    if (flags.json)
      io.out(JSON.stringify({ error: resolution.message, problems: view.problems.all, exitCode: code }, null, 2));
    else io.err(resolution.message + unreadable);
    return code;
  }
  const stateOf = (node: string) => view.states.find((state) => state.node.name === node)!;
  const parts = resolution.nodes.map(({ node, targets }) => ({ state: stateOf(node), targets }));
  if (log) {
    if (parts.length > 1) {
      const names = parts.map((part) => part.state.node.name);
      io.err(`${program}: ${operand} is on several nodes (${names.join(', ')}): name one, as ${operand}@${names[0]}`);
      return ExitCode.USAGE;
    }
    return showLog(parts[0]!.targets, parts[0]!.state.node, log, io, program);
  }
  if (!flags.json) view.problems.readiness.forEach((problem) => io.err(`${program}: ${problem}`));
  // A name alone is on every node where it resolves: a node whose names could not be had may hold it too.
  const hidden = (state: NodeState) => nodeCatalog(state).unreachable && !parts.some((part) => part.state === state);
  const unasked = named !== undefined ? [] : view.states.filter(hidden);
  if (action === 'status') {
    const rows = await rowsOf(parts, flags.timeoutMs);
    return printRows([...rows, ...unasked.map(nodeRow)], name, view.problems.all, flags, io);
  }
  if (!flags.json) unasked.forEach((state) => io.err(`${program}: ${state.unreachable}: not acted on there`));
  journalUnasked(home, action, (node) => [name(operand, node)], unasked, io);
  const actionParts = parts.map(({ state, targets }) => ({ node: state.node, targets, checks: state.checks }));
  const code = await runAction(action as ActionName, actionParts, view.problems, name, flags, io);
  return code === ExitCode.OK && unasked.length > 0 ? ExitCode.FAILED : code;
}

/**
 * `--status-all`: every initscript and process of each node; a node whose processes nothing names (its
 * supervisord could not be asked and no file of it is read here) is a row of its own.
 */
export async function statusAll(fleet: Fleet, flags: CommonFlags, io: CliIo, program: string): Promise<number> {
  const view = await askNodes(fleet.nodes);
  if (!flags.json) view.problems.all.forEach((problem) => io.err(`${program}: ${problem}`));
  const every = (state: NodeState): Target[] => [
    ...state.catalog.lsb.map((name): Target => ({ kind: 'lsb', name })),
    ...state.catalog.processes.map((p): Target => ({ kind: 'process', name: p.namespec, group: p.group })),
  ];
  const rows = await rowsOf(
    view.states.map((state) => ({ state, targets: every(state) })),
    flags.timeoutMs,
  );
  const unnamed = view.states.filter((state) => state.unreachable && state.catalog.processes.length === 0);
  return printRows([...rows, ...unnamed.map(nodeRow)], nodeNaming(fleet.nodes.length), view.problems.all, flags, io);
}
