/**
 * The model of a supervisord configuration: which groups and processes it defines and how to reach the
 * daemon, read as supervisord 4.2's ServerOptions reads it (supervisor/options.py `read_config`). Pure:
 * the files come in through a `ConfigSource` port. The main file alone is enough to find the daemon.
 */
import path from 'node:path';
import { ConfigError } from '../model/config-error.js';
import { environmentExpansions, type Expansions } from './expand.js';
import { getOption, type IniStore } from './ini-parser.js';
import { pyExpandUser } from './py-text.js';
import { normalizePath, readReachability, type PathBase, type ServerAccess, type ServerSpec } from './server-access.js';
import * as types from './supervisor-values.js';
import { expandAt, readFileSet, type ConfigSource } from './supervisord-files.js';
import { existingDirpath, readGroups, type GroupSpec, type ProgramContext } from './supervisord-programs.js';

export type { ConfigSource, FileRead } from './supervisord-files.js';
export type { GroupSpec, ProcessSpec } from './supervisord-programs.js';

/** How to reach a supervisord and where it keeps its pid and log: what the main file says. */
export interface DaemonAddress {
  mainFile: string;
  access: ServerAccess;
  /** Absolute; undefined only when the main file's value cannot be read. */
  pidfile: string | undefined;
  /** Absolute, or undefined for syslog or an unreadable value. */
  logfile: string | undefined;
  /** `[supervisord] loglevel`, lower case (`info` when unset): at `info` and below every state change is logged. */
  loglevel: string;
}

export interface SupervisordConfig extends DaemonAddress {
  files: string[];
  groups: GroupSpec[];
  servers: ServerSpec[];
  /** What supervisord passes over with a warning (an include that matches a folder or a dangling link). */
  warnings: ConfigError[];
}

export interface ReadOptions {
  /** supervisord's environment (`HOME` is the one `~` expands to). */
  env: Readonly<Record<string, string | undefined>>;
  hostname: string;
}

interface Parsed {
  mainFile: string;
  store: IniStore;
  env: Record<string, string>;
  base: PathBase;
  here: string;
}

type DaemonFiles = { pidfile?: string; logfile?: string; loglevel: string };

/**
 * `[supervisord]`'s values, checked as supervisord checks them when `strict`; adds its `environment=` to
 * `parsed.env` as ENV_ names (as supervisord does for every later value) and returns its pidfile and log.
 */
function readDaemonSection(parsed: Parsed, source: ConfigSource, options: ReadOptions, strict: boolean): DaemonFiles {
  const { store, here, base, mainFile } = parsed;
  if (!store.sections.has('supervisord'))
    throw new ConfigError(mainFile, undefined, 'no [supervisord] section: supervisord refuses such a file');
  const ctx = { home: base.home, here, isDirectory: (dir: string) => source.isDirectory(dir) };
  const get = <T>(key: string, convert: (value: string) => T): T | undefined => {
    const found = getOption(store, 'supervisord', key);
    if (!found) return undefined;
    const value = expandAt(found.value, { ...parsed.env, here }, `supervisord.${key}`, found);
    try {
      return convert(value);
    } catch (error) {
      if (!strict) return undefined;
      throw new ConfigError(found.file, found.line, `[supervisord] ${key}: ${(error as Error).message}`);
    }
  };
  const directory = (value: string) => {
    const dir = path.resolve(here, pyExpandUser(value, base.home));
    if (!source.isDirectory(dir)) throw new Error(`${value} is not an existing directory`);
  };
  if (strict) {
    ['minfds', 'minprocs', 'logfile_backups'].forEach((key) => get(key, types.pyInt));
    get('directory', directory);
    get('umask', types.octal);
    get('logfile_maxbytes', types.byteSize);
    get('loglevel', types.loggingLevel);
    ['nodaemon', 'silent', 'nocleanup', 'strip_ansi'].forEach((key) => get(key, types.booleanValue));
    get('childlogdir', directory);
  }
  const logfile = get('logfile', (value) => existingDirpath(ctx, value)) ?? 'supervisord.log';
  const pidfile = get('pidfile', (value) => existingDirpath(ctx, value)) ?? 'supervisord.pid';
  // supervisord expands `environment=` twice (when read, then again) and adds each pair as ENV_ names.
  const names = { ...parsed.env, here, host_node_name: options.hostname };
  const again = (once: string) => expandAt(once, names, 'environment', getOption(store, 'supervisord', 'environment')!);
  const environment = get('environment', (once) => types.keyValuePairs(again(once)));
  for (const [key, value] of Object.entries(environment ?? {})) parsed.env[`ENV_${key}`] = value;
  if (strict) checkPlugins(store, parsed.env);
  const loglevel = get('loglevel', (value) => value.trim().toLowerCase()) ?? 'info';
  return {
    pidfile: normalizePath(pidfile, base),
    logfile: logfile === 'syslog' ? undefined : normalizePath(logfile, base),
    loglevel,
  };
}

