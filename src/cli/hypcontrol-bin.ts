/** Entry point of bin/hypcontrol. Ctrl-C stops launching and reports; a second Ctrl-C leaves at once. */
import { hypcontrolMain, hypcontrolProcessIo } from './hypcontrol.js';
import { createInterrupts } from './interrupts.js';
import { runAsProcess } from './main.js';

// Before runAsProcess: it gives SIGINT a plain exit only when nobody handles it yet.
const interrupts = createInterrupts();
runAsProcess(
  () => hypcontrolMain(process.argv.slice(2), hypcontrolProcessIo(interrupts)),
  'hypcontrol',
  interrupts.hungUp,
);
