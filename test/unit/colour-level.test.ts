import { describe, expect, it } from 'vitest';
import { colourLevel } from '../../src/cli/colour-level.js';

describe('colourLevel', () => {
  it('follows the terminal, not CI, and honours NO_COLOR and FORCE_COLOR', () => {
    expect(colourLevel({ CI: '0', TERM: 'xterm-256color' }, true)).toBe(2);
    expect(colourLevel({ TERM: 'screen', COLORTERM: 'truecolor' }, true)).toBe(3);
    expect(colourLevel({ TERM: 'vt100' }, true)).toBe(1);
    expect(colourLevel({ TERM: 'dumb' }, true)).toBe(0);
    expect(colourLevel({ TERM: 'xterm', NO_COLOR: '1' }, true)).toBe(0);
    expect(colourLevel({ TERM: 'xterm', FORCE_COLOR: '0' }, true)).toBeUndefined();
    expect(colourLevel({ TERM: 'xterm' }, false)).toBeUndefined();
  });
});
