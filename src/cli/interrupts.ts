/**
 * Ctrl-C for `service` and `hypcontrol`: while a run that must not stop halfway is in flight (a restart,
 * a platform action), the first Ctrl-C interrupts it (it finishes what is in flight and reports), the
 * second abandons it and the process ends at once; otherwise Ctrl-C ends the process at once. Either way
 * the process ends through 'exit', so what it started (initscript groups) is stopped with it.
 */
import type { CliIo } from './io.js';

export function createInterrupts(): NonNullable<CliIo['interrupts']> {
  const interrupted = new AbortController();
  const abandoned = new AbortController();
  let guarded = 0;
  process.on('SIGINT', () => {
    if (guarded > 0 && !interrupted.signal.aborted) return interrupted.abort();
    if (guarded > 0) abandoned.abort();
    process.exit(130);
  });
  return {
    interrupted: interrupted.signal,
    abandoned: abandoned.signal,
    guard(on) {
      guarded += on ? 1 : -1;
    },
  };
}
