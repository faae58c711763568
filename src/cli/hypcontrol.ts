/** `hypcontrol start|stop|restart|status`: the whole platform, stage by stage (SPEC 5). */
import { ConfigError } from '../core/config-error.js';
import { daemonStateText } from '../core/daemon-view.js';
import { supervisordProblems } from '../core/home.js';
import { ExitCode } from '../core/outcomes.js';
import { readinessOf } from '../core/readiness.js';
import { planStages, stageLabel, unresolvedNames, type PlannedStage } from '../core/stage-plan.js';
import { formatStatusLines } from '../core/status.js';
import type { PlatformEvent, PlatformOutcome } from '../control/platform.js';
import { platformStatusExitCode } from '../control/platform-status.js';
import type { Snapshot } from '../control/service-status.js';
import { parseCommon, type CommonFlags } from './args.js';
import { packageVersion, processIo, type CliIo } from './io.js';
import { createProgressPrinter, type ProgressMode } from './platform-progress.js';
import { resolveHome, wireHome, type Wiring } from './wiring.js';

const ACTIONS = ['start', 'stop', 'restart', 'status'] as const;
type Action = (typeof ACTIONS)[number];

export interface HypcontrolIo extends CliIo {
  /** Raw output for live progress; `columns` set when stdout is a terminal. */
  write(text: string): void;
  columns: number | undefined;
  isTty: boolean;
}

function usage(): string {
  return [
    'Usage: hypcontrol start|stop|restart|status [--json] [--timeout S] [--home DIR] [--no-wait] [--kill-leftovers]',
    '',
    'Stages come from ~/etc/hypcontrol.conf (BACKEND, MIDDLEWARE, FRONTEND). start: supervisord, then each',
    'stage with all its services at once, the next once all are up and ready (the checks of',
    '~/etc/canopsis-tui.ini [ready]; --no-wait: up is enough). stop: the reverse, each stage until nothing it',
    'ran is left (--kill-leftovers: TERM, then KILL), then supervisord until its process is gone.',
    'Exit: actions 0 ok, 1 failed, 2 usage, 130 interrupted; status 0 all up and ready, 3 not, 4 unknown.',
  ].join('\n');
}

async function showStatus(plan: PlannedStage[], snapshot: Snapshot, wiring: Wiring, flags: CommonFlags, io: CliIo): Promise<number> {
  const { checks, problems: settingsProblems } = readinessOf(wiring.files.settings, snapshot.catalog);
  const stages = await wiring.engine.platformStatus(plan, snapshot.view, snapshot.catalog, flags.timeoutMs, checks);
  const code = platformStatusExitCode(stages);
  const daemon = daemonStateText(snapshot.view);
  const problems = [...supervisordProblems(wiring.files), ...settingsProblems];
  if (flags.json) {
    io.out(JSON.stringify({ supervisord: { ok: snapshot.view.ok, detail: daemon }, problems, stages, exitCode: code }, null, 2));
    return code;
  }
  io.out(`supervisord: ${daemon}`);
  problems.forEach((problem) => io.out(`config: ${problem}`));
  // One table for every stage, so the columns line up across stages.
  const lines = formatStatusLines(stages.flatMap((stage) => stage.services.flatMap((service) => service.rows)));
  for (const stage of stages) {
    io.out(stage.name);
    lines.splice(0, stage.services.reduce((sum, service) => sum + service.rows.length, 0)).forEach((line) => io.out(`  ${line}`));
  }
  return code;
}

function summarize(action: 'start' | 'stop', outcome: PlatformOutcome, io: CliIo): number {
  if (outcome.aborted) return (io.err(`hypcontrol: ${action} interrupted`), 130);
  if (outcome.ok) return ExitCode.OK;
  const failedStage = outcome.stages.find((stage) => !stage.ok);
  const firstFailure = failedStage?.services.find((service) => !service.ok);
  if (outcome.daemonProblem && !firstFailure) io.err(`hypcontrol: ${action} failed: supervisord: ${outcome.daemonProblem}`);
  else if (failedStage && firstFailure) io.err(`hypcontrol: ${action} failed at ${stageLabel(failedStage.name)}: ${firstFailure.reason ?? firstFailure.operand}`);
  return ExitCode.FAILED;
}

