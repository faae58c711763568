/** The panel as a function, for its bin entry and the one-file install (see run-service.ts). */
import { colourLevel } from './colour-level.js';

/** The panel. Leaves as soon as it is closed, whatever timers remain. */
export async function runPanel(): Promise<void> {
  // chalk (through Ink) turns colour off whenever CI is set, and the panel must run with CI=0 under test
  // harnesses and some SSH setups; so decide from the terminal itself, before Ink is loaded.
  const level = colourLevel(process.env, Boolean(process.stdout.isTTY));
  if (level !== undefined) process.env.FORCE_COLOR = String(level);
  // React's production build is chosen when the panel is bundled (npm run build defines NODE_ENV there): its
  // development build costs several times the CPU on every frame.
  const { tuiMain } = await withoutFetch(() => import('./canopsis-tui.js'));
  tuiMain(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`canopsis-tui: internal error: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}

/**
 * yoga (Ink's layout engine) loads its WebAssembly, which it holds in memory, through `fetch` whenever there
 * is one, and the first use of Node's `fetch` loads undici: ~15 ms of the panel's start-up. While `load`
 * runs, there is no `fetch`, and yoga decodes the WebAssembly itself. (Read by its descriptor: reading
 * `globalThis.fetch` would load undici.)
 */
export async function withoutFetch<T>(load: () => Promise<T>): Promise<T> {
  const fetch = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  Object.defineProperty(globalThis, 'fetch', { value: undefined, configurable: true, writable: true });
  try {
    return await load();
  } finally {
    if (fetch) Object.defineProperty(globalThis, 'fetch', fetch);
    else delete (globalThis as { fetch?: unknown }).fetch;
  }
}
