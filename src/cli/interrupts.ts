/**
 * Ctrl-C and a dropped link for `service` and `hypcontrol`. Ctrl-C: while a run that must not stop halfway
 * is in flight (a restart, a platform action), the first Ctrl-C interrupts it (it finishes what is in
 * flight and reports), the second abandons it and the process ends at once; otherwise Ctrl-C ends the
 * process at once, through 'exit', so what it started (initscript groups) is stopped with it.
 * SIGHUP (sshd, when the link drops): nobody is watching any more, so an action in flight is not cut short:
 * it completes and journals its outcome, then the process ends (SPEC 11). Writes to the dead terminal fail
 * and are dropped (main.ts).
 */
import type { CliIo } from './io.js';

export function createInterrupts(): NonNullable<CliIo['interrupts']> {
  const interrupted = new AbortController();
  const abandoned = new AbortController();
  let guarded = 0;
  let held = 0;
  let hungUp = false;
  process.on('SIGINT', () => {
    if (guarded > 0 && !interrupted.signal.aborted) return interrupted.abort();
    if (guarded > 0) abandoned.abort();
    process.exit(130);
  });
  process.on('SIGHUP', () => {
    hungUp = true;
    if (held === 0 && guarded === 0) process.exit(129);
  });
  return {
    interrupted: interrupted.signal,
    abandoned: abandoned.signal,
    guard(on) {
      guarded += on ? 1 : -1;
    },
    hold(on) {
      held += on ? 1 : -1;
    },
    hungUp: () => hungUp,
  };
}
