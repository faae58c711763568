/** `service NAME log [-f] [-n LINES] [--stderr|--stdout]` (SPEC 9): lines, not bytes as supervisorctl counts. */
import path from 'node:path';
import { fileLogReader } from '../adapters/log-files.js';
import { systemClock } from '../adapters/system-clock.js';
import { followLogs, supervisordLogReader, tailLogs } from '../control/logs.js';
import { ExitCode } from '../core/outcomes.js';
import type { LogReader, LogStream, SupervisorPort } from '../core/ports.js';
import { targetProcesses, type Target } from '../core/resolver.js';
import type { CliIo } from './io.js';
import type { Wiring } from './wiring.js';

export interface LogFlags {
  follow: boolean;
  lines: number;
  streams: LogStream[];
}

export const LOG_OPTIONS = {
  follow: { type: 'boolean', short: 'f' },
  lines: { type: 'string', short: 'n' },
  stdout: { type: 'boolean' },
  stderr: { type: 'boolean' },
} as const;

/** The log flags from parsed options, or what is wrong with them. */
export function logFlags(values: Record<string, unknown>): LogFlags | string {
  const lines = values.lines === undefined ? 40 : Number(values.lines);
  if (!Number.isInteger(lines) || lines < 1 || lines > 100_000) return `-n wants a number of lines (1 to 100000), got ${JSON.stringify(values.lines)}`;
  if (values.stdout && values.stderr) return '--stdout and --stderr: pick one (neither shows both)';
  const streams: LogStream[] = values.stdout ? ['stdout'] : values.stderr ? ['stderr'] : ['stdout', 'stderr'];
  return { follow: Boolean(values.follow), lines, streams };
}

/** `~/x` and relative paths are the home's, as Canopsis writes them. */
function homePath(home: string, written: string): string {
  if (written === '~' || written.startsWith('~/')) return path.join(home, written.slice(1));
  return path.resolve(home, written);
}

/** Readers for a supervisord process's streams; stderr, when not asked for alone, only if it is a file of its own. */
async function processReaders(supervisor: SupervisorPort, namespec: string, prefix: string, flags: LogFlags): Promise<LogReader[]> {
  const readers: LogReader[] = [];
  for (const stream of flags.streams) {
    const label = flags.streams.length > 1 && stream === 'stderr' ? [prefix, 'stderr'].filter(Boolean).join(' ') : prefix;
    const reader = supervisordLogReader(supervisor, namespec, stream, label);
    // With redirect_stderr (as Canopsis' engines have it) stderr has no file: its lines are in stdout.
    if (flags.streams.length > 1 && stream === 'stderr' && !(await reader.size().then(() => true, () => false))) continue;
    readers.push(reader);
  }
  return readers;
}

/** The log readers of the targets, or why one target has none. */
async function readersOf(targets: Target[], wiring: Wiring, flags: LogFlags): Promise<LogReader[] | string> {
  const processes = targetProcesses(targets);
  const scripts = targets.filter((target) => target.kind === 'lsb').map((target) => target.name);
  const several = processes.length + scripts.length > 1;
  const readers: LogReader[] = [];
  for (const name of scripts) {
    const configured = wiring.files.settings.logs.get(name);
    const file = configured ? homePath(wiring.files.home, configured) : path.join(wiring.files.home, 'var', 'log', `${name}.log`);
    const reader = fileLogReader(file, several ? name : '');
    // An initscript's log is wherever it writes it: the default is a guess, and says so when wrong.
    readers.push(configured ? reader : { ...reader, label: `${file} (the default for ${name}; set another in ~/etc/canopsis-tui.ini [logs])` });
  }
  if (processes.length > 0) {
    const supervisor = wiring.deps.supervisor;
    if (!supervisor) return wiring.deps.supervisorProblem ?? 'supervisord cannot be reached';
    for (const namespec of processes) {
      const short = namespec.includes(':') ? namespec.slice(namespec.indexOf(':') + 1) : namespec;
      readers.push(...(await processReaders(supervisor, namespec, several ? short : '', flags)));
    }
  }
  return readers;
}

/** Prints the last lines (and, with -f, what follows until Ctrl-C); exit 4 when a log cannot be read. */
export async function showLog(targets: Target[], wiring: Wiring, flags: LogFlags, io: CliIo, program: string): Promise<number> {
  const readers = await readersOf(targets, wiring, flags);
  if (typeof readers === 'string') return (io.err(`${program}: cannot read the log: ${readers}`), ExitCode.STATUS_UNKNOWN);
  const tail = await tailLogs(readers, flags.lines);
  tail.lines.forEach((line) => io.out(line));
  tail.problems.forEach((problem) => io.err(`${program}: cannot read ${problem}`));
  if (tail.problems.length === readers.length || !flags.follow) return tail.problems.length > 0 ? ExitCode.STATUS_UNKNOWN : ExitCode.OK;
  await followLogs(readers, tail.ends, (lines) => lines.forEach((line) => io.out(line)), systemClock, io.interrupts?.interrupted ?? new AbortController().signal);
  return ExitCode.INTERRUPTED;
}
