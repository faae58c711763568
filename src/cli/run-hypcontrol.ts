/** `hypcontrol` as a function, for its bin entry and the one-file install (see run-service.ts). */
import { createInterrupts } from './interrupts.js';
import { runAsProcess } from './main.js';

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
