/**
 * Ctrl-Z for a full-screen program (FIELD-NOTES, "Ink input and job control"): in raw mode Ctrl-Z is a
 * byte, not a signal, so the panel suspends itself: terminal restored, then SIGSTOP; on `fg` (SIGCONT)
 * raw mode and the alternate screen come back and the panel redraws. SIGTSTP sent from outside takes
 * the same path.
 */
export interface Suspender {
  suspend(): void;
  /** Calls `listener` after each resume (so the screen redraws); returns the function that stops it. */
  onResume(listener: () => void): () => void;
}

export interface TerminalModes {
  enterFullScreen(): void;
  leaveFullScreen(): void;
}

export function createSuspender(terminal: TerminalModes, stdin: NodeJS.ReadStream = process.stdin): Suspender {
  const listeners = new Set<() => void>();
  const suspender: Suspender = {
    suspend() {
      terminal.leaveFullScreen();
      if (stdin.isTTY) stdin.setRawMode(false);
      // Stops here until the shell's `fg` sends SIGCONT.
      process.kill(process.pid, 'SIGSTOP');
      if (stdin.isTTY) stdin.setRawMode(true);
      terminal.enterFullScreen();
      listeners.forEach((listener) => listener());
    },
    onResume(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  process.on('SIGTSTP', suspender.suspend);
  return suspender;
}