/** Follows the run's events: what it has stopped and not started again, for a Ctrl-C that abandons it. */
function trackStopped(onEvent: (event: PlatformEvent) => void): { onEvent: (event: PlatformEvent) => void; left: () => string[] } {
  const verbs = new Map<string, 'start' | 'stop'>();
  const stopped = new Set<string>();
  return {
    onEvent(event) {
      if (event.type === 'stage-begin') verbs.set(event.stage, event.verb);
      if (event.type === 'service-end' && event.outcome.ok) {
        if (verbs.get(event.stage) === 'stop') stopped.add(event.outcome.operand);
        else stopped.delete(event.outcome.operand);
      }
      onEvent(event);
    },
    left: () => [...stopped],
  };
}

async function runPlatform(action: Exclude<Action, 'status'>, plan: PlannedStage[], snapshot: Snapshot, wiring: Wiring, flags: CommonFlags, io: HypcontrolIo): Promise<number> {
  const { checks, problems } = readinessOf(wiring.files.settings, snapshot.catalog);
  if (!flags.json) problems.forEach((problem) => io.err(`hypcontrol: ${problem}`));
  if (action !== 'stop' && !flags.noWait && problems.length > 0) {
    io.err('hypcontrol: ~/etc/canopsis-tui.ini must be fixed before a start can wait for readiness (or pass --no-wait); nothing was started or stopped');
    return ExitCode.USAGE;
  }
  const platform = wiring.files.settings.platform;
  const mode: ProgressMode = flags.json ? 'json' : io.isTty ? 'tty' : 'plain';
  const tracked = trackStopped(createProgressPrinter({ write: (text) => io.write(text), columns: io.columns }, mode));
  const interrupts = io.interrupts;
  interrupts?.guard(true);
  const what = action === 'restart' ? 'starting again what was stopped' : 'waiting for the services in flight';
  interrupts?.interrupted.addEventListener('abort', () => io.err(`\nhypcontrol: interrupted: ${what}, then stopping (Ctrl-C again to leave now)`));
  const began = Date.now();
  interrupts?.abandoned.addEventListener('abort', () => {
    const left = tracked.left();
    const reason = `abandoned${left.length ? `: left stopped: ${left.join(', ')}` : ''}`;
    io.err(`\nhypcontrol: ${action} ${reason}`);
    const targets = plan.map((stage) => stage.name);
    wiring.deps.journal?.record({ action: `platform ${action}`, targets, outcome: 'interrupted', reason, durationMs: Date.now() - began });
  });
  const options = {
    timeoutMs: flags.timeoutMs,
    signal: interrupts?.interrupted,
    onEvent: tracked.onEvent,
    onNotice: (line: string) => io.err(`hypcontrol: ${line}`),
    leftoverGraceMs: platform.leftoverGraceMs,
    killLeftovers: flags.killLeftovers,
    ...(flags.noWait ? {} : { readiness: { checks, timeoutMs: platform.readyTimeoutMs } }),
  };
  const { stopped, started, refused } = await wiring.engine.platform(action, plan, options);
  interrupts?.guard(false);
  if (refused) return (io.err(`hypcontrol: ${refused}`), ExitCode.FAILED);
  const stopCode = stopped ? summarize('stop', stopped, io) : ExitCode.OK;
  const code = started ? summarize('start', started, io) : stopCode;
  return interrupts?.interrupted.aborted ? ExitCode.INTERRUPTED : code;
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
    return (io.err(`hypcontrol: ${positionals.length === 1 ? `unknown action ${JSON.stringify(action)}` : 'expected one ACTION'}`), io.err(usage()), ExitCode.USAGE);
  }
  const wiring = wireHome(resolveHome(flags.home, io.env), io.env, flags.timeoutMs, 'hypcontrol');
  const conf = wiring.files.hypcontrol;
  if (conf instanceof ConfigError) {
    io.err(`hypcontrol: ${conf.message}`);
    return action === 'status' ? ExitCode.STATUS_UNKNOWN : ExitCode.FAILED;
  }
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
  return runPlatform(action as Exclude<Action, 'status'>, plan, snapshot, wiring, flags, io);
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
