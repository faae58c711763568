/**
 * What hypcontrol does the same on one node and on several (SPEC 5, 10): start|stop|restart with live
 * progress, Ctrl-C handling and exit code; status's stage tables.
 */
import { ExitCode } from '../core/model/outcomes.js';
import { stageLabel } from '../core/plan/stage-plan.js';
import { formatStatusLines, type StatusRow } from '../core/report/status.js';
import {
  failureText,
  firstFailed,
  runPlatformVerb,
  type PlatformEvent,
  type PlatformNode,
  type PlatformOutcome,
} from '../control/platform.js';
import type { FleetNode } from '../control/fleet.js';
import type { NameOnNode } from '../core/report/node-names.js';
import type { CommonFlags } from './args.js';
import type { CliIo } from './io.js';
import { createProgressPrinter, type ProgressMode } from './platform-progress.js';

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

function summarize(action: 'start' | 'stop', outcome: PlatformOutcome, io: CliIo, name: NameOnNode): number {
  if (outcome.aborted) return (io.err(`hypcontrol: ${action} interrupted`), 130);
  if (outcome.ok) return ExitCode.OK;
  const failure = firstFailed(outcome);
  if (failure)
    io.err(`hypcontrol: ${action} failed at ${stageLabel(failure.stage)}: ${failureText(failure.service, name)}`);
  else if (outcome.daemonProblem) io.err(`hypcontrol: ${action} failed: supervisord: ${outcome.daemonProblem}`);
  return ExitCode.FAILED;
}

/** Follows the run's events: what it has stopped and not started again, for a Ctrl-C that abandons it. */
function trackStopped(
  onEvent: (event: PlatformEvent) => void,
  name: NameOnNode,
): {
  onEvent: (event: PlatformEvent) => void;
  left: () => string[];
} {
  const verbs = new Map<string, 'start' | 'stop'>();
  const stopped = new Set<string>();
  return {
    onEvent(event) {
      if (event.type === 'stage-begin') verbs.set(event.stage, event.verb);
      if (event.type === 'service-end' && event.outcome.ok) {
        const shown = name(event.outcome.operand, event.outcome.node);
        if (verbs.get(event.stage) === 'stop') stopped.add(shown);
        else stopped.delete(shown);
      }
      onEvent(event);
    },
    left: () => [...stopped],
  };
}

/** `hypcontrol start|stop|restart` over the nodes planned (the home's first), names shown with `name`. */
export async function runPlatform(
  action: PlatformVerb,
  nodes: PlatformNode[],
  home: FleetNode,
  readinessProblems: string[],
  flags: CommonFlags,
  io: HypcontrolIo,
  name: NameOnNode,
): Promise<number> {
  const stages = nodes[0]!.plan.map((stage) => stage.name);
  if (!flags.json) readinessProblems.forEach((problem) => io.err(`hypcontrol: ${problem}`));
  if (action !== 'stop' && !flags.noWait && readinessProblems.length > 0) {
    const fix = '~/etc/canopsis-tui.ini must be fixed before a start can wait for readiness (or pass --no-wait)';
    io.err(`hypcontrol: ${fix}; nothing was started or stopped`);
    return ExitCode.USAGE;
  }
  const platform = home.files.settings.platform;
  const mode: ProgressMode = flags.json ? 'json' : io.isTty ? 'tty' : 'plain';
  const sink = { write: (text: string) => io.write(text), columns: io.columns };
  const tracked = trackStopped(createProgressPrinter(sink, mode, name), name);
  const interrupts = io.interrupts;
  interrupts?.guard(true);
  interrupts?.hold(true);
  const what = action === 'restart' ? 'starting again what was stopped' : 'waiting for the services in flight';
  interrupts?.interrupted.addEventListener('abort', () => {
    io.err(`\nhypcontrol: interrupted: ${what}, then stopping (Ctrl-C again to leave now)`);
  });
  const began = home.deps.clock.now();
  interrupts?.abandoned.addEventListener('abort', () => {
    const left = tracked.left();
    const reason = `abandoned${left.length ? `: left stopped: ${left.join(', ')}` : ''}`;
    io.err(`\nhypcontrol: ${action} ${reason}`);
    const durationMs = home.deps.clock.now() - began;
    home.deps.journal?.record({
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
    name,
    ...(flags.noWait ? {} : { readyTimeoutMs: platform.readyTimeoutMs }),
  };
  const { stopped, started, refused } = await runPlatformVerb(action, nodes, options);
  interrupts?.guard(false);
  interrupts?.hold(false);
  if (refused) return (io.err(`hypcontrol: ${refused}`), ExitCode.FAILED);
  const stopCode = stopped ? summarize('stop', stopped, io, name) : ExitCode.OK;
  const code = started ? summarize('start', started, io, name) : stopCode;
  return interrupts?.interrupted.aborted ? ExitCode.INTERRUPTED : code;
}
