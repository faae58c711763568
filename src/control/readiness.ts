/**
 * Readiness (SPEC 8): a started service counts as up once its checks pass, not when supervisord says
 * RUNNING. Checks run over the probe port (tcp, http, exec; a tcp answer must come from the started tree:
 * `port-holder`) and supervisord's log calls (log:REGEX: `log-readiness`).
 */
import { errorText, failed, type ActionResult } from '../core/model/outcomes.js';
import type { ReadyChecks } from '../core/plan/readiness.js';
import type { ProbeResult, ServiceDeps, SupervisorPort } from '../core/ports.js';
import { logProbe, type LogCursor, type LogMarks } from './log-readiness.js';
import { heldElsewhere } from './port-holder.js';
import type { ReadyCheck } from '../core/config/settings.js';

export interface ReadinessOptions {
  checks: ReadyChecks;
  /** How long a start waits for its checks (`[platform] ready_timeout`). */
  timeoutMs: number;
}

const ATTEMPT_EVERY_MS = 250;
const ATTEMPT_TIMEOUT_MS = 2_000;
const EXEC_TIMEOUT_MS = 10_000;

async function probeCheck(
  check: ReadyCheck,
  name: string,
  deps: ServiceDeps,
  cursor?: LogCursor,
  owner?: number,
): Promise<ProbeResult> {
  const probes = deps.probes;
  if (check.kind === 'log') return logProbe(check, name, deps, cursor);
  if (!probes) return { ok: true, reason: 'not checked' };
  if (check.kind === 'tcp') {
    const answer = await probes.tcp(check.host, check.port, ATTEMPT_TIMEOUT_MS);
    const held = answer.ok ? heldElsewhere(check, name, owner, deps) : undefined;
    return held ? { ok: false, reason: held } : answer;
  }
  if (check.kind === 'http') return probes.http(check.url, ATTEMPT_TIMEOUT_MS);
  return probes.exec(check.argv, EXEC_TIMEOUT_MS);
}

/** Every check of one service, at once; the first that fails says why. `owner`: the pid supervisord runs for it. */
export async function probeService(
  name: string,
  checks: readonly ReadyCheck[],
  deps: ServiceDeps,
  cursor?: LogCursor,
  owner?: number,
): Promise<ProbeResult> {
  const failedWith = (check: ReadyCheck) => (error: unknown) => ({
    ok: false,
    reason: `${check.text}: ${errorText(error)}`,
  });
  const results = await Promise.all(
    checks.map((check) => probeCheck(check, name, deps, cursor, owner).catch(failedWith(check))),
  );
  return results.find((result) => !result.ok) ?? { ok: true, reason: 'ready' };
}

/** Ready after some time, or not: why (with how long it waited), and the check's own last error. */
export type Readiness = { ok: true; afterMs: number } | { ok: false; reason: string; last: string };

/** How long to wait, from where a `log:` check reads, how to learn the service went down, whose port counts. */
export interface WaitOptions {
  since: number;
  timeoutMs: number;
  cursor?: LogCursor;
  stillUp?: () => Promise<string | undefined>;
  /** The pid supervisord runs for it: a `tcp://` check answered by another tree does not count. */
  owner?: number;
}

/** The pid supervisord runs for a process now, if it can be asked. */
const pidOf = (supervisor: SupervisorPort | undefined, name: string) =>
  supervisor?.getProcessInfo(name).then(
    (info) => info.pid,
    () => undefined,
  );

/**
 * Tries the checks until they pass or `timeoutMs` has gone since `since`. `stillUp` is asked between
 * attempts: a service that went down will not get ready, and is said so at once.
 */
