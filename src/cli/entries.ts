/**
 * The three commands as functions: each `*-bin.ts` runs one, and the one-file install (scripts/one-file.mjs)
 * runs the one its link is named after (`process.argv0`: `service`, `hypcontrol`, else the panel).
 */
import { colourLevel } from './colour-level.js';
import { createInterrupts } from './interrupts.js';
import { processIo } from './io.js';
import { runAsProcess } from './main.js';

// Each command loads only its own code (start-up time): the commands are imported when run.

/** `service` (or `canopsis-service`: named as it was called, from `invokedAs`). */
export async function runService(invokedAs: string | undefined): Promise<void> {
  const interrupts = createInterrupts();
  const { programName, serviceMain } = await import('./service.js');
  const program = programName(invokedAs);
  runAsProcess(
    () => serviceMain(process.argv.slice(2), { ...processIo, interrupts }, program),
    program,
    interrupts.hungUp,
  );
}

/** `hypcontrol`. Ctrl-C stops launching and reports; a second Ctrl-C leaves at once. */
export async function runHypcontrol(): Promise<void> {
  // Before runAsProcess: it gives SIGINT a plain exit only when nobody handles it yet.
  const interrupts = createInterrupts();
  const { hypcontrolMain, hypcontrolProcessIo } = await import('./hypcontrol.js');
  runAsProcess(
    () => hypcontrolMain(process.argv.slice(2), hypcontrolProcessIo(interrupts)),
    'hypcontrol',
    interrupts.hungUp,
  );
}

/** The panel. Leaves as soon as it is closed, whatever timers remain. */
export async function runPanel(): Promise<void> {
  // chalk (through Ink) turns colour off whenever CI is set, and the panel must run with CI=0 under test
  // harnesses and some SSH setups; so decide from the terminal itself, before Ink is loaded.
  const level = colourLevel(process.env, Boolean(process.stdout.isTTY));
  if (level !== undefined) process.env.FORCE_COLOR = String(level);
  // React's production build is chosen when the panel is bundled (npm run build defines NODE_ENV there): its
  // development build costs several times the CPU on every frame.
  const { tuiMain } = await import('./canopsis-tui.js');
  tuiMain(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`canopsis-tui: internal error: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}
