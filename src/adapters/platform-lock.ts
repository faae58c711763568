/**
 * The home's platform lock on disk: a file created exclusively (O_EXCL) holding the pid, its start time,
 * the verb and when it began. A lock whose process is gone, or whose pid now runs something started
 * later (a reused pid), is taken over. Released on release() and, whatever happens, on process exit.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PlatformHolder, PlatformLockPort } from '../core/ports.js';
import { isAlive, processStartedAt } from './supervisord-launcher.js';

interface LockFile extends PlatformHolder {
  /** The holder's start time, to tell it from a later process that got the same pid. */
  startedAt: number | undefined;
}

function read(file: string): LockFile | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockFile;
  } catch {
    return undefined;
  }
}

function stillHeld(lock: LockFile): boolean {
  if (!isAlive(lock.pid)) return false;
  const started = processStartedAt(lock.pid);
  return lock.startedAt === undefined || started === undefined || Math.abs(started - lock.startedAt) < 1_000;
}

/** The lock of the home whose files live in `runDir` (created when missing); `who` is written in it. */
export function createPlatformLock(
  runDir: string,
  who: { user: string; origin: string } = { user: '?', origin: '?' },
): PlatformLockPort {
  const file = path.join(runDir, 'canopsis-tui-platform.lock');
  return {
    acquire(verb) {
      fs.mkdirSync(runDir, { recursive: true, mode: 0o700 });
      const mine: LockFile = {
        pid: process.pid,
        verb,
        since: Date.now(),
        startedAt: processStartedAt(process.pid),
        ...who,
      };
      let dead: LockFile | undefined;
      for (let attempt = 0; attempt < 2; attempt += 1) {
        try {
          fs.writeFileSync(file, JSON.stringify(mine), { flag: 'wx', mode: 0o600 });
          const release = () => {
            process.removeListener('exit', release);
            if (read(file)?.pid === process.pid) fs.rmSync(file, { force: true });
          };
          process.once('exit', release);
          return dead ? { ok: true, release, tookOver: holderOf(dead) } : { ok: true, release };
        } catch (error) {
          // A home where the lock cannot be written (read-only, full) still gets its platform actions.
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return { ok: true, release: () => undefined };
        }
        const holder = read(file);
        if (holder && stillHeld(holder)) return { ok: false, holder: holderOf(holder) };
        dead = holder ?? dead;
        fs.rmSync(file, { force: true });
      }
      const holder = read(file);
      return { ok: false, holder: holder ? holderOf(holder) : { pid: 0, verb: 'platform action', since: Date.now() } };
    },
    holder() {
      const lock = read(file);
      return lock && lock.pid !== process.pid && stillHeld(lock) ? holderOf(lock) : undefined;
    },
  };
}

/** What the lock file says of its holder, without its start time. */
function holderOf({ startedAt: _startedAt, ...holder }: LockFile): PlatformHolder {
  return holder;
}