export async function awaitReady(
  name: string,
  checks: readonly ReadyCheck[],
  deps: ServiceDeps,
  { since, timeoutMs, cursor, stillUp, owner }: WaitOptions,
): Promise<Readiness> {
  const deadline = since + timeoutMs;
  let last = 'not checked yet';
  for (;;) {
    const result = await probeService(name, checks, deps, cursor, owner);
    if (result.ok) return { ok: true, afterMs: deps.clock.now() - since };
    last = result.reason;
    if (deps.clock.now() >= deadline)
      return { ok: false, reason: `not ready after ${Math.round(timeoutMs / 1000)}s: ${last}`, last };
    const down = await stillUp?.();
    if (down) return { ok: false, reason: `not ready: ${down} (${last})`, last };
    await deps.clock.sleep(Math.min(ATTEMPT_EVERY_MS, Math.max(0, deadline - deps.clock.now())));
  }
}

const NOT_UP = new Set(['STOPPED', 'EXITED', 'FATAL', 'BACKOFF', 'STOPPING']);

/** Asks supervisord whether the process went down, and says how (`it is EXITED (Bad exit code 3)`). */
function downCheck(supervisor: SupervisorPort, name: string): () => Promise<string | undefined> {
  return async () => {
    const info = await supervisor.getProcessInfo(name).catch(() => undefined);
    if (!info || !NOT_UP.has(info.statename)) return undefined;
    return `it is ${info.statename}${info.spawnerr ? ` (${info.spawnerr})` : ''}`;
  };
}

/** Where a start stood: the logs' ends before it was asked, when it was asked, and what to wait for. */
export interface StartMarks {
  marks: LogMarks;
  since: number;
  readiness: ReadinessOptions | undefined;
}

/** After starts: each started service with checks is waited for until ready, or fails with the check's last error. */
export async function awaitStarts(
  results: ActionResult[],
  { marks, since, readiness }: StartMarks,
  deps: ServiceDeps,
): Promise<ActionResult[]> {
  if (!readiness) return results;
  return Promise.all(
    results.map(async (result): Promise<ActionResult> => {
      const checks = readiness.checks.get(result.name);
      if (!checks?.length || !result.ok || result.action !== 'start') return result;
      const stillUp =
        result.kind === 'supervisord' && deps.supervisor ? downCheck(deps.supervisor, result.name) : undefined;
      // Only a process this start spawned is read from where its log stood; one already running is read as
      // status reads it.
      const cursor = result.outcome === 'started' && !result.joined ? marks.get(result.name) : undefined;
      const owner = result.kind === 'supervisord' ? await pidOf(deps.supervisor, result.name) : undefined;
      const waiting: WaitOptions = {
        since,
        timeoutMs: readiness.timeoutMs,
        ...(cursor ? { cursor } : {}),
        ...(stillUp ? { stillUp } : {}),
      };
      const ready = await awaitReady(result.name, checks, deps, owner ? { ...waiting, owner } : waiting);
      return ready.ok
        ? { ...result, readyAfterMs: ready.afterMs }
        : { ...failed(result.name, result.kind, 'start', ready.reason), notReady: ready.last };
    }),
  );
}

/**
 * The panel's readiness poll: each running name with a check, each answer handed on as it comes. A `log:`
 * check that passed for a run (`logSeen`: name to pid and start) is not asked again while that run lasts:
 * a ready line stays written, and reading up to 128 KB of log per engine per poll would cost supervisord.
 */
export async function pollRuns(
  running: ReadonlyArray<readonly [name: string, run: string]>,
  checks: ReadyChecks,
  logSeen: Map<string, string>,
  deps: ServiceDeps,
  onAnswer: (name: string, notReady: string | undefined) => void,
): Promise<void> {
  await Promise.all(
    running.map(async ([name, run]) => {
      const all = checks.get(name) ?? [];
      if (all.length === 0) return;
      const seen = run !== '' && logSeen.get(name) === run;
      const asked = seen ? all.filter((check) => check.kind !== 'log') : all;
      const owner = Number(run.split(':')[0]) || undefined;
      const result =
        asked.length > 0 ? await probeService(name, asked, deps, undefined, owner) : { ok: true, reason: '' };
      if (result.ok && asked.some((check) => check.kind === 'log')) logSeen.set(name, run);
      onAnswer(name, result.ok ? undefined : result.reason);
    }),
  );
}