/**
 * `[rpcinterface:x]` must name its factory; its other values must expand. Every other value is handed to
 * the factory, `[DEFAULT]`'s included (configparser gives them to every section): supervisor's main factory
 * takes none, and supervisord will not start ("Could not make supervisor rpc interface").
 */
function checkPlugins(store: IniStore, env: Expansions): void {
  for (const section of store.sections.values()) {
    if (!section.name.startsWith('rpcinterface:')) continue;
    const main =
      section.options.get('supervisor.rpcinterface_factory')?.value.trim() ===
      'supervisor.rpcinterface:make_main_rpcinterface';
    const [key, inherited] = [...store.defaults].find(([name]) => name !== 'supervisor.rpcinterface_factory') ?? [];
    if (main && key && inherited) {
      const problem =
        `[DEFAULT] gives ${key} to every section, [${section.name}] included, ` +
        'whose factory refuses it: supervisord will not start';
      throw new ConfigError(inherited.file, inherited.line, problem);
    }
    if (!section.options.has('supervisor.rpcinterface_factory')) {
      const problem = `[${section.name}] does not specify a supervisor.rpcinterface_factory`;
      throw new ConfigError(section.file, section.line, problem);
    }
    for (const [key, option] of section.options) expandAt(option.value, env, `${section.name}.${key}`, option);
  }
}

type ParsedSet = Parsed & { files: string[]; warnings: ConfigError[] };

function parse(source: ConfigSource, mainFile: string, options: ReadOptions, includes: boolean): ParsedSet {
  const env = environmentExpansions(options.env);
  const here = path.dirname(mainFile);
  const set = readFileSet(source, mainFile, env, options.hostname, includes);
  return { ...set, mainFile, env, here, base: { home: options.env.HOME, cwd: here } };
}

/** `check`, asked once per distinct arguments. */
function once<A extends string[]>(check: (...args: A) => boolean): (...args: A) => boolean {
  const known = new Map<string, boolean>();
  return (...args) => {
    const key = args.join('\0');
    let answer = known.get(key);
    if (answer === undefined) known.set(key, (answer = check(...args)));
    return answer;
  };
}

/** The whole configuration, includes and all. Throws ConfigError with FILE:LINE where supervisord would refuse. */
export function readSupervisordConfig(source: ConfigSource, mainFile: string, options: ReadOptions): SupervisordConfig {
  const parsed = parse(source, mainFile, options, true);
  const { pidfile, logfile, loglevel } = readDaemonSection(parsed, source, options, true);
  const { store, env, here } = parsed;
  // One reading looks at the disk once per folder or account: the log folder of each of 1000 processes is
  // mostly the same one, and each account check reads /etc/passwd.
  const accounts = source.account ? { accounts: once(source.account.bind(source)) } : {};
  const isDirectory = once((dir: string) => source.isDirectory(dir));
  const ctx: ProgramContext = {
    store,
    env,
    here,
    hostname: options.hostname,
    home: parsed.base.home,
    isDirectory,
    ...accounts,
  };
  const groups = readGroups(ctx);
  const { servers, access } = readReachability(store, env, parsed.base, mainFile);
  return {
    mainFile,
    files: parsed.files,
    groups,
    servers,
    access,
    pidfile,
    logfile,
    loglevel,
    warnings: parsed.warnings,
  };
}

/** The daemon's address from the main file alone, so a broken include never hides a daemon that answers. */
export function readDaemonAddress(source: ConfigSource, mainFile: string, options: ReadOptions): DaemonAddress {
  const parsed = parse(source, mainFile, options, false);
  let files: DaemonFiles = { loglevel: 'info' };
  try {
    files = readDaemonSection(parsed, source, options, false);
  } catch {
    // No usable [supervisord]: the socket may still be named; the pidfile is then unknown.
  }
  const { access } = readReachability(parsed.store, parsed.env, parsed.base, mainFile);
  return { mainFile, access, pidfile: files.pidfile, logfile: files.logfile, loglevel: files.loglevel };
}
