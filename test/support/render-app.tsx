/** Renders the panel with ink-testing-library at a given size, with helpers that wait instead of sleeping. */
import { render } from 'ink-testing-library';
import { App, type Settings } from '../../src/ui/app.js';
import { NOW, type FakeSession } from './fake-session.js';

export type Rendered = ReturnType<typeof render> & {
  frame(): string;
  press(...keys: string[]): Promise<void>;
  waitFor(check: (frame: string) => boolean, what?: string): Promise<string>;
};

const tick = () => new Promise((resolve) => setImmediate(resolve));

export const KEYS = {
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  enter: '\r',
  esc: '\u001B',
  tab: '\t',
  shiftTab: '\u001B[Z',
  pageDown: '\u001B[6~',
  pageUp: '\u001B[5~',
  home: '\u001B[H',
  end: '\u001B[F',
};

export async function renderApp(
  session: FakeSession,
  options: Partial<Settings> & { columns?: number; rows?: number } = {},
): Promise<Rendered> {
  const { columns = 80, rows = 24, ...overrides } = options;
  const settings: Settings = {
    host: 'host1',
    home: '/opt/canopsis',
    readOnly: false,
    confirm: true,
    intervalMs: 1000,
    lsbIntervalMs: 5000,
    color: true,
    now: () => NOW,
    ...overrides,
  };
  const instance = render(<App session={session} settings={settings} />);
  Object.defineProperty(instance.stdout, 'columns', { value: columns, configurable: true });
  Object.defineProperty(instance.stdout, 'rows', { value: rows, configurable: true });
  instance.stdout.emit('resize');
  const frame = () => instance.lastFrame() ?? '';
  const waitFor = async (check: (text: string) => boolean, what = 'a frame') => {
    // Real time (performance.now is never faked): polls run on timers, ticks alone may not reach them.
    const start = performance.now();
    while (performance.now() - start < 3000) {
      if (check(frame())) return frame();
      await tick();
    }
    throw new Error(`timed out waiting for ${what}; last frame:\n${frame()}`);
  };
  const press = async (...keys: string[]) => {
    for (const key of keys) {
      const before = instance.frames.length;
      instance.stdin.write(key);
      // A frame follows a key at least one macrotask later (two for a lone Esc); some keys change nothing.
      for (let i = 0; i < 50 && instance.frames.length === before; i += 1) await tick();
      // Let the commit's effects run (Ink re-subscribes input handlers there) before the next key.
      for (let i = 0; i < 3; i += 1) await tick();
    }
  };
  await waitFor((text) => /supervisord: (?!asking)|nodes: /.test(text) || text.includes('too small'), 'the first poll');
  return Object.assign(instance, { frame, press, waitFor });
}
