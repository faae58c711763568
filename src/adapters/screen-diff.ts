/**
 * What the terminal must be sent to turn the frame it shows into the next one, cell by cell (SPEC 11, a
 * bad SSH link). Ink 6 rewrites whole lines at best (its `incrementalRendering`), which makes a cursor
 * move cost two whole rows and a list scrolling by one a whole panel. Hand-written because the packages
 * that diff ANSI frames (ansi-diff, log-update) compare plain lines only, or rewrite any line that has a
 * colour in it. Here: each line is read into cells (a character and its SGR style); a changed line gets
 * only its changed runs, from their first cell, with absolute cursor moves; a block of lines that moved up
 * or down (a list scrolling) is moved by the terminal itself (a scrolling region) before the lines are
 * compared. A line this reader cannot model (an escape other than SGR, a wide or combining character) is
 * rewritten whole: never a wrong screen, at worst more bytes.
 */

const ESC = '\u001b[';

/** A line read into cells, or kept raw when its cells cannot be known. */
/** A character and its style (a canonical SGR parameter list, '' for the default). */
interface Cell {
  ch: string;
  style: string;
}

export interface ScreenLine {
  raw: string;
  cells?: Cell[];
}

export type Screen = ScreenLine[];

/** Characters one cell wide in every terminal: Latin, punctuation, arrows, box drawing, geometric shapes. */
const narrow = (code: number): boolean =>
  code < 0x0300 ||
  (code >= 0x2000 && code <= 0x206f) ||
  (code >= 0x2190 && code <= 0x21ff) ||
  (code >= 0x2500 && code <= 0x25ff);

interface Style {
  flags: Set<number>;
  fg: string;
  bg: string;
}

const FLAG_OFF: Record<number, number[]> = { 22: [1, 2], 23: [3], 24: [4], 27: [7], 29: [9] };

/** Applies one SGR sequence's parameters; false for one this reader does not model. */
function applySgr(style: Style, params: string): boolean {
  const codes = params === '' ? [0] : params.split(';').map(Number);
  for (let i = 0; i < codes.length; i += 1) {
    const code = codes[i]!;
    if (code === 0) {
      style.flags.clear();
      style.fg = '';
      style.bg = '';
    } else if ([1, 2, 3, 4, 7, 9].includes(code)) style.flags.add(code);
    else if (FLAG_OFF[code]) FLAG_OFF[code].forEach((flag) => style.flags.delete(flag));
    else if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97)) style.fg = String(code);
    else if (code === 39) style.fg = '';
    else if ((code >= 40 && code <= 47) || (code >= 100 && code <= 107)) style.bg = String(code);
    else if (code === 49) style.bg = '';
    else if ((code === 38 || code === 48) && (codes[i + 1] === 5 || codes[i + 1] === 2)) {
      const length = codes[i + 1] === 5 ? 3 : 5;
      const colour = codes.slice(i, i + length).join(';');
      if (code === 38) style.fg = colour;
      else style.bg = colour;
      i += length - 1;
    } else return false;
  }
  return true;
}

const styleKey = (style: Style): string =>
  [...[...style.flags].sort((a, b) => a - b).map(String), style.fg, style.bg].filter(Boolean).join(';');

