/**
 * `log:REGEX` readiness checks (SPEC 8): a process's logs read through supervisord from where they ended
 * when its start was asked, so a line of an earlier run never counts; or their last 64 KB for `status`.
 */
import { errorText } from '../core/model/outcomes.js';
import type { ReadyChecks } from '../core/plan/readiness.js';
import type { LogStream, ProbeResult, ServiceDeps, SupervisorPort } from '../core/ports.js';
import type { ReadyCheck } from '../core/config/settings.js';

const STREAMS: LogStream[] = ['stdout', 'stderr'];
const LOG_CHUNK = 65_536;

/** Where one process's logs stood when its start was asked, and the partial line read since. */
export interface LogCursor {
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

export async function logProbe(
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
