/**
 * Log text as it may be shown: what a process writes is not trusted to be printable. Control characters
 * go (a tab becomes spaces), and a very long line is cut, so one line of a log never takes over a screen.
 */

export const MAX_LINE_CHARS = 2_000;

// Every C0 and C1 control character but the tab; escape sequences lose their ESC and show as plain text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** One line made safe to print. */
export function sanitizeLine(line: string, max = MAX_LINE_CHARS): string {
  const clean = line.replace(/\r$/, '').replace(/\t/g, '    ').replace(CONTROL, '');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** The lines of a chunk of log text; a last line without its newline is left out unless `partial`. */
export function logLines(text: string, { partial = true } = {}): string[] {
  const lines = text.split('\n');
  if (!partial || lines.at(-1) === '') lines.pop();
  return lines.map((line) => sanitizeLine(line));
}

/** The last line with something on it, made safe and short enough for a status row. */
export function lastNonEmptyLine(text: string, max = 200): string | undefined {
  return lastNonEmptyLines(text, 1, max)[0];
}

/** The last `count` lines that say something, oldest first, each made safe to print. */
export function lastNonEmptyLines(text: string, count: number, max = 200): string[] {
  const found: string[] = [];
  const lines = text.split('\n');
  for (let index = lines.length - 1; index >= 0 && found.length < count; index -= 1) {
    const line = sanitizeLine(lines[index]!, max).trim();
    if (line) found.unshift(line);
  }
  return found;
}

/** A leading timestamp (`2026-11-26T06:31:27`, `2026-11-26 06:31:27,123`), as a sortable key. */
function timeKey(line: string): string | undefined {
  const match = /^\[?(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:[.,](\d{1,6}))?/.exec(line);
  return match ? `${match[1]}T${match[2]}.${(match[3] ?? '').padEnd(6, '0')}` : undefined;
}

/**
 * Lines of several logs as one: each prefixed with its source (`engine-alerts-0 | ...`), in time order when
 * the lines carry timestamps (a line without one, a traceback's, keeps the time of the line before it),
 * else source after source. The sort is stable: lines of one source never change order.
 */
export function mergeLogs(sources: ReadonlyArray<{ prefix: string; lines: readonly string[] }>): string[] {
  const stamped = sources.flatMap(({ prefix, lines }) => {
    let last = '';
    return lines.map((line) => {
      last = timeKey(line) ?? last;
      return { key: last, text: prefix ? `${prefix} | ${line}` : line };
    });
  });
  const timed = stamped.some((line) => line.key !== '');
  return (timed ? [...stamped].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)) : stamped).map(
    (line) => line.text,
  );
}
