/** The stdout Ink is given: frames become cell updates, paced; what is not a frame passes; nothing after close. */
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { frameWriter } from '../../src/adapters/terminal-writer.js';

function fakeTerminal() {
  const written: string[] = [];
  const out = Object.assign(new EventEmitter(), {
    isTTY: true,
    columns: 80,
    rows: 24,
    write: (data: string) => written.push(data) > 0,
  });
  return { out: out as unknown as NodeJS.WriteStream, written };
}

/** What Ink (standard mode) writes for a frame after one of `previous` lines. */
const inkFrame = (text: string, previous = 0) =>
  `${'\u001b[2K\u001b[1A'.repeat(Math.max(0, previous - 1))}${previous ? '\u001b[2K\u001b[G' : ''}${text}\n`;

describe('frameWriter', () => {
  let now = 0;
  beforeEach(() => {
    vi.useFakeTimers();
    now = 0;
  });
  afterEach(() => vi.useRealTimers());

  it('draws the first frame whole on a cleared screen, then only what changed', () => {
    const { out, written } = fakeTerminal();
    const writer = frameWriter(out, { now: () => now });
    writer.stdout.write('\u001b[?2026h');
    writer.stdout.write(inkFrame('alpha\nbeta'));
    writer.stdout.write('\u001b[?2026l');
    expect(written).toEqual(['\u001b[?2026h\u001b[m\u001b[H\u001b[2J\u001b[1;1Halpha\u001b[2;1Hbeta\u001b[?2026l']);
    now = 10_000;
    writer.stdout.write(inkFrame('alpha\nbetA', 2));
    expect(written[1]).toBe('\u001b[?2026h\u001b[2;4HA\u001b[?2026l');
  });

  it('lets a burst go at once (the first frames are not held back)', () => {
    const { out, written } = fakeTerminal();
    const writer = frameWriter(out, { now: () => now, bytesPerSecond: 1000, burstBytes: 250 });
    writer.stdout.write(inkFrame('w'.repeat(100)));
    writer.stdout.write(inkFrame('v'.repeat(100), 1));
    expect(written).toHaveLength(2);
    writer.stdout.write(inkFrame('u'.repeat(100), 1));
    expect(written).toHaveLength(2);
  });

  it('holds a frame that comes too soon after a big one, and sends only the latest', () => {
    const { out, written } = fakeTerminal();
    const writer = frameWriter(out, { now: () => now, bytesPerSecond: 1000, burstBytes: 100 });
    writer.stdout.write(inkFrame('x'.repeat(100)));
    const first = written[0]!.length;
    now = 10;
    writer.stdout.write(inkFrame('y'.repeat(100), 1));
    writer.stdout.write(inkFrame('z'.repeat(100), 1));
    expect(written).toHaveLength(1);
    now = first;
    vi.advanceTimersByTime(first);
    expect(written).toHaveLength(2);
    expect(written[1]).toContain('z'.repeat(100));
    expect(written[1]).not.toContain('y');
  });

  it('passes what is not a frame, draws whole after a resize or a clear, and nothing after close', () => {
    const { out, written } = fakeTerminal();
    const writer = frameWriter(out, { now: () => now, bytesPerSecond: Infinity });
    writer.stdout.write('\u001b[?25l');
    writer.stdout.write(inkFrame('one'));
    out.emit('resize');
    writer.stdout.write(inkFrame('one', 1));
    writer.stdout.write('\u001b[2K\u001b[G');
    writer.stdout.write(inkFrame('one', 1));
    writer.close();
    writer.stdout.write(inkFrame('two', 1));
    writer.stdout.write('\u001b[?25h');
    expect(written).toEqual([
      '\u001b[?25l',
      '\u001b[?2026h\u001b[m\u001b[H\u001b[2J\u001b[1;1Hone\u001b[?2026l',
      '\u001b[?2026h\u001b[m\u001b[H\u001b[2J\u001b[1;1Hone\u001b[?2026l',
      '\u001b[?2026h\u001b[m\u001b[H\u001b[2J\u001b[1;1Hone\u001b[?2026l',
    ]);
    expect(writer.stdout.columns).toBe(80);
  });
});
