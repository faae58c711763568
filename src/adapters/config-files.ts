/** The Canopsis home's files on disk: supervisord config (with includes), initscripts, hypcontrol.conf. */
import fs from 'node:fs';
import { NO_SETTINGS, parseSettings, type Settings } from '../core/config/settings.js';
import os from 'node:os';
import path from 'node:path';
import picomatch from 'picomatch';
import { ConfigError } from '../core/model/config-error.js';
import { parseHypcontrolConf, type HypcontrolConf } from '../core/config/hypcontrol-conf.js';
import type { HomeFiles } from '../core/home.js';
import {
  readDaemonAddress,
  readSupervisordConfig,
  type ConfigSource,
  type FileRead,
  type ReadOptions,
} from '../core/config/supervisord-config.js';

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
  const parts = pattern.split('/').filter(Boolean);
  let found: string[] = ['/'];
  parts.forEach((part, index) => {
    const last = index === parts.length - 1;
    if (!/[*?[]/.test(part)) {
      found = found
        .map((dir) => path.posix.join(dir, part))
        .filter((candidate) => (last ? lexists(candidate) : isDirectory(candidate)));
      return;
    }
    const match = picomatch(part, { dot: part.startsWith('.'), nobrace: true, noextglob: true, noglobstar: true });
    found = found.flatMap((dir) => {
      try {
        const visible = fs.readdirSync(dir).filter((entry) => part.startsWith('.') || !entry.startsWith('.'));
        return visible.filter((entry) => match(entry)).map((entry) => path.posix.join(dir, entry));
      } catch {
        return [];
      }
    });
  });
  return found;
}

/** `fs.statSync` (following links), or undefined when there is nothing to stat. */
function statOf(file: string): fs.Stats | undefined {
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
    const bytes = fs.readFileSync(fd);
    try {
      return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
    } catch {
      return { ok: false, skipped: false, ...notUtf8(bytes) };
    }
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
  const numeric = /^\s*[+-]?\d+\s*$/.test(name);
  return text.split('\n').some((line) => {
    const fields = line.split(':');
    return numeric ? Number(fields[2]) === Number(name) && fields[2] !== '' : fields[0] === name;
  });
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

/** The regular files in `dir` (following symlinks), executable or not; empty when the folder is absent. */
export function listInitscripts(dir: string): { runnable: string[]; notExecutable: string[] } {
  const found = { runnable: [] as string[], notExecutable: [] as string[] };
  let entries: string[];
  try {
    entries = fs.readdirSync(dir).sort();
  } catch {
    return found;
  }
  for (const entry of entries) {
    const file = path.join(dir, entry);
    if (!statOf(file)?.isFile()) continue;
    try {
      fs.accessSync(file, fs.constants.X_OK);
      found.runnable.push(entry);
    } catch {
      found.notExecutable.push(entry);
    }
  }
  return found;
}

function attempt<T>(read: () => T): T | ConfigError {
  try {
    return read();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
}

/** Reads hypcontrol.conf; a missing file is SPEC 2's `Can't find configuration: PATH`. */
export function readHypcontrolFile(file: string): HypcontrolConf | ConfigError {
  const read = readRegularFile(file);
  if (!read.ok)
    return new ConfigError(
      file,
      undefined,
      read.problem === 'file not found' ? `Can't find configuration: ${file}` : read.problem,
    );
  return attempt(() => parseHypcontrolConf(read.text, file));
}

/** What supervisord started on `~/etc/supervisord.conf` would see: HOME is the Canopsis home. */
export function daemonReadOptions(home: string, env: NodeJS.ProcessEnv): ReadOptions {
  return { env: { ...env, HOME: home }, hostname: os.hostname() };
}

function initscripts(dir: string): Pick<HomeFiles, 'lsb' | 'lsbNotExecutable'> {
  const { runnable, notExecutable } = listInitscripts(dir);
  return { lsb: runnable, lsbNotExecutable: notExecutable };
}

/** Reads the whole home; file problems are returned as ConfigError values, not thrown. */
export function readHome(home: string, env: NodeJS.ProcessEnv): HomeFiles {
  const etc = path.join(home, 'etc');
  const supervisordConf = path.join(etc, 'supervisord.conf');
  const options = daemonReadOptions(home, env);
  const config = attempt(() => readSupervisordConfig(fileConfigSource, supervisordConf, options));
  return {
    home,
    etc,
    supervisordConf,
    config,
    daemon:
      config instanceof ConfigError
        ? attempt(() => readDaemonAddress(fileConfigSource, supervisordConf, options))
        : config,
    ...initscripts(path.join(etc, 'init.d')),
    hypcontrol: readHypcontrolFile(path.join(etc, 'hypcontrol.conf')),
    settings: readSettingsFile(settingsFile(home)),
  };
}

/** The settings file of a home. */
export function settingsFile(home: string): string {
  return path.join(home, 'etc', 'canopsis-tui.ini');
}

/** Reads `~/etc/canopsis-tui.ini` (optional) as a regular file, never waiting on a FIFO. */
export function readSettingsFile(file: string): Settings {
  const read = readRegularFile(file);
  if (read.ok) return parseSettings(read.text, file);
  if (read.problem === 'file not found') return NO_SETTINGS;
  return { ...NO_SETTINGS, problems: [`${file}: ${read.problem}`] };
}
