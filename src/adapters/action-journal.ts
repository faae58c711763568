/**
 * `~/var/log/canopsis-tui/actions.log`: one JSON line per action of any command on the home (SPEC 9).
 *
 * Appends are atomic across processes: each entry is one write(2) on a descriptor opened with O_APPEND, so
 * lines from two commands never interleave. The file rotates by size (`actions.log.1` .. `.KEEP`). Rotation
 * is a few renames under a lock file taken with O_EXCL; it is hand-written because the one lock package
 * the ecosystem uses for this (proper-lockfile) is asynchronous and brings three dependencies for what is
 * here a dozen lines, and a rotation skipped while another process rotates loses nothing (it is retried
 * at the next append).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  journalEntry,
  parseJournal,
  type Actor,
  type JournalCommand,
  type JournalEntry,
} from '../core/report/journal.js';
import type { JournalPort } from '../core/ports.js';

export const JOURNAL_MAX_BYTES = 1024 * 1024;
export const JOURNAL_KEEP = 5;
/** A lock older than this was left by a process that died while rotating. */
const STALE_LOCK_MS = 10_000;
/** The most one read takes: a journal line is short, and a reader catches up in several reads. */
const READ_MAX = 1024 * 1024;

/** Who runs this process: the person behind `sudo` when there is one, and where they came from. */
export function actorOf(command: JournalCommand, env: NodeJS.ProcessEnv): Actor {
  let user = env.SUDO_USER || '';
  if (!user) {
    try {
      user = os.userInfo().username;
    } catch {
      user = env.USER || env.LOGNAME || `uid ${process.getuid?.() ?? '?'}`;
    }
  }
  const ssh = (env.SSH_CLIENT || env.SSH_CONNECTION || '').trim().split(/\s+/)[0];
  return { user, origin: ssh || terminalName() || 'no terminal', command, pid: process.pid };
}

function terminalName(): string | undefined {
  for (const fd of [0, 1, 2]) {
    try {
      const target = fs.readlinkSync(`/proc/self/fd/${fd}`);
      if (target.startsWith('/dev/pts/') || target.startsWith('/dev/tty')) return target;
    } catch {
      // No /proc, or a closed descriptor: try the next.
    }
  }
  return undefined;
}

const message = (error: unknown) => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

export function createActionJournal(
  logDir: string,
  actor: Actor,
  options: { maxBytes?: number; keep?: number; now?: () => number } = {},
): JournalPort {
  const file = path.join(logDir, 'actions.log');
  const maxBytes = options.maxBytes ?? JOURNAL_MAX_BYTES;
  const keep = options.keep ?? JOURNAL_KEEP;
  const now = options.now ?? Date.now;
  const rotated = (index: number) => `${file}.${index}`;

  const rotate = () => {
    const lock = `${file}.lock`;
    try {
      fs.closeSync(fs.openSync(lock, 'wx', 0o600));
    } catch {
      try {
        if (now() - fs.statSync(lock).mtimeMs > STALE_LOCK_MS) fs.unlinkSync(lock);
      } catch {
        // Gone meanwhile: the next append tries again.
      }
      return;
    }
    try {
      // Another process may have rotated between our look at the size and taking the lock.
      if (fs.statSync(file).size < maxBytes) return;
      for (let index = keep - 1; index >= 1; index -= 1) {
        if (fs.existsSync(rotated(index))) fs.renameSync(rotated(index), rotated(index + 1));
      }
      fs.renameSync(file, rotated(1));
    } catch {
      // A rename that failed leaves the file growing; appends still work.
    } finally {
      fs.rmSync(lock, { force: true });
    }
  };

  const readFrom = (name: string, offset: number): { text: string; size: number; inode: number } | undefined => {
    let fd: number | undefined;
    try {
      fd = fs.openSync(name, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOFOLLOW);
      const stat = fs.fstatSync(fd);
      if (!stat.isFile()) return undefined;
      const start = Math.min(Math.max(0, offset), stat.size);
      const length = Math.min(stat.size - start, READ_MAX);
      const buffer = Buffer.alloc(length);
      const read = length > 0 ? fs.readSync(fd, buffer, 0, length, start) : 0;
      return { text: buffer.subarray(0, read).toString('utf8'), size: start + read, inode: stat.ino };
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  };

  /** The whole lines of a read from `offset`, and the offset after the last of them. */
  const wholeLines = (name: string, offset: number) => {
    const read = readFrom(name, offset);
    if (!read) return undefined;
    const end = read.text.lastIndexOf('\n') + 1;
    return {
      entries: parseJournal(read.text.slice(0, end)).entries,
      next: offset + Buffer.byteLength(read.text.slice(0, end)),
      inode: read.inode,
    };
  };

  return {
    actor,
    record(record) {
      const line = `${JSON.stringify(journalEntry(record, actor, now()))}\n`;
      let fd: number | undefined;
      try {
        fs.mkdirSync(logDir, { recursive: true, mode: 0o750 });
        fd = fs.openSync(
          file,
          fs.constants.O_WRONLY |
            fs.constants.O_APPEND |
            fs.constants.O_CREAT |
            fs.constants.O_NOFOLLOW |
            fs.constants.O_NONBLOCK,
          0o640,
        );
        const stat = fs.fstatSync(fd);
        if (!stat.isFile()) return `${file} is not a regular file`;
        fs.writeSync(fd, line);
        if (stat.size + line.length >= maxBytes) rotate();
        return undefined;
      } catch (error) {
        return `cannot write ${file}: ${message(error)}`;
      } finally {
        if (fd !== undefined) fs.closeSync(fd);
      }
    },
    recent(count) {
      const entries: JournalEntry[] = [];
      let problem: string | undefined;
      for (let index = 0; index <= keep && entries.length < count; index += 1) {
        const name = index === 0 ? file : rotated(index);
        if (!fs.existsSync(name)) {
          if (index === 0) continue;
          break;
        }
        const read = readFrom(name, Math.max(0, (fs.statSync(name).size || 0) - READ_MAX));
        if (!read) {
          problem = `cannot read ${name}`;
          break;
        }
        entries.unshift(...parseJournal(read.text).entries.slice(-(count - entries.length)));
      }
      return problem ? { entries, problem } : { entries };
    },
    since(position) {
      let current: fs.Stats;
      try {
        current = fs.statSync(file);
      } catch {
        // No journal yet: the first file to appear is read from its start.
        return { entries: [], position: { inode: -1, offset: 0 } };
      }
      if (!position) return { entries: [], position: { inode: current.ino, offset: current.size } };
      const entries: JournalEntry[] = [];
      let offset = position.offset;
      if (current.ino !== position.inode) {
        // Rotated: the rest of the file we were reading is now `.1`, when it is still the same file.
        const old = wholeLines(rotated(1), position.offset);
        if (old && old.inode === position.inode) entries.push(...old.entries);
        offset = 0;
      } else if (current.size < offset) {
        offset = 0;
      }
      const fresh = wholeLines(file, offset);
      if (!fresh) return { entries, position: { inode: current.ino, offset } };
      entries.push(...fresh.entries);
      return { entries, position: { inode: fresh.inode, offset: fresh.next } };
    },
  };
}
