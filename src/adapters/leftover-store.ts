/**
 * What stops left running, kept in `~/var/run/canopsis-tui-leftovers.json` so that every command and every
 * panel on the home sees it: a `service stop` in one terminal shows as `LEFTOVERS` in a panel, and a
 * later start says so first. Written whole to a temporary file and renamed (a reader never sees half). Read
 * only when its owner is this account (or root) and nobody else may write it: it names processes to kill.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { LeftoverStorePort, ProcessTreePort } from '../core/ports.js';
import type { ProcessEntry } from '../core/model/process-entry.js';

const isEntry = (value: unknown): value is ProcessEntry => {
  const entry = value as ProcessEntry;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    Number.isInteger(entry.pid) &&
    Number.isInteger(entry.startTicks) &&
    typeof entry.name === 'string'
  );
};

export function createLeftoverStore(runDir: string, tree: ProcessTreePort): LeftoverStorePort {
  const file = path.join(runDir, 'canopsis-tui-leftovers.json');
  const readRaw = (): Map<string, ProcessEntry[]> => {
    let parsed: unknown;
    try {
      // The file names processes to kill: one someone else could have written is not trusted.
      const stat = fs.statSync(file);
      const mine = stat.uid === process.getuid?.() || stat.uid === 0;
      if (!stat.isFile() || !mine || (stat.mode & 0o022) !== 0) return new Map();
      parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      return new Map();
    }
    if (typeof parsed !== 'object' || parsed === null) return new Map();
    const entries = Object.entries(parsed as Record<string, unknown>).map(
      ([name, list]) => [name, Array.isArray(list) ? list.filter(isEntry) : []] as const,
    );
    return new Map(entries);
  };
  const read = () => {
    const alive = new Map<string, ProcessEntry[]>();
    for (const [name, entries] of readRaw()) {
      const living = tree.alive(entries);
      if (living.length > 0) alive.set(name, living);
    }
    return alive;
  };
  return {
    read,
    write(changes) {
      const next = read();
      for (const [name, entries] of changes) {
        if (entries.length > 0) next.set(name, [...entries]);
        else next.delete(name);
      }
      try {
        fs.mkdirSync(runDir, { recursive: true });
        const temporary = `${file}.${process.pid}`;
        fs.writeFileSync(temporary, JSON.stringify(Object.fromEntries(next)), { mode: 0o644 });
        fs.chmodSync(temporary, 0o644);
        fs.renameSync(temporary, file);
      } catch {
        // Not writable: this command still reports its leftovers; only other commands will not know of them.
      }
    },
  };
}
