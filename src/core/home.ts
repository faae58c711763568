/** A Canopsis home as read from disk, and the port that reads and watches it. */
import type { ConfigError } from './model/config-error.js';
import type { HypcontrolConf } from './config/hypcontrol-conf.js';
import type { ServiceDeps } from './ports.js';
import type { Settings } from './config/settings.js';
import type { DaemonAddress, SupervisordConfig } from './config/supervisord-config.js';

export interface HomeFiles {
  home: string;
  etc: string;
  supervisordConf: string;
  /** Everything supervisord would load, or where it would refuse the files; undefined: they are on another node. */
  config: SupervisordConfig | ConfigError | undefined;
  /** How to reach the daemon: from the main file alone, so a broken include never hides it. */
  daemon: DaemonAddress | ConfigError;
  /** Names of the executable regular files in `~/etc/init.d`. */
  lsb: string[];
  /** Regular files in `~/etc/init.d` that are not executable: named, so that nobody is told "Unknown". */
  lsbNotExecutable: string[];
  hypcontrol: HypcontrolConf | ConfigError;
  /** `~/etc/canopsis-tui.ini`: the settings of all three commands, with what is wrong in it. */
  settings: Settings;
}

/** The home's files with the ports built over them (rebuilt on every read: the socket may have moved). */
export interface HomeReading {
  files: HomeFiles;
  deps: ServiceDeps;
}

/** Reads the home, and tells when something under `~/etc` changed. */
export interface HomePort {
  read(): HomeReading;
  /** Calls `onChange` (debounced) after files under `~/etc` change; returns the function that stops watching. */
  watch(onChange: () => void): () => void;
}

/** What is wrong in supervisord's files, `FILE:LINE: problem` each: a refusal, then what it would skip. */
export function supervisordProblems(files: Pick<HomeFiles, 'config'>): string[] {
  if (files.config instanceof Error) return [`${files.config.message}; supervisord would refuse this config`];
  return files.config?.warnings.map((warning) => warning.message) ?? [];
}
