import { describe, expect, it } from 'vitest';
import { lastNonEmptyLine, logLines, mergeLogs, sanitizeLine } from '../../src/core/report/log-text.js';

describe('log text', () => {
  it('keeps a line printable: no control characters, tabs as spaces, cut when very long', () => {
    expect(sanitizeLine('a\tb\u001b[2J\u0007c\r')).toBe('a    b[2Jc');
    expect(sanitizeLine('x'.repeat(5000))).toHaveLength(2000);
    expect(sanitizeLine('x'.repeat(5000)).endsWith('…')).toBe(true);
  });

  it('splits a chunk into lines; the last non-empty one is what a failed process said last', () => {
    expect(logLines('a\nb\n')).toEqual(['a', 'b']);
    expect(logLines('a\nb')).toEqual(['a', 'b']);
    expect(
      lastNonEmptyLine('Traceback:\n  File x\nConnectionRefusedError: [Errno 111] Connection refused\n\n  \n'),
    ).toBe('ConnectionRefusedError: [Errno 111] Connection refused');
    expect(lastNonEmptyLine('\n \n')).toBeUndefined();
  });

  it('merges logs by their timestamps, a line without one keeping the time of the line before', () => {
    const merged = mergeLogs([
      { prefix: 'a', lines: ['2026-11-26T06:00:01.000Z start', 'Traceback', '2026-11-26T06:00:03.000Z end'] },
      { prefix: 'b', lines: ['2026-11-26 06:00:02,500 middle'] },
    ]);
    expect(merged).toEqual([
      'a | 2026-11-26T06:00:01.000Z start',
      'a | Traceback',
      'b | 2026-11-26 06:00:02,500 middle',
      'a | 2026-11-26T06:00:03.000Z end',
    ]);
    expect(
      mergeLogs([
        { prefix: 'x', lines: ['no', 'time'] },
        { prefix: 'y', lines: ['at all'] },
      ]),
    ).toEqual(['x | no', 'x | time', 'y | at all']);
    expect(mergeLogs([{ prefix: '', lines: ['plain'] }])).toEqual(['plain']);
  });
});
