/**
 * The model of a supervisord configuration: which groups and processes it defines and how to reach the
 * daemon. Built from the files the way supervisord reads them (supervisor/options.py); pure, the
 * files come in through a `ConfigSource` port.
 */
import { compareText } from './text.js';
import path from 'node:path';
import { ConfigError } from './config-error.js';
import { environmentExpansions, expandValue, type Expansions } from './expand.js';
import { emptyIniStore, getOption, readIniInto, type IniStore } from './ini-parser.js';
import { makeNamespec } from './names.js';
import { readServerAccess, type ServerAccess } from './server-access.js';

/** Synchronous file access for config readers; the adapter implements it over node:fs. */
export interface ConfigSource {
  /** The file's text; throws ConfigError when it cannot be read. */
  read(file: string): string;
  /** Files matching an absolute glob, dotfiles skipped for `*`, in any order. */
  glob(pattern: string): string[];
}

export interface ProcessSpec {
  namespec: string;
  group: string;
  name: string;
  program: string;
  autostart: boolean;
  priority: number;
  file: string;
  line: number;
}

export interface GroupSpec {
  name: string;
  /** Declared with `[group:x]` (heterogeneous), as opposed to a program's own group. */
  declared: boolean;
  processes: ProcessSpec[];
}

export interface SupervisordConfig {
  mainFile: string;
  files: string[];
  groups: GroupSpec[];
  access: ServerAccess;
  pidfile: string | undefined;
}

const PROGRAM_PREFIXES = ['program:', 'eventlistener:', 'fcgi-program:'];

type Reader = (section: string, key: string, extra?: Expansions) => string | undefined;

/** Makes a reader that expands `%(here)s` (the file each value is written in) and `%(ENV_X)s`. */
function makeReader(store: IniStore, env: Expansions): Reader {
  return (section, key, extra = {}) => {
    const option = getOption(store, section, key);
    if (!option) return undefined;
    const expansions = { ...env, here: path.dirname(option.file), ...extra };
    try {
      return expandValue(option.value, expansions, `${section}.${key}`);
    } catch (error) {
      throw new ConfigError(option.file, option.line, (error as Error).message);
    }
  };
}

function integer(store: IniStore, section: string, key: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^-?\d+$/.test(text.trim())) {
    const option = getOption(store, section, key);
    throw new ConfigError(option?.file ?? '?', option?.line, `${key}: not an integer: ${JSON.stringify(text)}`);
  }
  return Number(text);
}

function boolean(text: string | undefined, fallback: boolean): boolean {
  if (text === undefined) return fallback;
  return ['true', 'yes', 'on', '1'].includes(text.trim().toLowerCase());
}

/** The processes one `[program:x]` section defines, named as supervisord names them. */
function programProcesses(store: IniStore, read: Reader, section: string, hostname: string): ProcessSpec[] {
  const program = section.slice(section.indexOf(':') + 1);
  const base = { program_name: program, group_name: program, host_node_name: hostname };
  const numprocs = integer(store, section, 'numprocs', read(section, 'numprocs', base), 1);
  const start = integer(store, section, 'numprocs_start', read(section, 'numprocs_start', base), 0);
  const priority = integer(store, section, 'priority', read(section, 'priority', base), 999);
  const autostart = boolean(read(section, 'autostart', base), true);
  const rawName = getOption(store, section, 'process_name');
  const where = store.sections.get(section)!;
  if (numprocs > 1 && !(rawName?.value ?? '').includes('process_num')) {
    throw new ConfigError(where.file, rawName?.line ?? where.line, `[${section}]: %(process_num) must be present within process_name when numprocs > 1`);
  }
  const out: ProcessSpec[] = [];
  for (let num = start; num < start + numprocs; num += 1) {
    const expansions = { ...base, process_num: num, numprocs };
    const name = rawName ? read(section, 'process_name', expansions)! : program;
    out.push({ namespec: name, group: program, name, program, autostart, priority, file: where.file, line: where.line });
  }
  return out;
}

/** Regroups programs listed by `[group:x] programs=` the way supervisord does. */
function applyDeclaredGroups(store: IniStore, read: Reader, own: Map<string, ProcessSpec[]>): GroupSpec[] {
  const groups: GroupSpec[] = [];
  const claimed = new Set<string>();
  for (const section of store.sections.values()) {
    if (!section.name.startsWith('group:')) continue;
    const name = section.name.slice('group:'.length);
    const list = (read(section.name, 'programs') ?? '').split(',').map((word) => word.trim()).filter(Boolean);
    const processes = list.flatMap((program) => {
      const members = own.get(program);
      if (!members) throw new ConfigError(section.file, section.line, `[${section.name}] names unknown program ${program}`);
      claimed.add(program);
      return members.map((member) => ({ ...member, group: name, namespec: makeNamespec(name, member.name) }));
    });
    groups.push({ name, declared: true, processes });
  }
  for (const [program, processes] of own) {
    if (!claimed.has(program)) groups.push({ name: program, declared: false, processes: processes.map((p) => ({ ...p, namespec: makeNamespec(program, p.name) })) });
  }
  return groups.sort((a, b) => compareText(a.name, b.name));
}

/** Reads the main file and its includes into one store, in supervisord's order. */
function readAll(source: ConfigSource, mainFile: string, env: Expansions): { store: IniStore; files: string[] } {
  const store = emptyIniStore();
  readIniInto(store, source.read(mainFile), mainFile);
  const files = [mainFile];
  if (!store.sections.has('include')) return { store, files };
  const patterns = makeReader(store, env)('include', 'files');
  const section = store.sections.get('include')!;
  if (patterns === undefined) throw new ConfigError(mainFile, section.line, '[include] section has no files setting');
  for (const pattern of patterns.split(/\s+/).filter(Boolean)) {
    for (const file of source.glob(path.resolve(path.dirname(mainFile), pattern)).sort()) {
      readIniInto(store, source.read(file), file);
      files.push(file);
    }
  }
  return { store, files };
}

/** Builds the model of `mainFile` and its includes. Throws ConfigError with file and line. */
export function readSupervisordConfig(
  source: ConfigSource,
  mainFile: string,
  env: Readonly<Record<string, string | undefined>>,
  hostname: string,
): SupervisordConfig {
  const envExpansions = environmentExpansions(env);
  const { store, files } = readAll(source, mainFile, envExpansions);
  const read = makeReader(store, envExpansions);
  const own = new Map<string, ProcessSpec[]>();
  for (const section of store.sections.keys()) {
    if (PROGRAM_PREFIXES.some((prefix) => section.startsWith(prefix))) {
      const processes = programProcesses(store, read, section, hostname);
      own.set(processes[0]?.program ?? section.slice(section.indexOf(':') + 1), processes);
    }
  }
  const groups = applyDeclaredGroups(store, read, own);
  const access = readServerAccess(read, (section) => store.sections.has(section), mainFile);
  return { mainFile, files, groups, access, pidfile: read('supervisord', 'pidfile') };
}
