/**
 * Python's idea of whitespace and lines, which supervisord's reader inherits. JavaScript's differs: its
 * `trim()` and `\s` take U+FEFF (so a BOM would vanish) and miss U+001C-U+001F and U+0085.
 */

/** The characters (a regex class body) Python's `str.isspace()` and `re`'s `\s` accept. */
export const PY_SPACE =
  '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

const LEADING = new RegExp(`^[${PY_SPACE}]+`);
const TRAILING = new RegExp(`[${PY_SPACE}]+$`);
const SPACE = new RegExp(`^[${PY_SPACE}]$`);
const NON_SPACE = new RegExp(`[^${PY_SPACE}]`);

/** `str.strip()` with no argument. */
export function pyStrip(text: string): string {
  return text.replace(LEADING, '').replace(TRAILING, '');
}

/** `str.rstrip()` with no argument. */
export function pyRstrip(text: string): string {
  return text.replace(TRAILING, '');
}

/** `str.isspace()` for one character. */
export function isPySpace(char: string | undefined): boolean {
  return char !== undefined && SPACE.test(char);
}

/** Index of the first character that is not whitespace, or 0 when there is none (configparser's indent). */
export function pyIndent(line: string): number {
  const found = NON_SPACE.exec(line);
  return found ? found.index : 0;
}

/** Lines as a Python text file yields them (universal newlines: `\n`, `\r\n` and `\r` all end a line). */
export function pyLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** `os.path.expanduser` for `~` and `~/...` with the given HOME; `~user` is left as written. */
export function pyExpandUser(value: string, home: string | undefined): string {
  if (!value.startsWith('~') || home === undefined) return value;
  const slash = value.indexOf('/');
  const end = slash === -1 ? value.length : slash;
  if (end !== 1) return value;
  return `${home.replace(/\/+$/, '')}${value.slice(1)}` || '/';
}
