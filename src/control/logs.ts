/** Reading processes' logs through supervisord's own log calls (so a supervisord elsewhere works too). */
import path from 'node:path';
import { FaultCode } from '../core/model/faults.js';
import { lastNonEmptyLines, logLines, mergeLogs, sanitizeLine } from '../core/report/log-text.js';
import { errorText } from '../core/model/outcomes.js';
import { pyExpandUser } from '../core/config/py-text.js';
import { isSupervisorError } from '../core/model/supervisor-error.js';
import type { Clock, LogReader, LogStream, ServiceDeps, SupervisorPort } from '../core/ports.js';
import { targetProcesses, type Target } from '../core/plan/resolver.js';
import { splitNamespec } from '../core/model/names.js';

const TAIL_BYTES = 4_096;

/**
 * The last `count` lines a process wrote to stderr, or to stdout when stderr has nothing (merged into stdout
 * with `redirect_stderr`, or not logged): what it said as it died, usually. Empty when neither can be read.
 */
export async function lastErrorLines(supervisor: SupervisorPort, namespec: string, count: number): Promise<string[]> {
  for (const stream of ['stderr', 'stdout'] as const) {
    const text = await supervisor.readProcessLog(stream, namespec, -TAIL_BYTES, 0).catch(() => '');
    const lines = lastNonEmptyLines(text, count);
    if (lines.length > 0) return lines;
  }
  return [];
}

/** The last line of `lastErrorLines`. */
export async function lastErrorLine(supervisor: SupervisorPort, namespec: string): Promise<string | undefined> {
  return (await lastErrorLines(supervisor, namespec, 1))[0];
}

/** A process's stdout or stderr through supervisord's log calls. */
export function supervisordLogReader(
  supervisor: SupervisorPort,
  namespec: string,
  stream: LogStream,
  prefix: string,
): LogReader {
  const noFile = () =>
    new Error(
      `no ${stream} log file (${stream === 'stderr' ? 'redirect_stderr=true, or ' : ''}${stream}_logfile=NONE)`,
    );
  return {
    prefix,
    label: `${namespec} ${stream}`,
    async size() {
      const size = await supervisor.logSize(stream, namespec);
      // The tail call answers 0 for a log that has no file at all; reading it tells the two apart.
      if (size === 0) {
        await supervisor.readProcessLog(stream, namespec, 0, 0).catch((error: unknown) => {
          throw isSupervisorError(error) && error.faultCode === FaultCode.NO_FILE ? noFile() : error;
        });
      }
      return size;
    },
    read: (offset, length) => supervisor.readProcessLog(stream, namespec, offset, length),
  };
}

const FIRST_WINDOW = 65_536;
const LARGEST_WINDOW = 4 * 1_048_576;

/**
 * Reads bytes [start, end): a window that begins inside a UTF-8 character cannot be decoded (supervisord
 * answers 500), so the start moves on by up to three bytes.
 */
