/** Watches `~/etc` with chokidar and calls back once per burst of changes (editors save in several steps). */
import path from 'node:path';
import { watch } from 'chokidar';

const DEBOUNCE_MS = 250;

/** Editor droppings that are not configuration. */
function ignored(file: string): boolean {
  const base = path.basename(file);
  return /\.(swp|swx|swo|tmp)$|~$|^\.#|^#.*#$|^4913$/.test(base) || (base.startsWith('.') && base !== path.basename(path.dirname(file)));
}

/** Starts watching; returns the function that stops it. */
export function watchEtc(etc: string, onChange: () => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(etc, { ignoreInitial: true, depth: 3, ignored });
  watcher.on('all', () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, DEBOUNCE_MS);
  });
  // A watch error (a folder removed under us) must not take the panel down; the next change re-reads.
  watcher.on('error', () => undefined);
  return () => {
    clearTimeout(timer);
    void watcher.close();
  };
}