/** Reads one line of a frame into cells. */
export function readLine(raw: string): ScreenLine {
  const cells: Cell[] = [];
  const style: Style = { flags: new Set(), fg: '', bg: '' };
  let key = '';
  let i = 0;
  while (i < raw.length) {
    if (raw[i] === '\u001b') {
      // eslint-disable-next-line no-control-regex
      const sgr = /^\u001b\[([0-9;]*)m/.exec(raw.slice(i, i + 32));
      if (!sgr || !applySgr(style, sgr[1]!)) return { raw };
      key = styleKey(style);
      i += sgr[0].length;
      continue;
    }
    const code = raw.codePointAt(i)!;
    if (code < 0x20 || !narrow(code)) return { raw };
    cells.push({ ch: String.fromCodePoint(code), style: key });
    i += code > 0xffff ? 2 : 1;
  }
  return { raw, cells };
}

export function readFrame(frame: string): Screen {
  const lines = frame.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map(readLine);
}

const BLANK = { ch: ' ', style: '' };
const BLANK_LINE: ScreenLine = { raw: '', cells: [] };
const sgrOf = (style: string): string => (style === '' ? `${ESC}m` : `${ESC}0;${style}m`);
const moveTo = (row: number, column: number): string => `${ESC}${row + 1};${column + 1}H`;

/** Writes cells [from, to) of a line, styles as they change; the terminal's style is tracked in `pen`. */
function writeCells(cells: Cell[], from: number, to: number, pen: { style?: string }): string {
  let out = '';
  for (let i = from; i < to; i += 1) {
    const cell = cells[i] ?? BLANK;
    if (cell.style !== pen.style) {
      out += sgrOf(cell.style);
      pen.style = cell.style;
    }
    out += cell.ch;
  }
  return out;
}

/** A run of cells to write is merged with the next when the gap is shorter than a cursor move. */
const GAP = 8;

function lineUpdate(row: number, before: ScreenLine, after: ScreenLine, pen: { style?: string }): string {
  if (before.raw === after.raw) return '';
  const erase = () => {
    if (pen.style !== '') out += sgrOf('');
    pen.style = '';
    out += `${ESC}K`;
  };
  let out = '';
  if (!after.cells || !before.cells) {
    out += moveTo(row, 0);
    pen.style = undefined;
    out += after.raw;
    // A raw line leaves the terminal's style unknown: erase() resets it.
    erase();
    return out;
  }
  const old = before.cells;
  const next = after.cells;
  const same = (i: number) => {
    const a = old[i] ?? BLANK;
    const b = next[i] ?? BLANK;
    return a.ch === b.ch && a.style === b.style;
  };
  const width = Math.max(old.length, next.length);
  // The new line's content ends at next.length: what lies beyond it is erased, not written as blanks.
  const end = next.length;
  let i = 0;
  while (i < width) {
    if (same(i)) {
      i += 1;
      continue;
    }
    if (i >= end) {
      out += moveTo(row, i);
      erase();
      break;
    }
    let j = i + 1;
    let gap = 0;
    while (j < end && gap < GAP) {
      gap = same(j) ? gap + 1 : 0;
      j += 1;
    }
    const stop = j - gap;
    out += moveTo(row, i) + writeCells(next, i, stop, pen);
    i = stop;
  }
  return out;
}

/**
 * A block [top, bottom] whose lines moved up (shift > 0) or down by `shift`: the best one if moving it
 * saves rewriting at least three lines, else undefined.
 */
export function findScroll(before: Screen, after: Screen): { top: number; bottom: number; shift: number } | undefined {
  const rows = Math.min(before.length, after.length);
  let top = 0;
  while (top < rows && before[top]!.raw === after[top]!.raw) top += 1;
  let bottom = rows - 1;
  while (bottom > top && before[bottom]!.raw === after[bottom]!.raw) bottom -= 1;
  if (bottom - top < 3) return undefined;
  let best: { top: number; bottom: number; shift: number } | undefined;
  let bestSaved = 2;
  for (const shift of [1, 2, 3, 4, 5, -1, -2, -3, -4, -5]) {
    let saved = 0;
    for (let row = top; row <= bottom; row += 1) {
      const from = row + shift;
      if (from >= top && from <= bottom && after[row]!.raw === before[from]!.raw) saved += 1;
    }
    if (saved > bestSaved) {
      bestSaved = saved;
      best = { top, bottom, shift };
    }
  }
  return best;
}

/**
 * The bytes that turn `before` (what the terminal shows, from its first row) into `after`. The terminal's
 * style is the default before (a cleared screen, or an update, which ends with it) and after.
 */
export function screenUpdate(before: Screen, after: Screen): string {
  let shown = before;
  let out = '';
  const pen: { style?: string } = { style: '' };
  const scroll = findScroll(before, after);
  if (scroll) {
    const { top, bottom, shift } = scroll;
    // Scrolled lines come in blank, in the default colours (the style is the default here).
    out += `${ESC}${top + 1};${bottom + 1}r${ESC}${Math.abs(shift)}${shift > 0 ? 'S' : 'T'}${ESC}r`;
    pen.style = '';
    shown = before.map((line, row) => {
      if (row < top || row > bottom) return line;
      const from = row + shift;
      return from >= top && from <= bottom ? before[from]! : BLANK_LINE;
    });
  }
  const rows = Math.max(shown.length, after.length);
  for (let row = 0; row < rows; row += 1) {
    out += lineUpdate(row, shown[row] ?? BLANK_LINE, after[row] ?? BLANK_LINE, pen);
  }
  if (pen.style !== '' && pen.style !== undefined) out += `${ESC}m`;
  return out;
}
