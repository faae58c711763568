/**
 * `hypcontrol` on a home of several nodes (SPEC 10): every node asked at once, each stage's names resolved
 * on every node, and the platform run stage by stage across them (control/fleet-platform). `status` lists
 * every node, each service row reading `NAME@NODE`; a node that cannot be asked makes it exit 4.
 */
import type { HypcontrolConf } from '../core/config/hypcontrol-conf.js';
import { supervisordProblems } from '../core/home.js';
import { nodeProblem } from '../core/config/nodes.js';
import { ExitCode } from '../core/model/outcomes.js';
import { planOnNodes, type NodePlans } from '../core/plan/stage-plan.js';
import { statusExitCode, unknownRow, type StatusRow } from '../core/report/status.js';
import { fleetPlatform, type PlatformNode } from '../control/fleet-platform.js';
import { onNode, textName, type NodeRow } from './json-contract.js';
import type { PlatformOptions } from '../control/platform.js';
import type { CommonFlags } from './args.js';
import type { Fleet } from './node-wiring.js';
import { printStages, runPlatform, type HypcontrolIo, type PlatformVerb } from './platform-run.js';
import { askNodes, nodeCatalog, type FleetView } from './service-nodes.js';

async function showStatus(
  conf: HypcontrolConf,
  view: FleetView,
  planned: NodePlans,
  flags: CommonFlags,
  io: HypcontrolIo,
) {
  const { plans, unresolved } = planned;
  const perNode = await Promise.all(
    view.states.map(async ({ node, snapshot, checks }) => {
      const stages = await node.engine.platformStatus(
        plans.get(node.name)!,
        snapshot.view,
        snapshot.catalog,
        flags.timeoutMs,
        checks,
      );
      return stages.map((stage) =>
        onNode(
          stage.services.flatMap((service) => service.rows),
          node.name,
        ),
      );
    }),
  );
  const stages = conf.stages.map((stage, index) => {
    const missing = unresolved
      .filter((one) => one.stage === stage.name)
      .map((one): NodeRow => ({ ...unknownRow(one.operand, 'supervisord', one.message), node: null }));
    const rows: NodeRow[] = [...perNode.flatMap((node) => node[index] ?? []), ...missing];
    return { name: stage.name, rows };
  });
  const nodes = view.states.map(({ node, snapshot }) => ({
    node: node.name,
    ok: snapshot.view.ok,
    detail: snapshot.view.ok ? `${node.label}: running` : nodeProblem(node.label, snapshot.view.reason),
  }));
  const rows: StatusRow[] = stages.flatMap((stage) => stage.rows);
  const code = nodes.every((one) => one.ok) ? statusExitCode(rows) : ExitCode.STATUS_UNKNOWN;
  if (flags.json) {
    io.out(JSON.stringify({ nodes, problems: view.problems.all, stages, exitCode: code }, null, 2));
    return code;
  }
  io.out('supervisord:');
  nodes.forEach((one) => io.out(`  ${one.detail}`));
  const named = stages.map((stage) => ({ name: stage.name, rows: stage.rows.map((row) => textName(row, true)) }));
  printStages(named, view.problems.all, io);
  return code;
}

/** `hypcontrol ACTION` over the nodes. */
type Action = PlatformVerb | 'status';

export async function hypcontrolOnNodes(
  action: Action,
  fleet: Fleet,
  conf: HypcontrolConf,
  flags: CommonFlags,
  io: HypcontrolIo,
) {
  const view = await askNodes(fleet);
  const planned = planOnNodes(conf, view.states.map(nodeCatalog));
  if (action === 'status') return showStatus(conf, view, planned, flags, io);
  if (!flags.json) supervisordProblems(fleet.nodes[0]!.files).forEach((problem) => io.err(`hypcontrol: ${problem}`));
  const { plans, unresolved } = planned;
  // A name on no node that answers may be on one that does not: that node then fails the stage, by name.
  if (unresolved.length > 0 && view.states.every((state) => !state.unreachable)) {
    unresolved.forEach((one) => io.err(`hypcontrol: ${conf.file}: ${one.stage}: ${one.message}`));
    io.err('hypcontrol: nothing was started or stopped');
    return ExitCode.FAILED;
  }
  const nodes = view.states.map(({ node, checks, unreachable }): PlatformNode => {
    const plan = plans.get(node.name)!;
    return {
      name: node.name,
      label: node.label,
      deps: node.deps,
      plan,
      local: node.local,
      checks,
      ...(unreachable ? { unreachable } : {}),
    };
  });
  const stages = conf.stages.map((stage) => stage.name);
  const run = (verb: PlatformVerb, options: PlatformOptions) => fleetPlatform(verb, nodes, options);
  // The checks go with each node (fleet-platform binds them): the ones passed here only say "wait".
  return runPlatform(action, run, stages, view.problems.readiness, fleet.nodes[0]!, flags, io, new Map());
}
