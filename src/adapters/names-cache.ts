/**
 * The names each node answered last (SPEC 10), one file per node under `~/var/run/canopsis-tui-names/`, one
 * name a line. Written whole and renamed into place, so that a Tab reading it never sees half a list; only
 * written when the list changed. Hand-written: a few lines of fs, no package does less.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { NamesCachePort } from '../core/ports.js';

export function createNamesCache(runDir: string): NamesCachePort {
  const dir = path.join(runDir, 'canopsis-tui-names');
  const file = (node: string) => path.join(dir, `${encodeURIComponent(node)}.names`);
  const read = (node: string) => {
    try {
      return fs.readFileSync(file(node), 'utf8');
    } catch {
      return undefined;
    }
  };
  return {
    remember(node, names) {
      const text = names.map((name) => `${name}\n`).join('');
      if (read(node) === text) return;
      const temporary = `${file(node)}.${process.pid}`;
      try {
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        fs.writeFileSync(temporary, text, { mode: 0o600 });
        fs.renameSync(temporary, file(node));
      } catch {
        fs.rmSync(temporary, { force: true });
      }
    },
    recall(node) {
      const text = read(node);
      return text === undefined ? undefined : text.split('\n').filter((line) => line !== '');
    },
  };
}
