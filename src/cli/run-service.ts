/**
 * `service` as a function: bin/service's entry runs it, and so does the one-file install when its link is
 * named `service` (scripts/one-file.mjs). Each command has a file of its own so that a bundle of one command
 * holds none of the others (start-up time: the one file's `service` reads no panel code).
 */
import { createInterrupts } from './interrupts.js';
import { processIo } from './io.js';
import { runAsProcess } from './main.js';

/** `service` (or `canopsis-service`: named as it was called, from `invokedAs`). */
export async function runService(invokedAs: string | undefined): Promise<void> {
  const interrupts = createInterrupts();
  // Imported when run: the folder form's bundle shares chunks between the commands (start-up time).
  const { programName, serviceMain } = await import('./service.js');
  const program = programName(invokedAs);
  runAsProcess(
    () => serviceMain(process.argv.slice(2), { ...processIo, interrupts }, program),
    program,
    interrupts.hungUp,
  );
}
