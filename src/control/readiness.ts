/**
 * Readiness (SPEC 8): a started service counts as up once its checks pass, not when supervisord says
 * RUNNING. Checks run over the probe port (tcp, http, exec) and supervisord's log calls (log:REGEX, read
 * from where the log ended when the start was asked, so a line of an earlier run never counts).
 */
import { describeProcesses, errorText, failed, type ActionResult } from '../core/model/outcomes.js';
import type { ReadyChecks } from '../core/plan/readiness.js';
import type { LogStream, ProbeResult, ServiceDeps, SupervisorPort } from '../core/ports.js';
import type { ReadyCheck } from '../core/config/settings.js';

export interface ReadinessOptions {
  checks: ReadyChecks;
  /** How long a start waits for its checks (`[platform] ready_timeout`). */
  timeoutMs: number;
}

const STREAMS: LogStream[] = ['stdout', 'stderr'];
const ATTEMPT_EVERY_MS = 250;
const ATTEMPT_TIMEOUT_MS = 2_000;
const EXEC_TIMEOUT_MS = 10_000;
const LOG_CHUNK = 65_536;

/** Where one process's logs stood when its start was asked, and the partial line read since. */
interface LogCursor {
  offsets: Partial<Record<LogStream, number>>;
  carry: Partial<Record<LogStream, string>>;
}

export type LogMarks = Map<string, LogCursor>;

const hasLogCheck = (checks: readonly ReadyCheck[] | undefined) =>
  checks?.some((check) => check.kind === 'log') ?? false;

/** Notes the end of each log of these processes (those with a log check), before their start is asked. */
export async function markLogs(
  supervisor: SupervisorPort | undefined,
  names: readonly string[],
  checks: ReadyChecks,
): Promise<LogMarks> {
  const marks: LogMarks = new Map();
  if (!supervisor) return marks;
  await Promise.all(
    names
      .filter((name) => hasLogCheck(checks.get(name)))
      .map(async (name) => {
        const cursor: LogCursor = { offsets: {}, carry: {} };
        for (const stream of STREAMS) {
          // A stream without a file (stderr redirected to stdout) has nothing to read.
          cursor.offsets[stream] = await supervisor.logSize(stream, name).catch(() => undefined);
        }
        marks.set(name, cursor);
      }),
  );
  return marks;
}

/** New lines of a process's logs since its cursor; rotation (a log shorter than the cursor) starts over. */
async function newLines(supervisor: SupervisorPort, name: string, cursor: LogCursor): Promise<string[]> {
  const lines: string[] = [];
  for (const stream of STREAMS) {
    const offset = cursor.offsets[stream];
    if (offset === undefined) continue;
    const text = await supervisor.readProcessLog(stream, name, offset, LOG_CHUNK).catch(() => '');
    if (text === '') {
      const size = await supervisor.logSize(stream, name).catch(() => offset);
      if (size < offset) cursor.offsets[stream] = 0;
      continue;
    }
    cursor.offsets[stream] = offset + Buffer.byteLength(text);
    const parts = ((cursor.carry[stream] ?? '') + text).split('\n');
    cursor.carry[stream] = parts.pop() ?? '';
    lines.push(...parts);
  }
  return lines;
}

/** The last 64 KB of a process's logs, as lines (what `status` has, with no start to count from). */
async function tailLines(supervisor: SupervisorPort, name: string): Promise<string[]> {
  const texts = await Promise.all(
    STREAMS.map((stream) => supervisor.readProcessLog(stream, name, -LOG_CHUNK, 0).catch(() => '')),
  );
  return texts.flatMap((text) => text.split('\n'));
}

async function logProbe(
  check: Extract<ReadyCheck, { kind: 'log' }>,
  name: string,
  deps: ServiceDeps,
  cursor: LogCursor | undefined,
): Promise<ProbeResult> {
  if (!deps.supervisor) return { ok: false, reason: `${check.text}: supervisord cannot be reached` };
  try {
    const lines = cursor ? await newLines(deps.supervisor, name, cursor) : await tailLines(deps.supervisor, name);
    if (lines.some((line) => check.pattern.test(line))) return { ok: true, reason: check.text };
    return {
      ok: false,
      reason: `${check.text}: no matching line ${cursor ? 'since the start' : 'in the last 64 KB of its log'}`,
    };
  } catch (error) {
    return { ok: false, reason: `${check.text}: ${errorText(error)}` };
  }
}

type TcpCheck = Extract<ReadyCheck, { kind: 'tcp' }>;

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1|0\.0\.0\.0)$/;

/**
 * A port of this host answered by a process outside the started one's tree is not its answer (SPEC 11):
 * a broker left by a stop would pass the new broker's check. Says who holds it; undefined when fine, or
 * when it cannot be told (no pid, a remote host, a holder of another account).
 */
function heldElsewhere(
  check: TcpCheck,
  name: string,
  owner: number | undefined,
  deps: ServiceDeps,
): string | undefined {
  const tree = deps.processTree;
  if (!tree || owner === undefined || owner <= 0 || !LOOPBACK.test(check.host)) return undefined;
  const family = (tree.treeOf([owner]).get(owner) ?? []).map((entry) => entry.pid);
  const holder = tree.listenerOn(check.port, family)?.holder;
  if (!holder || family.includes(holder.pid)) return undefined;
  const stored = [...(deps.leftoverStore?.read().values() ?? [])].flat().some((entry) => entry.pid === holder.pid);
  const whose = stored ? 'left by a stop' : `not by ${name}'s process`;
  return `${check.host}:${check.port} is held by ${describeProcesses([holder])}, ${whose}`;
}

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
