/** Colours and glyphs per state; with NO_COLOR, glyph and text alone keep states apart. */

export interface Style {
  glyph: string;
  color: string | undefined;
}

const STYLES: Record<string, Style> = {
  RUNNING: { glyph: '●', color: 'green' },
  STARTING: { glyph: '◐', color: 'yellow' },
  STOPPING: { glyph: '◐', color: 'yellow' },
  BACKOFF: { glyph: '✖', color: 'red' },
  FATAL: { glyph: '✖', color: 'red' },
  EXITED: { glyph: '○', color: 'red' },
  DEAD: { glyph: '✖', color: 'red' },
  STOPPED: { glyph: '○', color: 'gray' },
  PARTIAL: { glyph: '◑', color: 'yellow' },
  'NOT LOADED': { glyph: '!', color: 'yellow' },
  'NOT READY': { glyph: '◔', color: 'blue' },
  LEFTOVERS: { glyph: '▲', color: 'red' },
  UNKNOWN: { glyph: '?', color: 'magenta' },
};

/** The glyph and colour of a state word (unknown words look UNKNOWN). */
export function styleOf(state: string): Style {
  return STYLES[state] ?? STYLES.UNKNOWN!;
}

export const INFLIGHT_STYLE: Style = { glyph: '…', color: 'cyan' };

export const MESSAGE_COLORS = { info: 'cyan', ok: 'green', error: 'red' } as const;
