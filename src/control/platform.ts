/**
 * The whole platform, stage by stage (SPEC 5). Start: supervisord, then each stage with every service at
 * once; the next stage only once all are up. Stop: stages in reverse, then supervisord. Events go out as
 * plain data so `hypcontrol` prints them and the TUI shows them in its panels.
 */
import { failed, type ActionResult } from '../core/model/outcomes.js';
import type { StageName } from '../core/config/hypcontrol-conf.js';
import type { PlannedService, PlannedStage } from '../core/plan/stage-plan.js';
import type { ReadinessOptions } from './readiness.js';
import { runServiceAction, type ServiceDeps } from './service-actions.js';
import { ensureSupervisord } from './supervisord-up.js';
import { shutdownSupervisord } from './supervisord-shutdown.js';
import { describeHolder, takePlatformLock } from './platform-lock.js';

export type PlatformEvent =
  | { type: 'daemon'; phase: 'starting' | 'up' | 'stopping' | 'stopped' | 'failed'; reason?: string }
  | { type: 'stage-begin'; stage: StageName; verb: 'start' | 'stop'; services: string[] }
  | { type: 'service-end'; stage: StageName; outcome: ServiceOutcome }
  | { type: 'stage-end'; stage: StageName; ok: boolean; elapsedMs: number }
  | { type: 'aborted'; stage: StageName | undefined };

export interface ServiceOutcome {
  operand: string;
  ok: boolean;
  results: ActionResult[];
  elapsedMs: number;
  /** First failure, `name: reason`, when not ok. */
  reason?: string;
  /** When its readiness checks passed, the slowest of its processes (SPEC 8). */
  readyAfterMs?: number;
}

export interface StageOutcome {
  name: StageName;
  ok: boolean;
  elapsedMs: number;
  services: ServiceOutcome[];
}

export interface PlatformOutcome {
  ok: boolean;
  aborted: boolean;
  stages: StageOutcome[];
  /** Why supervisord could not be started or stopped, when that failed. */
  daemonProblem?: string;
}

export interface PlatformOptions {
  timeoutMs: number;
  /** What a start waits for once up; absent (`--no-wait`): nothing. */
  readiness?: ReadinessOptions;
  leftoverGraceMs?: number;
  killLeftovers?: boolean;
  signal?: AbortSignal;
  onEvent?: (event: PlatformEvent) => void;
  /** Something to tell that is not an event: a journal that cannot be written. */
  onNotice?: (line: string) => void;
}

async function actOnService(
  verb: 'start' | 'stop',
  service: PlannedService,
  deps: ServiceDeps,
  options: PlatformOptions,
): Promise<ServiceOutcome> {
  const started = deps.clock.now();
  if (!service.resolution.ok) {
    const result = failed(service.operand, 'supervisord', verb, service.resolution.message);
    return { operand: service.operand, ok: false, results: [result], elapsedMs: 0, reason: service.resolution.message };
  }
  // A glob is a massive action; a group name is one group call, as with `service`.
  const { timeoutMs, readiness, leftoverGraceMs, killLeftovers } = options;
  const results = await runServiceAction(verb, service.resolution.targets, deps, {
    timeoutMs,
    massive: service.resolution.pattern,
    ...(readiness ? { readiness } : {}),
    ...(leftoverGraceMs !== undefined ? { leftoverGraceMs } : {}),
    ...(killLeftovers ? { killLeftovers } : {}),
  });
  const failure = results.find((result) => !result.ok);
  const readyTimes = results.flatMap((result) => (result.readyAfterMs === undefined ? [] : [result.readyAfterMs]));
  const outcome: ServiceOutcome = {
    operand: service.operand,
    ok: !failure,
    results,
    elapsedMs: deps.clock.now() - started,
    ...(readyTimes.length > 0 ? { readyAfterMs: Math.max(...readyTimes) } : {}),
  };
  return failure ? { ...outcome, reason: `${failure.name}: ${failure.reason ?? 'failed'}` } : outcome;
}

/** Runs one stage's services on one supervisord, all at once, all awaited even when one fails early. */
export async function runStageServices(
  verb: 'start' | 'stop',
  stage: PlannedStage,
  deps: ServiceDeps,
  options: PlatformOptions,
) {
  return Promise.all(
    stage.services.map(async (service) => {
      const outcome = await actOnService(verb, service, deps, options);
      options.onEvent?.({ type: 'service-end', stage: stage.name, outcome });
      return outcome;
    }),
  );
}

