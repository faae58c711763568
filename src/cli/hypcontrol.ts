/**
 * `hypcontrol start|stop|restart|status`: the whole platform, stage by stage (SPEC 5), over every node of
 * the home at once (SPEC 10; a home without `[node:]` sections is a fleet of one).
 */
import { ConfigError } from '../core/model/config-error.js';
import type { HypcontrolConf } from '../core/config/hypcontrol-conf.js';
import { daemonStateText } from '../core/report/daemon-view.js';
import { supervisordProblems } from '../core/home.js';
import { nodeProblem } from '../core/config/nodes.js';
import { ExitCode } from '../core/model/outcomes.js';
import { statusExitCode, unknownRow, type StatusRow } from '../core/report/status.js';
import { nodeNaming, type NameOnNode } from '../core/report/node-names.js';
import { askNodes, nodeCatalog, planPlatform, type AnsweredState, type FleetView } from '../control/fleet.js';
import { planOnNodes } from '../core/plan/stage-plan.js';
import { parseCommon, type CommonFlags } from './args.js';
import { packageVersion, processIo, type CliIo } from './io.js';
import { printStages, runPlatform, type HypcontrolIo } from './platform-run.js';
import { resolveHome } from './wiring.js';
import { readFleet } from './node-wiring.js';
import { onNode, type NodeRow } from './json-contract.js';

const ACTIONS = ['start', 'stop', 'restart', 'status'] as const;
type Action = (typeof ACTIONS)[number];

function usage(): string {
  return [
    'Usage: hypcontrol start|stop|restart|status [--json] [--timeout S] [--home DIR] [--no-wait] [--kill-leftovers]',
    '',
    'Stages come from ~/etc/hypcontrol.conf (BACKEND, MIDDLEWARE, FRONTEND). start: supervisord, then each',
    'stage with all its services at once, the next once all are up and ready (the checks of',
    '~/etc/canopsis-tui.ini [ready]; --no-wait: up is enough). stop: the reverse, each stage until nothing it',
    'ran is left (--kill-leftovers: TERM, then KILL), then supervisord until its process is gone.',
    'With [node:...] sections in ~/etc/canopsis-tui.ini, each stage runs on every node at once (SPEC 10).',
    'Exit: actions 0 ok, 1 failed, 2 usage, 130 interrupted; status 0 all up and ready, 3 not, 4 unknown.',
  ].join('\n');
}

/** One node's supervisord in `hypcontrol status`: what it is (another node's reason with its address). */
function daemonState({ node, view }: AnsweredState): string {
  return node.local || view.ok
    ? daemonStateText(view)
    : nodeProblem(node.label, view.reason).slice(node.label.length + 2);
}

/** Each stage's rows on every node, and the names of hypcontrol.conf on no node (`node: null`). */
async function stageRows(conf: HypcontrolConf, view: FleetView, timeoutMs: number) {
  const { plans, unresolved } = planOnNodes(conf, view.states.map(nodeCatalog));
  const perNode = await Promise.all(
    view.states.map(async ({ node, view: answer, catalog, checks }) => {
      const plan = plans.get(node.name)!;
      const stages = await node.engine.platformStatus(plan, answer, catalog, timeoutMs, checks);
      return stages.map((stage) =>
        onNode(
          stage.services.flatMap((service) => service.rows),
          node.name,
        ),
      );
    }),
  );
  return conf.stages.map((stage, index) => {
    const missing = unresolved
      .filter((one) => one.stage === stage.name)
      .map((one): NodeRow => ({ ...unknownRow(one.operand, 'supervisord', one.message), node: null }));
    const rows: NodeRow[] = [...perNode.flatMap((node) => node[index] ?? []), ...missing];
    return { name: stage.name, rows };
  });
}

async function showStatus(conf: HypcontrolConf, view: FleetView, name: NameOnNode, flags: CommonFlags, io: CliIo) {
  const stages = await stageRows(conf, view, flags.timeoutMs);
  const nodes = view.states.map((state) => {
    return { node: state.node.name, ok: state.view.ok, detail: `${state.node.label}: ${daemonState(state)}` };
  });
  const rows: StatusRow[] = stages.flatMap((stage) => stage.rows);
  const code = nodes.every((one) => one.ok) ? statusExitCode(rows) : ExitCode.STATUS_UNKNOWN;
  if (flags.json) {
    io.out(JSON.stringify({ nodes, problems: view.problems.all, stages, exitCode: code }, null, 2));
    return code;
  }
  // Presentation: a home of one says its supervisord on one line, as hypcontrol always did.
  if (nodes.length === 1) io.out(`supervisord: ${daemonState(view.states[0]!)}`);
  else [{ detail: 'supervisord:' }, ...nodes].forEach((one, index) => io.out(`${index ? '  ' : ''}${one.detail}`));
  const shown = stages.map((stage) => ({
    name: stage.name,
    rows: stage.rows.map((row) => (row.node === null ? row : { ...row, name: name(row.name, row.node) })),
  }));
  printStages(shown, view.problems.all, io);
  return code;
}

/** Runs the command; returns the exit code. */
export async function hypcontrolMain(argv: string[], io: HypcontrolIo): Promise<number> {
  const parsed = parseCommon(argv);
  if (!parsed.ok) return (io.err(`hypcontrol: ${parsed.message}`), io.err(usage()), ExitCode.USAGE);
  const { flags, positionals } = parsed;
  if (flags.help) return (io.out(usage()), ExitCode.OK);
  if (flags.version) return (io.out(`hypcontrol (canopsis-tui) ${packageVersion()}`), ExitCode.OK);
  const action = positionals[0] as Action | undefined;
  if (positionals.length !== 1 || !ACTIONS.includes(action!)) {
    return (
      io.err(
        `hypcontrol: ${positionals.length === 1 ? `unknown action ${JSON.stringify(action)}` : 'expected one ACTION'}`,
      ),
      io.err(usage()),
      ExitCode.USAGE
    );
  }
  const fleet = await readFleet(resolveHome(flags.home, io.env), io.env, flags.timeoutMs, 'hypcontrol');
  const home = fleet.nodes[0]!;
  const conf = home.files.hypcontrol;
  if (conf instanceof ConfigError) {
    io.err(`hypcontrol: ${conf.message}`);
    return action === 'status' ? ExitCode.STATUS_UNKNOWN : ExitCode.FAILED;
  }
  const view = await askNodes(fleet.nodes);
  const name = nodeNaming(fleet.nodes.length);
  if (action === 'status') return showStatus(conf, view, name, flags, io);
  if (!flags.json) supervisordProblems(home.files).forEach((problem) => io.err(`hypcontrol: ${problem}`));
  const plan = planPlatform(conf, view);
  if (!plan.ok) {
    plan.unresolved.forEach((one) => io.err(`hypcontrol: ${conf.file}: ${one.stage}: ${one.message}`));
    io.err('hypcontrol: nothing was started or stopped');
    return ExitCode.FAILED;
  }
  return runPlatform(action!, plan.nodes, home, view.problems.readiness, flags, io, name);
}

/** The process-backed io: live progress when stdout is a terminal, Ctrl-C aborts between stages. */
export function hypcontrolProcessIo(interrupts: NonNullable<CliIo['interrupts']>): HypcontrolIo {
  return {
    ...processIo,
    write: (text) => process.stdout.write(text),
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
    isTty: Boolean(process.stdout.isTTY),
    interrupts,
  };
}
