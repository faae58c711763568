import { describe, expect, it } from 'vitest';
import { initialLogView, LOG_WINDOW, logViewReducer, visibleLog } from '../../src/core/panel/log-view.js';

describe('the log screen state', () => {
  it('keeps a bounded window however much is written, and a scrolled-back view stays on its lines', () => {
    let view = logViewReducer(initialLogView(), { type: 'loaded', lines: ['a', 'b', 'c'], problem: undefined });
    view = logViewReducer(view, { type: 'home' });
    view = logViewReducer(view, { type: 'scroll', by: 1, height: 1 });
    expect(visibleLog(view, 1, 80)).toEqual(['b']);
    view = logViewReducer(view, { type: 'appended', lines: Array.from({ length: LOG_WINDOW }, (_, i) => `n${i}`) });
    expect(view.lines).toHaveLength(LOG_WINDOW);
    expect(view.top).toBe(0);
    expect(view.following).toBe(false);
  });

  it('wraps long lines onto the rows they need, from the end when following', () => {
    const view = logViewReducer(
      { ...initialLogView(), wrap: true },
      { type: 'loaded', lines: ['x'.repeat(25), 'short', 'y'.repeat(10)], problem: undefined },
    );
    expect(visibleLog(view, 3, 10)).toEqual(['short', 'y'.repeat(10)]);
    expect(visibleLog({ ...view, wrap: false }, 3, 10)).toHaveLength(3);
  });

  it('says when a search finds nothing', () => {
    let view = logViewReducer(initialLogView(), { type: 'loaded', lines: ['a', 'b'], problem: undefined });
    view = logViewReducer(view, { type: 'type', text: 'zz' });
    view = logViewReducer(view, { type: 'type', text: undefined });
    expect(logViewReducer(view, { type: 'find', direction: 1, height: 5 }).problem).toBe('not found: zz');
  });
});
