/** The Canopsis home's files on disk: supervisord config (with includes), initscripts, hypcontrol.conf. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import picomatch from 'picomatch';
import { ConfigError } from '../core/config-error.js';
import { parseHypcontrolConf, type HypcontrolConf } from '../core/hypcontrol-conf.js';
import type { HomeFiles } from '../core/home.js';
import { readSupervisordConfig, type ConfigSource } from '../core/supervisord-config.js';

/**
 * Python's glob for one absolute pattern: segment by segment, `*` not matching a leading dot, no
 * recursion. Hand-written on picomatch because supervisord's include semantics are this narrow.
 */
export function globFiles(pattern: string): string[] {
  const parts = pattern.split(path.sep).filter(Boolean);
  let found: string[] = [path.sep];
  for (const part of parts) {
    if (!/[*?[]/.test(part)) {
      found = found.map((dir) => path.join(dir, part)).filter((candidate) => fs.existsSync(candidate));
      continue;
    }
    const match = picomatch(part, { dot: false, nobrace: true, noextglob: true });
    found = found.flatMap((dir) => {
      try {
        return fs.readdirSync(dir).filter((entry) => match(entry)).map((entry) => path.join(dir, entry));
      } catch {
        return [];
      }
    });
  }
  return found;
}

export const fileConfigSource: ConfigSource = {
  read(file: string): string {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const problem = code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
      throw new ConfigError(file, undefined, problem);
    }
  },
  glob: globFiles,
};

/** Executable regular files in `dir` (following symlinks); empty when the folder is absent. */
export function listInitscripts(dir: string): string[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return entries
    .filter((entry) => {
      const file = path.join(dir, entry);
      try {
        if (!fs.statSync(file).isFile()) return false;
        fs.accessSync(file, fs.constants.X_OK);
        return true;
      } catch {
        return false;
      }
    })
    .sort();
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
  if (!fs.existsSync(file)) return new ConfigError(file, undefined, `Can't find configuration: ${file}`);
  return attempt(() => parseHypcontrolConf(fileConfigSource.read(file), file));
}

/** Reads the whole home; file problems are returned as ConfigError values, not thrown. */
export function readHome(home: string, env: NodeJS.ProcessEnv): HomeFiles {
  const etc = path.join(home, 'etc');
  const supervisordConf = path.join(etc, 'supervisord.conf');
  const expansionEnv = { ...env, HOME: home };
  return {
    home,
    etc,
    supervisordConf,
    config: attempt(() => readSupervisordConfig(fileConfigSource, supervisordConf, expansionEnv, os.hostname())),
    lsb: listInitscripts(path.join(etc, 'init.d')),
    hypcontrol: readHypcontrolFile(path.join(etc, 'hypcontrol.conf')),
  };
}
