/** Runs `task` every `intervalMs`, never two at once; `runNow` asks for a run as soon as the current one ends. */
import { useCallback, useEffect, useRef } from 'react';

export function useLoop(task: () => Promise<void>, intervalMs: number): () => void {
  const state = useRef({
    running: false,
    again: false,
    stopped: false,
    timer: undefined as NodeJS.Timeout | undefined,
  });
  const latest = useRef(task);
  latest.current = task;

  const run = useCallback(async () => {
    const s = state.current;
    if (s.stopped) return;
    if (s.running) {
      s.again = true;
      return;
    }
    clearTimeout(s.timer);
    s.running = true;
    try {
      await latest.current();
    } finally {
      s.running = false;
      if (!s.stopped) {
        if (s.again) {
          s.again = false;
          void run();
        } else s.timer = setTimeout(() => void run(), intervalMs);
      }
    }
  }, [intervalMs]);

  useEffect(() => {
    const s = state.current;
    s.stopped = false;
    void run();
    return () => {
      s.stopped = true;
      clearTimeout(s.timer);
    };
  }, [run]);

  return useCallback(() => void run(), [run]);
}