/** Runs one stage: every service at once. */
async function runStage(
  verb: 'start' | 'stop',
  stage: PlannedStage,
  deps: ServiceDeps,
  options: PlatformOptions,
): Promise<StageOutcome> {
  const started = deps.clock.now();
  options.onEvent?.({ type: 'stage-begin', stage: stage.name, verb, services: stage.services.map((s) => s.operand) });
  const services = await runStageServices(verb, stage, deps, options);
  const ok = services.every((service) => service.ok);
  const elapsedMs = deps.clock.now() - started;
  options.onEvent?.({ type: 'stage-end', stage: stage.name, ok, elapsedMs });
  return { name: stage.name, ok, elapsedMs, services };
}

/** Runs stages in order; stops launching on abort, and (for start) after a failed stage. */
async function runStages(
  verb: 'start' | 'stop',
  stages: PlannedStage[],
  deps: ServiceDeps,
  options: PlatformOptions,
): Promise<PlatformOutcome> {
  const done: StageOutcome[] = [];
  for (const stage of stages) {
    if (options.signal?.aborted) {
      options.onEvent?.({ type: 'aborted', stage: stage.name });
      return { ok: false, aborted: true, stages: done };
    }
    const outcome = await runStage(verb, stage, deps, options);
    done.push(outcome);
    if (!outcome.ok && verb === 'start') return { ok: false, aborted: false, stages: done };
  }
  return { ok: done.every((stage) => stage.ok), aborted: false, stages: done };
}

/** Launches supervisord when it is down and this home can (it is local); why not, when it is not up. */
export async function bringUp(deps: ServiceDeps, timeoutMs: number): Promise<string | undefined> {
  if (!deps.supervisor || !deps.launcher) return undefined;
  const check = await ensureSupervisord(deps.supervisor, deps.launcher, deps.clock, timeoutMs);
  return check.up ? undefined : check.reason;
}

/** hypcontrol start: supervisord up first (started if down), then each stage once the previous is up. */
export async function startPlatform(
  plan: PlannedStage[],
  deps: ServiceDeps,
  options: PlatformOptions,
): Promise<PlatformOutcome> {
  if (deps.supervisor && deps.launcher) {
    options.onEvent?.({ type: 'daemon', phase: 'starting' });
    const problem = await bringUp(deps, options.timeoutMs);
    if (problem) {
      options.onEvent?.({ type: 'daemon', phase: 'failed', reason: problem });
      return { ok: false, aborted: false, stages: [], daemonProblem: problem };
    }
    options.onEvent?.({ type: 'daemon', phase: 'up' });
  }
  return runStages('start', plan, deps, options);
}

/** hypcontrol stop: frontend, middleware, backend (each in parallel), then supervisord is shut down. */
export async function stopPlatform(
  plan: PlannedStage[],
  deps: ServiceDeps,
  options: PlatformOptions,
): Promise<PlatformOutcome> {
  const outcome = await runStages('stop', [...plan].reverse(), deps, options);
  if (outcome.aborted || !deps.supervisor) return outcome;
  options.onEvent?.({ type: 'daemon', phase: 'stopping' });
  const { problem, killed } = await shutdownSupervisord(deps, options);
  options.onEvent?.(
    problem
      ? { type: 'daemon', phase: 'failed', reason: problem }
      : { type: 'daemon', phase: 'stopped', ...(killed ? { reason: killed } : {}) },
  );
  return problem ? { ...outcome, ok: false, daemonProblem: problem } : outcome;
}

/** What a platform action did: the stop phase (stop, restart) and the start phase (start, restart). */
export interface PlatformRun {
  stopped?: PlatformOutcome;
  started?: PlatformOutcome;
  /** Set when another platform action holds the home: nothing was touched. */
  refused?: string;
}

/** start, stop, or restart (stop then start; a stop that failed or was interrupted starts nothing). */
export async function runPlatformVerb(
  verb: 'start' | 'stop' | 'restart',
  plan: PlannedStage[],
  deps: ServiceDeps,
  options: PlatformOptions,
): Promise<PlatformRun> {
  const lock = takePlatformLock(deps, verb, options.onNotice);
  if (lock && !lock.ok) return { refused: describeHolder(lock.holder) };
  try {
    if (verb === 'start') return { started: await startPlatform(plan, deps, options) };
    const stopped = await stopPlatform(plan, deps, options);
    if (verb === 'stop' || (!stopped.ok && !stopped.aborted)) return { stopped };
    // A restart never leaves services down because of a Ctrl-C: interrupted while stopping, it starts
    // again the stages it stopped; its start phase runs to the end (a second Ctrl-C ends the process).
    const reached = new Set(stopped.stages.map((stage) => stage.name));
    const again = stopped.aborted ? plan.filter((stage) => reached.has(stage.name)) : plan;
    return { stopped, started: await startPlatform(again, deps, { ...options, signal: undefined }) };
  } finally {
    lock?.release();
  }
}
