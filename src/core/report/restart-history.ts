/**
 * Restart history from supervisord's own main log (SPEC 9): supervisord keeps no counter, but it writes
 * `spawned: 'x' with pid N`, `exited: x (exit status 1; not expected)` and `gave up: x entered FATAL state`,
 * so the numbers are the same for every panel and survive a restart of any of them. Times are the log's,
 * written in the machine's local time. Names there are process names (`engine-alerts-0`), not namespecs.
 */
import { splitNamespec } from '../model/names.js';

export interface History {
  /** Starts in the last hour. */
  starts: number;
  /** Exits supervisord did not expect, in the last hour. */
  unexpectedExits: number;
  /** Three or more unexpected exits in the last ten minutes. */
  flapping: boolean;
  /** How the last unexpected exit ended, as supervisord wrote it: `terminated by SIGKILL`, `exit status 1`. */
  lastExit?: string;
}

export interface LogEvent {
  time: number;
  process: string;
  kind: 'spawned' | 'unexpected-exit';
  /** An exit's: how it ended (`terminated by SIGKILL`), as supervisord wrote it. */
  how?: string;
}

export const HOUR_MS = 3_600_000;
/** A process that exits unexpectedly this often within this window is flapping. */
export const FLAP_WINDOW_MS = 600_000;
const FLAP_EXITS = 3;

const LINE = new RegExp(
  String.raw`^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d),(\d{3}) \w+ ` +
    String.raw`(spawned: '([^']+)' with pid|exited: (\S+) \((.*); not expected\))`,
);

const STAMP = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d),(\d{3}) /m;

/** When the first whole line of some main-log text was written (the first line may be cut: skipped). */
export function firstLogTime(text: string): number | undefined {
  const match = STAMP.exec(text.slice(text.indexOf('\n') + 1));
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, ms] = match.map(Number);
  return new Date(y!, mo! - 1, d, h, mi, s, ms).getTime();
}

/**
 * The events of some main-log text (lines cut at either end are passed over); with `wanted`, only those of the
 * processes it names (`service NAME status` reads a log of hundreds for one).
 */
export function parseMainLog(text: string, wanted?: ReadonlySet<string>): LogEvent[] {
  const events: LogEvent[] = [];
  for (const line of text.split('\n')) {
    const match = LINE.exec(line);
    if (!match || (wanted && !wanted.has(match[9] ?? match[10]!))) continue;
    const [, y, mo, d, h, mi, s, ms] = match.map(Number);
    const time = new Date(y!, mo! - 1, d, h, mi, s, ms).getTime();
    events.push(
      match[9]
        ? { time, process: match[9], kind: 'spawned' }
        : { time, process: match[10]!, kind: 'unexpected-exit', how: match[11]! },
    );
  }
  return events;
}

/** Each process's history at `now`, by process name; events older than an hour are left out. */
export function histories(events: readonly LogEvent[], now: number): Map<string, History> {
  const result = new Map<string, History>();
  const recentExits = new Map<string, number>();
  for (const event of events) {
    if (event.time < now - HOUR_MS) continue;
    const history = result.get(event.process) ?? { starts: 0, unexpectedExits: 0, flapping: false };
    if (event.kind === 'spawned') history.starts += 1;
    else {
      history.unexpectedExits += 1;
      if (event.how) history.lastExit = event.how;
    }
    if (event.kind === 'unexpected-exit' && event.time >= now - FLAP_WINDOW_MS)
      recentExits.set(event.process, (recentExits.get(event.process) ?? 0) + 1);
    result.set(event.process, history);
  }
  for (const [process, history] of result) history.flapping = (recentExits.get(process) ?? 0) >= FLAP_EXITS;
  return result;
}

/** `4 unexpected exits and 5 starts in the last hour`, or nothing worth saying (one quiet start). */
export function historyText(history: History | undefined): string | undefined {
  if (!history || (history.unexpectedExits === 0 && history.starts <= 1)) return undefined;
  const how = history.lastExit ? ` (${history.unexpectedExits > 1 ? 'last: ' : ''}${history.lastExit})` : '';
  const exits =
    history.unexpectedExits > 0
      ? `${history.unexpectedExits} unexpected exit${history.unexpectedExits > 1 ? 's' : ''}${how} and `
      : '';
  return `${exits}${history.starts} start${history.starts === 1 ? '' : 's'} in the last hour`;
}

/** The process-name part of a namespec, as supervisord's main log names it. */
export function processPart(namespec: string): string {
  return splitNamespec(namespec).process;
}
