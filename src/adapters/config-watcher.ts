/**
 * Watches `~/etc` with chokidar and calls back once per burst of changes (editors save in several steps).
 * chokidar stops for good when the folder it watches goes away (`mv etc etc.old`, a restore); so when it
 * does, this one waits for the folder to be back and watches it anew.
 */
import fs from 'node:fs';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';

const DEBOUNCE_MS = 250;
const REARM_POLL_MS = 250;

/** Editor droppings that are not configuration. */
function ignored(file: string): boolean {
  const base = path.basename(file);
  return (
    /\.(swp|swx|swo|tmp)$|~$|^\.#|^#.*#$|^4913$/.test(base) ||
    (base.startsWith('.') && base !== path.basename(path.dirname(file)))
  );
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** chokidar drops every listener on close, and a stat still in flight may then emit 'error': keep one. */
function closeQuietly(watcher: FSWatcher | undefined): void {
  if (!watcher) return;
  void watcher.close();
  watcher.on('error', () => undefined);
}

/** Starts watching; returns the function that stops it. */
export function watchEtc(etc: string, onChange: () => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  let rearm: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, DEBOUNCE_MS);
  };
  const lost = () => {
    closeQuietly(watcher);
    watcher = undefined;
    changed();
    clearInterval(rearm);
    rearm = setInterval(() => {
      if (!isDirectory(etc)) return;
      clearInterval(rearm);
      start();
      changed();
    }, REARM_POLL_MS);
  };
  const start = () => {
    const current = watch(etc, { ignoreInitial: true, depth: 3, ignored });
    watcher = current;
    current.on('all', (event, file) => {
      if (watcher !== current) return;
      if (event === 'unlinkDir' && path.resolve(file) === path.resolve(etc)) lost();
      else changed();
    });
    // An error on one entry (a new link loop, a folder removed under us) is a change worth a re-read, never
    // the end of the panel; the loss of ~/etc itself arrives as its unlinkDir.
    current.on('error', () => {
      if (watcher === current) changed();
    });
  };
  if (isDirectory(etc)) start();
  else lost();
  return () => {
    clearTimeout(timer);
    clearInterval(rearm);
    closeQuietly(watcher);
    watcher = undefined;
  };
}
