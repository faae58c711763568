/** `service NAME log [-f] [-n LINES] [--stderr|--stdout]` (SPEC 9): lines, not bytes as supervisorctl counts. */
import { systemClock } from '../adapters/system-clock.js';
import { followLogs, logReadersOf, tailLogs } from '../control/logs.js';
import { ExitCode } from '../core/model/outcomes.js';
import type { LogStream } from '../core/ports.js';
import type { Target } from '../core/plan/resolver.js';
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
  if (!Number.isInteger(lines) || lines < 1 || lines > 100_000)
    return `-n wants a number of lines (1 to 100000), got ${JSON.stringify(values.lines)}`;
  if (values.stdout && values.stderr) return '--stdout and --stderr: pick one (neither shows both)';
  const streams: LogStream[] = values.stdout ? ['stdout'] : values.stderr ? ['stderr'] : ['stdout', 'stderr'];
  return { follow: Boolean(values.follow), lines, streams };
}

/** Prints the last lines (and, with -f, what follows until Ctrl-C); exit 4 when a log cannot be read. */
export async function showLog(
  targets: Target[],
  wiring: Wiring,
  flags: LogFlags,
  io: CliIo,
  program: string,
): Promise<number> {
  const readers = await logReadersOf(
    targets,
    { home: wiring.files.home, logs: wiring.files.settings.logs },
    wiring.deps,
    flags.streams,
  );
  if (typeof readers === 'string')
    return (io.err(`${program}: cannot read the log: ${readers}`), ExitCode.STATUS_UNKNOWN);
  const tail = await tailLogs(readers, flags.lines);
  tail.lines.forEach((line) => io.out(line));
  tail.problems.forEach((problem) => io.err(`${program}: cannot read ${problem}`));
  if (tail.problems.length === readers.length || !flags.follow)
    return tail.problems.length > 0 ? ExitCode.STATUS_UNKNOWN : ExitCode.OK;
  await followLogs(
    readers,
    tail.ends,
    (lines) => lines.forEach((line) => io.out(line)),
    systemClock,
    io.interrupts?.interrupted ?? new AbortController().signal,
  );
  return ExitCode.INTERRUPTED;
}
