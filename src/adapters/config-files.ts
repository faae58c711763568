/** The Canopsis home's files on disk: supervisord config (with includes), initscripts, hypcontrol.conf, settings. */
import fs from 'node:fs';
import { NO_SETTINGS, parseSettings, type Settings } from '../core/config/settings.js';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../core/model/config-error.js';
import { parseHypcontrolConf, type HypcontrolConf } from '../core/config/hypcontrol-conf.js';
import type { HomeFiles } from '../core/home.js';
import {
  readDaemonAddress,
  readSupervisordConfig,
  type ConfigSource,
  type ReadOptions,
} from '../core/config/supervisord-config.js';
import { fileConfigSource, readRegularFile, statOf } from './file-source.js';

export { fileConfigSource, globFiles, MAX_CONFIG_BYTES, readRegularFile } from './file-source.js';

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

/** supervisord's files from `source`, or where supervisord would refuse them. */
export function readConfigWith(source: ConfigSource, mainFile: string, options: ReadOptions) {
  return attempt(() => readSupervisordConfig(source, mainFile, options));
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
