/**
 * supervisord's files as its own reader sees them on this machine (the reader's ConfigSource): regular
 * files only (a FIFO never blocks a read), at most MAX_CONFIG_BYTES, UTF-8 checked line by line, globs as
 * Python's glob.glob, accounts from /etc/passwd and /etc/group.
 */
import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import type { ConfigSource, FileRead } from '../core/config/supervisord-config.js';

/** A config file bigger than this is refused: no real one comes close, and reading it would stall the panel. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** `os.path.lexists`: true for a dangling symbolic link too. */
function lexists(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Python's glob for one absolute pattern: segment by segment, `*` not matching a leading dot, no
 * recursion, dangling links listed. Hand-written on picomatch because supervisord's include semantics
 * are this narrow (fast-glob and tinyglobby follow other rules for links and dotfiles).
 */
export function globFiles(pattern: string): string[] {
  return globOver(pattern, { readdir: (dir) => fs.readdirSync(dir), lexists, isDirectory });
}

/** What a glob walks: a folder's entries (throws when it cannot be listed), and what a path is. */
export interface GlobTree {
  readdir(dir: string): string[];
  lexists(file: string): boolean;
  isDirectory(dir: string): boolean;
}

/** Python's glob.glob (no `**`, dot files only for a dot pattern) over any tree of files. */
export function globOver(pattern: string, tree: GlobTree): string[] {
  const parts = pattern.split('/').filter(Boolean);
  let found: string[] = ['/'];
  parts.forEach((part, index) => {
    const last = index === parts.length - 1;
    if (!/[*?[]/.test(part)) {
      found = found
        .map((dir) => path.posix.join(dir, part))
        .filter((candidate) => (last ? tree.lexists(candidate) : tree.isDirectory(candidate)));
      return;
    }
    const match = picomatch(part, { dot: part.startsWith('.'), nobrace: true, noextglob: true, noglobstar: true });
    found = found.flatMap((dir) => {
      try {
        const visible = tree.readdir(dir).filter((entry) => part.startsWith('.') || !entry.startsWith('.'));
        return visible.filter((entry) => match(entry)).map((entry) => path.posix.join(dir, entry));
      } catch {
        return [];
      }
    });
  });
  return found;
}

/** `fs.statSync` (following links), or undefined when there is nothing to stat. */
export function statOf(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

const isDirectory = (dir: string) => statOf(dir)?.isDirectory() ?? false;

function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isSocket()) return 'a socket';
  return stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device' : 'not a regular file';
}

/** Why a file could not be opened; `skipped` when supervisord's reader would pass over it too. */
function openProblem(file: string, error: NodeJS.ErrnoException): FileRead {
  switch (error.code) {
    case 'ENOENT':
      return { ok: false, skipped: true, problem: lexists(file) ? 'dangling symbolic link' : 'file not found' };
    case 'ELOOP':
      return { ok: false, skipped: true, problem: 'symbolic link loop' };
    case 'EACCES':
    case 'EPERM':
      return { ok: false, skipped: true, problem: 'permission denied' };
    case 'EISDIR':
      return { ok: false, skipped: true, problem: 'a directory, not a file' };
    default:
      return { ok: false, skipped: false, problem: `cannot be read: ${error.code ?? error.message}` };
  }
}

/** Reads a regular file; opened non-blocking, so a FIFO or device is named, never waited on. */
export function readRegularFile(file: string): FileRead {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (error) {
    return openProblem(file, error as NodeJS.ErrnoException);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory() || stat.isSocket())
      return { ok: false, skipped: true, problem: `${kindOf(stat)}, not a file` };
    if (!stat.isFile())
      return {
        ok: false,
        skipped: false,
        problem: `${kindOf(stat)}, not a regular file: refused (supervisord would block reading it)`,
      };
    if (stat.size > MAX_CONFIG_BYTES) {
      return { ok: false, skipped: false, problem: `${stat.size} bytes, over the 1 MB a config file may be: refused` };
    }
    return bytesRead(fs.readFileSync(fd));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Whether a user or group exists, as Python's pwd and grp would say: by name or number, from /etc/passwd
 * and /etc/group (the accounts of a Canopsis host; a directory service's are not seen, so an unknown
 * name is only refused when the files can be read at all).
 */
function account(kind: 'user' | 'group', name: string): boolean {
  let text: string;
  try {
    text = fs.readFileSync(kind === 'user' ? '/etc/passwd' : '/etc/group', 'utf8');
  } catch {
    return true;
  }
  return accountIn(text, name);
}

/** Whether /etc/passwd's or /etc/group's text names this account, by name or number. */
export function accountIn(text: string, name: string): boolean {
  const numeric = /^\s*[+-]?\d+\s*$/.test(name);
  return text.split('\n').some((line) => {
    const fields = line.split(':');
    return numeric ? Number(fields[2]) === Number(name) && fields[2] !== '' : fields[0] === name;
  });
}

/** A regular file's bytes as the reader takes them: at most MAX_CONFIG_BYTES, UTF-8 or the line that is not. */
export function bytesRead(bytes: Buffer): FileRead {
  if (bytes.length > MAX_CONFIG_BYTES)
    return { ok: false, skipped: false, problem: `${bytes.length} bytes, over the 1 MB a config file may be: refused` };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    return { ok: false, skipped: false, ...notUtf8(bytes) };
  }
}

/** The first byte of the sequence at which a line stops decoding (fed one byte at a time). */
function firstBadByte(line: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let boundary = 0;
  for (let index = 0; index < line.length; index += 1) {
    try {
      if (decoder.decode(line.subarray(index, index + 1), { stream: true }) !== '') boundary = index + 1;
    } catch {
      return line[boundary]!;
    }
  }
  return line[boundary] ?? 0;
}

/** Where a file stops being UTF-8: the first line that does not decode, and its first bad byte. */
function notUtf8(bytes: Buffer): { line: number; problem: string } {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  for (let line = 1; start <= bytes.length; line += 1) {
    const end = bytes.indexOf(0x0a, start) === -1 ? bytes.length : bytes.indexOf(0x0a, start);
    try {
      decoder.decode(bytes.subarray(start, end));
    } catch {
      const bad = firstBadByte(bytes.subarray(start, end)).toString(16);
      return { line, problem: `byte 0x${bad} is not UTF-8: supervisord cannot read this file` };
    }
    start = end + 1;
  }
  return { line: 1, problem: 'not valid UTF-8: supervisord cannot read it' };
}

export const fileConfigSource: ConfigSource = { read: readRegularFile, glob: globFiles, isDirectory, account };
