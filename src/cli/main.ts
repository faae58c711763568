/** Runs a command's main function as a process: exit code set, unexpected errors shown without a stack. */
export function runAsProcess(main: () => Promise<number>, program: string, hungUp?: () => boolean): void {
  // A reader that went away (`| head`) is not an error worth a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      // A terminal that hung up (EIO) takes nothing more: the action goes on, and the journal says how it ended.
      if (error.code === 'EIO' || (error.code === 'EPIPE' && hungUp?.())) return;
      if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
      throw error;
    });
  }
  // A signal ends the process through 'exit', so what it started (initscript groups) is stopped with it.
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    if (process.listenerCount(signal) === 0) process.once(signal, () => process.exit(code));
  }
  main().then(
    (code) => {
      process.exitCode = code;
      if (hungUp?.()) endByHangup();
    },
    (error: unknown) => {
      const detail = process.env.CANOPSIS_TUI_DEBUG ? (error as Error).stack : (error as Error).message;
      process.stderr.write(`${program}: internal error: ${detail}\n`);
      process.exitCode = 1;
    },
  );
}

/**
 * Ends the process as the hangup would have, once what was in flight is done: by SIGHUP's default action.
 * A normal exit would reset the dead terminal's modes, which Node 20 asserts on (EIO) with a native trace.
 */
export function endByHangup(): never {
  process.removeAllListeners('SIGHUP');
  process.kill(process.pid, 'SIGHUP');
  // The signal is delivered before this returns; should it not be, leave anyway.
  process.exit(129);
}
