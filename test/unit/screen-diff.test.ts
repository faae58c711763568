/**
 * The cell writer against a real terminal emulator (@xterm/headless): a screen that got frame A and then
 * the update A -> B shows exactly what a blank screen shows after B, character and attributes, cell by
 * cell; and the update costs what a slow link can carry.
 */
import { describe, expect, it } from 'vitest';
import headless from '@xterm/headless';
import { readFrame, screenUpdate, findScroll } from '../../src/adapters/screen-diff.js';

const COLS = 60;
const ROWS = 12;
const green = (text: string) => `\u001b[32m${text}\u001b[39m`;
const inverse = (text: string) => `\u001b[7m${text}\u001b[27m`;
const bold = (text: string) => `\u001b[1m\u001b[34m${text}\u001b[39m\u001b[22m`;

async function shown(...writes: string[]): Promise<string[]> {
  const term = new headless.Terminal({ cols: COLS, rows: ROWS, allowProposedApi: true });
  for (const data of writes) await new Promise<void>((resolve) => term.write(data, resolve));
  const buffer = term.buffer.active;
  const cells: string[] = [];
  const cell = buffer.getNullCell();
  for (let y = 0; y < ROWS; y += 1) {
    const line = buffer.getLine(y)!;
    let row = '';
    for (let x = 0; x < COLS; x += 1) {
      line.getCell(x, cell);
      const attrs = [cell.getFgColor(), cell.getBgColor(), cell.isInverse(), cell.isBold(), cell.isDim()];
      row += `${cell.getChars() || ' '}${attrs.join(',')}|`;
    }
    cells.push(row);
  }
  term.dispose();
  return cells;
}

const rows = (count: number, selected: number, from = 0) =>
  Array.from({ length: count }, (_, i) => {
    const text = ` engine-${from + i}`.padEnd(14) + `sup   RUNNING  ${1000 + from + i}`;
    return from + i === selected ? `›${green('●')}${inverse(text)}` : ` ${green('●')}${text}`;
  });

const frame = (lines: string[]) => `${lines.join('\n')}\n`;
const header = [bold('── MIDDLEWARE  20/20 up ──'), '   NAME          KIND  STATE    PID'];

/** Frame A on a blank screen, then the update to B: the same cells as B drawn on a blank screen. */
async function expectSameAsFresh(a: string, b: string): Promise<string> {
  const update = screenUpdate(readFrame(a), readFrame(b));
  const full = screenUpdate([], readFrame(b));
  expect(await shown(screenUpdate([], readFrame(a)), update)).toEqual(await shown(full));
  return update;
}

describe('screenUpdate', () => {
  it('moves the selection with the two rows that change, under 200 bytes', async () => {
    const update = await expectSameAsFresh(
      frame([...header, ...rows(8, 2), 'Enter menu  q quit']),
      frame([...header, ...rows(8, 3), 'Enter menu  q quit']),
    );
    expect(update.length).toBeLessThan(200);
    expect(update).not.toContain('engine-1 ');
  });

  it('scrolls a list with the terminal, writing the row that came in and what changed', async () => {
    const before = frame([...header, ...rows(8, 7, 0), '↓ 12 below', 'footer']);
    const after = frame([...header, ...rows(8, 8, 1), '↓ 11 below', 'footer']);
    expect(findScroll(readFrame(before), readFrame(after))).toMatchObject({ shift: 1 });
    const update = await expectSameAsFresh(before, after);
    expect(update).toContain('\u001b[1S');
    expect(update.length).toBeLessThan(250);
  });

  it('scrolls down too, and by several rows', async () => {
    await expectSameAsFresh(frame([...header, ...rows(8, 3, 5), 'x']), frame([...header, ...rows(8, 3, 2), 'x']));
    await expectSameAsFresh(frame([...header, ...rows(8, 3, 0)]), frame([...header, ...rows(8, 9, 3)]));
  });

  it('erases what a shorter line or a shorter frame leaves', async () => {
    await expectSameAsFresh(
      frame(['probe  RUNNING  pid 1234, uptime 0:01:00', 'a', 'b', 'c']),
      frame(['probe  STOPPED', 'a']),
    );
  });

  it('rewrites whole a line it cannot read into cells (a wide character, another escape)', async () => {
    await expectSameAsFresh(frame(['名前 engine', green('ok')]), frame(['名前 engine-2', green('ok')]));
    const link = '\u001b]8;;http://x\u0007link\u001b]8;;\u0007';
    const update = await expectSameAsFresh(frame(['plain', 'b']), frame([link, 'b']));
    expect(update).toContain(link);
  });

  it('keeps colours right across changed runs (256 colours, background, dim)', async () => {
    const fancy = (n: number) =>
      `\u001b[38;5;${n}mA\u001b[39m \u001b[44mB${n}\u001b[49m \u001b[2mdim\u001b[22m ${green(`x${n}`)}`;
    await expectSameAsFresh(frame([fancy(100), fancy(1)]), frame([fancy(200), fancy(1)]));
  });

  it('sends nothing for the same frame', () => {
    const same = frame([...header, ...rows(8, 2)]);
    expect(screenUpdate(readFrame(same), readFrame(same))).toBe('');
  });
});
