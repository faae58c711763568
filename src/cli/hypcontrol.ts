/** `hypcontrol start|stop|restart|status`: the whole platform, stage by stage (SPEC 5). */
import { ConfigError } from '../core/model/config-error.js';
import { daemonStateText } from '../core/report/daemon-view.js';
import { supervisordProblems } from '../core/home.js';
import { ExitCode } from '../core/model/outcomes.js';
import { readinessOf } from '../core/plan/readiness.js';
import { planStages, unresolvedNames, type PlannedStage } from '../core/plan/stage-plan.js';
import { platformStatusExitCode } from '../control/platform-status.js';
import type { Snapshot } from '../control/service-status.js';
import { parseCommon, type CommonFlags } from './args.js';
import { packageVersion, processIo, type CliIo } from './io.js';
import { printStages, runPlatform, type HypcontrolIo, type PlatformRunner } from './platform-run.js';
import { resolveHome } from './wiring.js';
import { wireFleet, type NodeWiring } from './node-wiring.js';
import { onNode, type NodeState } from './json-contract.js';
import { hypcontrolOnNodes } from './hypcontrol-nodes.js';

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

async function showStatus(
  plan: PlannedStage[],
  snapshot: Snapshot,
  wiring: NodeWiring,
  flags: CommonFlags,
  io: CliIo,
): Promise<number> {
  const { checks, problems: settingsProblems } = readinessOf(wiring.files.settings, snapshot.catalog);
  const stages = await wiring.engine.platformStatus(plan, snapshot.view, snapshot.catalog, flags.timeoutMs, checks);
  const code = platformStatusExitCode(stages);
  const daemon = daemonStateText(snapshot.view);
  const problems = [...supervisordProblems(wiring.files), ...settingsProblems];
  if (flags.json) {
    // The contract's one shape (README, "JSON output"): as over several nodes, a home of one.
    const node = wiring.name;
    const nodes: NodeState[] = [{ node, ok: snapshot.view.ok, detail: daemon }];
    const rows = stages.map(({ name, services }) => ({
      name,
      rows: onNode(
        services.flatMap((one) => one.rows),
        node,
      ),
    }));
    io.out(JSON.stringify({ nodes, problems, stages: rows, exitCode: code }, null, 2));
    return code;
  }
  io.out(`supervisord: ${daemon}`);
  printStages(
    stages.map((stage) => ({ name: stage.name, rows: stage.services.flatMap((service) => service.rows) })),
    problems,
    io,
  );
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
  const fleet = wireFleet(resolveHome(flags.home, io.env), io.env, flags.timeoutMs, 'hypcontrol');
  const wiring = fleet.nodes[0]!;
  const conf = wiring.files.hypcontrol;
  if (conf instanceof ConfigError) {
    io.err(`hypcontrol: ${conf.message}`);
    return action === 'status' ? ExitCode.STATUS_UNKNOWN : ExitCode.FAILED;
  }
  if (fleet.several) return hypcontrolOnNodes(action!, fleet, conf, flags, io);
  const snapshot = await wiring.engine.snapshot(wiring.files);
  const plan = planStages(conf, snapshot.catalog);
  if (action === 'status') return showStatus(plan, snapshot, wiring, flags, io);
  if (!flags.json) supervisordProblems(wiring.files).forEach((problem) => io.err(`hypcontrol: ${problem}`));
  const unknown = unresolvedNames(plan);
  if (unknown.length > 0) {
    unknown.forEach((line) => io.err(`hypcontrol: ${conf.file}: ${line}`));
    io.err('hypcontrol: nothing was started or stopped');
    return ExitCode.FAILED;
  }
  const { checks, problems } = readinessOf(wiring.files.settings, snapshot.catalog);
  const run: PlatformRunner = (verb, options) => wiring.engine.platform(verb, plan, options);
  return runPlatform(
    action as Exclude<Action, 'status'>,
    run,
    plan.map((stage) => stage.name),
    problems,
    wiring,
    flags,
    io,
    checks,
  );
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
