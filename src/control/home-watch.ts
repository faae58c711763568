/** How the panel watches `~/etc`: from supervisord's first answer on, and every second while a file is broken. */

/** At the latest, when the watcher starts if supervisord has not answered yet. */
const WATCH_DELAY_MS = 2_000;
/** While the last reading had problems, how often it is read again. */
const RECHECK_MS = 1_000;

export interface HomeWatch {
  /** Supervisord answered: the watcher may start (its first scan no longer delays the first frame). */
  answered(): void;
  stop(): void;
}

/**
 * `start` begins watching and returns how to stop. It is called on `answered()` or after 2 s, whichever comes
 * first; one `onChange` then covers what may have changed meanwhile. A watcher cannot see every repair (a
 * link loop removed, a folder's mode restored): while `broken()` says so, `onChange` runs every second.
 */
export function deferredWatch(
  start: (onChange: () => void) => () => void,
  onChange: () => void,
  broken: () => boolean,
): HomeWatch {
  let stop: (() => void) | undefined;
  let stopped = false;
  const begin = () => {
    if (stop || stopped) return;
    stop = start(onChange);
    onChange();
  };
  const fallback = setTimeout(begin, WATCH_DELAY_MS);
  const recheck = setInterval(() => {
    if (broken()) onChange();
  }, RECHECK_MS);
  return {
    answered() {
      clearTimeout(fallback);
      setImmediate(begin);
    },
    stop() {
      stopped = true;
      clearTimeout(fallback);
      clearInterval(recheck);
      stop?.();
    },
  };
}
