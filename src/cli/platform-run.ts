/**
 * What hypcontrol does the same on one node and on several (SPEC 5, 10): start|stop|restart with live
 * progress, Ctrl-C handling and exit code; status's stage tables.
 */
import { ExitCode } from '../core/model/outcomes.js';
import type { ReadyChecks } from '../core/plan/readiness.js';
import { stageLabel } from '../core/plan/stage-plan.js';
import { formatStatusLines, type StatusRow } from '../core/report/status.js';
import type { PlatformEvent, PlatformOptions, PlatformOutcome, PlatformRun } from '../control/platform.js';
import type { CommonFlags } from './args.js';
import type { CliIo } from './io.js';
import { createProgressPrinter, type ProgressMode } from './platform-progress.js';
import type { Wiring } from './wiring.js';

export type PlatformVerb = 'start' | 'stop' | 'restart';

export interface HypcontrolIo extends CliIo {
  /** Raw output for live progress; `columns` set when stdout is a terminal. */
  write(text: string): void;
  columns: number | undefined;
  isTty: boolean;
}

/** status in text: the config problems, then each stage's rows, one table so columns line up across stages. */
export function printStages(
  stages: ReadonlyArray<{ name: string; rows: readonly StatusRow[] }>,
  problems: readonly string[],
  io: CliIo,
) {
  problems.forEach((problem) => io.out(`config: ${problem}`));
  const lines = formatStatusLines(stages.flatMap((stage) => stage.rows));
  for (const stage of stages) {
    io.out(stage.name);
    lines.splice(0, stage.rows.length).forEach((line) => io.out(`  ${line}`));
  }
}

function summarize(action: 'start' | 'stop', outcome: PlatformOutcome, io: CliIo): number {
  if (outcome.aborted) return (io.err(`hypcontrol: ${action} interrupted`), 130);
  if (outcome.ok) return ExitCode.OK;
  const failedStage = outcome.stages.find((stage) => !stage.ok);
  const firstFailure = failedStage?.services.find((service) => !service.ok);
  if (outcome.daemonProblem && !firstFailure)
    io.err(`hypcontrol: ${action} failed: supervisord: ${outcome.daemonProblem}`);
  else if (failedStage && firstFailure) {
    io.err(
      `hypcontrol: ${action} failed at ${stageLabel(failedStage.name)}: ${firstFailure.reason ?? firstFailure.operand}`,
    );
  }
  return ExitCode.FAILED;
}

/** Follows the run's events: what it has stopped and not started again, for a Ctrl-C that abandons it. */
function trackStopped(onEvent: (event: PlatformEvent) => void): {
  onEvent: (event: PlatformEvent) => void;
  left: () => string[];
} {
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

/** What a platform action runs on: one engine, or every node (SPEC 10). */
export type PlatformRunner = (verb: PlatformVerb, options: PlatformOptions) => Promise<PlatformRun>;

export async function runPlatform(
  action: PlatformVerb,
  run: PlatformRunner,
  stages: string[],
  readinessProblems: string[],
  wiring: Wiring,
  flags: CommonFlags,
  io: HypcontrolIo,
  checks: ReadyChecks,
): Promise<number> {
  if (!flags.json) readinessProblems.forEach((problem) => io.err(`hypcontrol: ${problem}`));
  if (action !== 'stop' && !flags.noWait && readinessProblems.length > 0) {
    const fix = '~/etc/canopsis-tui.ini must be fixed before a start can wait for readiness (or pass --no-wait)';
    io.err(`hypcontrol: ${fix}; nothing was started or stopped`);
    return ExitCode.USAGE;
  }
  const platform = wiring.files.settings.platform;
  const mode: ProgressMode = flags.json ? 'json' : io.isTty ? 'tty' : 'plain';
  const tracked = trackStopped(createProgressPrinter({ write: (text) => io.write(text), columns: io.columns }, mode));
  const interrupts = io.interrupts;
  interrupts?.guard(true);
  interrupts?.hold(true);
  const what = action === 'restart' ? 'starting again what was stopped' : 'waiting for the services in flight';
  interrupts?.interrupted.addEventListener('abort', () => {
    io.err(`\nhypcontrol: interrupted: ${what}, then stopping (Ctrl-C again to leave now)`);
  });
  const began = Date.now();
  interrupts?.abandoned.addEventListener('abort', () => {
    const left = tracked.left();
    const reason = `abandoned${left.length ? `: left stopped: ${left.join(', ')}` : ''}`;
    io.err(`\nhypcontrol: ${action} ${reason}`);
    const durationMs = Date.now() - began;
    wiring.deps.journal?.record({
      action: `platform ${action}`,
      targets: stages,
      outcome: 'interrupted',
      reason,
      durationMs,
    });
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
  const { stopped, started, refused } = await run(action, options);
  interrupts?.guard(false);
  interrupts?.hold(false);
  if (refused) return (io.err(`hypcontrol: ${refused}`), ExitCode.FAILED);
  const stopCode = stopped ? summarize('stop', stopped, io) : ExitCode.OK;
  const code = started ? summarize('start', started, io) : stopCode;
  return interrupts?.interrupted.aborted ? ExitCode.INTERRUPTED : code;
}