async function readWindow(reader: LogReader, start: number, end: number): Promise<{ text: string; start: number }> {
  let lastError: unknown;
  for (let shift = 0; shift < 4 && start + shift <= end; shift += 1) {
    try {
      return {
        text: end > start + shift ? await reader.read(start + shift, end - start - shift) : '',
        start: start + shift,
      };
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

/** The last `count` lines of one log (never more than 4 MB read), and where it ended. */
async function tailOne(reader: LogReader, count: number): Promise<{ lines: string[]; end: number }> {
  const end = await reader.size();
  let window = FIRST_WINDOW;
  for (;;) {
    const { text, start } = await readWindow(reader, Math.max(0, end - window), end);
    const lines = logLines(text);
    // The window's first line is cut unless it starts the file.
    if (start > 0) lines.shift();
    if (lines.length >= count || start === 0 || window >= LARGEST_WINDOW) return { lines: lines.slice(-count), end };
    window *= 4;
  }
}

export interface Tail {
  lines: string[];
  /** Where each log ended, to follow from. */
  ends: number[];
  /** Logs that could not be read, with why. */
  problems: string[];
}

/** The last `count` lines of several logs, merged (prefixed, in time order when they carry timestamps). */
export async function tailLogs(readers: readonly LogReader[], count: number): Promise<Tail> {
  const tails = await Promise.all(
    readers.map((reader) => tailOne(reader, count).catch((error: unknown) => errorText(error))),
  );
  const problems = tails.flatMap((tail, index) =>
    typeof tail === 'string' ? [`${readers[index]!.label}: ${tail}`] : [],
  );
  const sources = tails.flatMap((tail, index) =>
    typeof tail === 'string' ? [] : [{ prefix: readers[index]!.prefix, lines: tail.lines }],
  );
  const ends = tails.map((tail) => (typeof tail === 'string' ? -1 : tail.end));
  return { lines: mergeLogs(sources).slice(-count), ends, problems };
}

const FOLLOW_EVERY_MS = 500;

/**
 * Hands on the new complete lines of each log as they are written, until `signal` aborts. A log that
 * shrank was rotated: it is read again from its start.
 */
export async function followLogs(
  readers: readonly LogReader[],
  ends: number[],
  onLines: (lines: string[]) => void,
  clock: Clock,
  signal: AbortSignal,
): Promise<void> {
  const carry = readers.map(() => '');
  const offsets = [...ends];
  while (!signal.aborted) {
    const fresh = await Promise.all(
      readers.map(async (reader, index) => {
        if (offsets[index]! < 0) return { prefix: reader.prefix, lines: [] };
        const size = await reader.size().catch(() => offsets[index]!);
        if (size < offsets[index]!) [offsets[index], carry[index]] = [0, ''];
        if (size === offsets[index]) return { prefix: reader.prefix, lines: [] };
        const { text } = await readWindow(
          reader,
          offsets[index]!,
          Math.min(size, offsets[index]! + LARGEST_WINDOW),
        ).catch(() => ({ text: '' }));
        offsets[index] = offsets[index]! + Buffer.byteLength(text);
        const parts = (carry[index] + text).split('\n');
        carry[index] = parts.pop() ?? '';
        return { prefix: reader.prefix, lines: parts.map((line) => sanitizeLine(line)) };
      }),
    );
    const lines = mergeLogs(fresh);
    if (lines.length > 0) onLines(lines);
    await clock.sleep(FOLLOW_EVERY_MS);
  }
}

/** `~/x` and relative paths are the home's, as Canopsis writes them. */
const homePath = (home: string, written: string) => path.resolve(home, pyExpandUser(written, home));

/** Readers for a supervisord process's streams; stderr, when not asked for alone, only if it is a file of its own. */
async function processReaders(
  supervisor: SupervisorPort,
  namespec: string,
  prefix: string,
  streams: readonly LogStream[],
): Promise<LogReader[]> {
  // Canopsis' engines may point stdout and stderr at one file: that file is read once, as stdout.
  const both = streams.length > 1 ? await supervisor.getProcessInfo(namespec).catch(() => undefined) : undefined;
  const oneFile = Boolean(both?.stdout_logfile) && both?.stdout_logfile === both?.stderr_logfile;
  const readers: LogReader[] = [];
  for (const stream of streams) {
    if (oneFile && stream === 'stderr') continue;
    const label = streams.length > 1 && stream === 'stderr' ? [prefix, 'stderr'].filter(Boolean).join(' ') : prefix;
    const reader = supervisordLogReader(supervisor, namespec, stream, label);
    // With redirect_stderr (as the bundled engines have it) stderr has no file: its lines are in stdout.
    if (
      streams.length > 1 &&
      stream === 'stderr' &&
      !(await reader.size().then(
        () => true,
        () => false,
      ))
    )
      continue;
    readers.push(reader);
  }
  return readers;
}

/**
 * The logs of some targets (SPEC 9): a process's stdout and stderr through supervisord; an initscript's
 * `[logs]` file, else `~/var/log/NAME.log`. Several targets get a prefix each. A string says why none.
 */
export async function logReadersOf(
  targets: Target[],
  home: { home: string; logs: ReadonlyMap<string, string> },
  deps: ServiceDeps,
  streams: readonly LogStream[],
): Promise<LogReader[] | string> {
  const processes = targetProcesses(targets);
  const scripts = targets.filter((target) => target.kind === 'lsb').map((target) => target.name);
  const several = processes.length + scripts.length > 1;
  const readers: LogReader[] = [];
  for (const name of scripts) {
    if (!deps.logFile) return 'log files cannot be read here';
    const configured = home.logs.get(name);
    const file = configured ? homePath(home.home, configured) : path.join(home.home, 'var', 'log', `${name}.log`);
    const reader = deps.logFile(file, several ? name : '');
    // An initscript's log is wherever it writes it: the default is a guess, and says so when wrong.
    readers.push(
      configured
        ? reader
        : {
            ...reader,
            label: `${reader.label} (the default for ${name}; set another in ~/etc/canopsis-tui.ini [logs])`,
          },
    );
  }
  if (processes.length > 0) {
    if (!deps.supervisor) return deps.supervisorProblem ?? 'supervisord cannot be reached';
    for (const namespec of processes) {
      const short = splitNamespec(namespec).process;
      readers.push(...(await processReaders(deps.supervisor, namespec, several ? short : '', streams)));
    }
  }
  return readers;
}
