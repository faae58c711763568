/**
 * The groups and processes supervisord builds from `[group:x]`, `[program:x]`, `[eventlistener:x]` and
 * `[fcgi-program:x]` (options.py `process_groups_from_parser` / `_processes_from_section`), each value
 * checked with supervisord's own types so a file it refuses is refused here, at FILE:LINE.
 */
import path from 'node:path';
import { compareText } from '../model/text.js';
import { eventsProblem, fcgiSocketProblem, type AccountLookup, type OptionProblem } from './supervisord-pools.js';
import { ConfigError } from '../model/config-error.js';
import { expandAt, optionValue } from './supervisord-files.js';
import type { Expansions } from './expand.js';
import { getOption, type IniStore } from './ini-parser.js';
import { makeNamespec } from '../model/names.js';
import { pyExpandUser } from './py-text.js';
import * as types from './supervisor-values.js';

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

export interface ProgramContext {
  store: IniStore;
  /** `ENV_*` of supervisord, `[supervisord] environment=` included. */
  env: Expansions;
  here: string;
  hostname: string;
  /** Whether a folder (an absolute path) exists, for the log file paths supervisord checks. */
  isDirectory(dir: string): boolean;
  /** HOME for `~`. Relative paths are taken from `here`, the folder supervisord is started from. */
  home: string | undefined;
  /** Which users and groups exist here (`socket_owner`); absent: not checked. */
  accounts?: AccountLookup;
}

/** Where an option (or, without one, its section) is written. */
function whereOf(ctx: ProgramContext, section: string, key?: string): { file: string; line: number } {
  const { file, line } = (key ? getOption(ctx.store, section, key) : undefined) ?? ctx.store.sections.get(section)!;
  return { file, line };
}

function failAt(ctx: ProgramContext, section: string, key: string | undefined, problem: string): never {
  const at = whereOf(ctx, section, key);
  throw new ConfigError(at.file, at.line, `[${section}] ${problem}`);
}

/** Reads options of one section, expanded and converted; a bad value is a ConfigError at its line. */
type Getter = <T>(key: string, convert: (value: string) => T, expansions?: Expansions) => T | undefined;

/**
 * Reads a section's options, `%`-expanded with the ENV_ names under the given ones; `complete` getters are
 * handed expansions that already hold the ENV_ names (a process's), and skip merging them again for each of
 * its options: a home of 1000 processes has tens of thousands of them.
 */
function getterFor(ctx: ProgramContext, section: string, base: Expansions, complete = false): Getter {
  return (key, convert, expansions = base) => {
    const found = getOption(ctx.store, section, key);
    if (!found) return undefined;
    const value = optionValue(
      found,
      () => (complete ? expansions : { ...ctx.env, ...expansions }),
      `${section}.${key}`,
    );
    try {
      return convert(value);
    } catch (error) {
      throw new ConfigError(found.file, found.line, `[${section}] ${key}: ${(error as Error).message}`);
    }
  };
}

const text = (value: string) => value;

/** supervisor's `existing_dirpath`: the folder part of a path (after `~`) must exist. */
export function existingDirpath(ctx: Pick<ProgramContext, 'home' | 'here' | 'isDirectory'>, value: string): string {
  const expanded = pyExpandUser(value, ctx.home);
  const slash = expanded.lastIndexOf('/');
  if (slash === -1) return expanded;
  const dir = expanded.slice(0, slash).replace(/\/+$/, '') || '/';
  if (!ctx.isDirectory(path.resolve(ctx.here, dir)))
    throw new Error(`The directory named as part of the path ${value} does not exist`);
  return expanded;
}

/** The values supervisord checks per process (logs, command), with that process's expansions. */
function checkProcessValues(ctx: ProgramContext, section: string, get: Getter, expansions: Expansions): void {
  get('directory', text, expansions);
  for (const stream of ['stdout', 'stderr']) {
    const key = `${stream}_logfile`;
    // supervisord expands this value twice: once when read, once more before use.
    const value = get(key, (once) => expandAt(once, expansions, key, whereOf(ctx, section, key)), expansions);
    if (value !== undefined && !['none', 'off', 'auto', 'syslog'].includes(value.toLowerCase())) {
      get(key, () => existingDirpath(ctx, value), expansions);
    }
    get(`${stream}_logfile_backups`, types.pyInt, expansions);
    get(`${stream}_logfile_maxbytes`, types.byteSize, expansions);
    get(`${stream}_syslog`, types.booleanValue, expansions);
  }
  if (get('command', text, expansions) === undefined) failAt(ctx, section, undefined, 'does not specify a command');
}

/** The values read once per section, in supervisord's order, before its processes are named. */
function checkSectionValues(ctx: ProgramContext, section: string, get: Getter) {
  const priority = get('priority', types.pyInt) ?? 999;
  const autostart = get('autostart', types.booleanValue) ?? true;
  get('autorestart', types.autoRestart);
  ['startsecs', 'startretries', 'stopwaitsecs'].forEach((key) => get(key, types.pyInt));
  get('stopsignal', types.signalNumber);
  const stopasgroup = get('stopasgroup', types.booleanValue) ?? false;
  const killasgroup = get('killasgroup', types.booleanValue) ?? stopasgroup;
  get('exitcodes', types.exitCodes);
  get('redirect_stderr', types.booleanValue);
  const numprocs = get('numprocs', types.pyInt) ?? 1;
  const start = get('numprocs_start', types.pyInt) ?? 0;
  for (const stream of ['stdout', 'stderr']) {
    get(`${stream}_capture_maxbytes`, types.byteSize);
    get(`${stream}_events_enabled`, types.booleanValue);
  }
  get('serverurl', text);
  get('umask', types.octal);
  if (stopasgroup && !killasgroup)
    failAt(ctx, section, 'killasgroup', 'Cannot set stopasgroup=true and killasgroup=false');
  return { priority, autostart, numprocs, start };
}

/** Runs a check whose plain Error becomes a ConfigError at `where`. */
function checked<T>(where: { file: string; line: number }, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(where.file, where.line, (error as Error).message);
  }
}

/** The checked name after `program:`, `group:`... */
function nameOf(ctx: ProgramContext, section: string): string {
  return checked(whereOf(ctx, section), () => types.processOrGroupName(section.slice(section.indexOf(':') + 1)));
}

/** The processes one program section defines, named as supervisord names them, in group `groupName`. */
function programProcesses(ctx: ProgramContext, section: string, groupName: string): ProcessSpec[] {
  const own = whereOf(ctx, section);
  const program = nameOf(ctx, section);
  // One mutable mapping, as supervisor's: a program's `environment=` ENV_ names stay for its later processes.
  // The ENV_ names are its prototype, not copied into it: a home of 1000 processes, dozens of names each.
  const common = { here: ctx.here, program_name: program, host_node_name: ctx.hostname, group_name: groupName };
  const get = getterFor(ctx, section, common);
  const { priority, autostart, numprocs, start } = checkSectionValues(ctx, section, get);
  const expansions: Record<string, string | number> = Object.assign(Object.create(ctx.env) as object, common);
  // In the loop below, `expansions` holds the ENV_ names (as supervisor's mapping does).
  const getWithEnv = getterFor(ctx, section, expansions, true);
  const rawName = getOption(ctx.store, section, 'process_name');
  const template = rawName ? checked(rawName, () => types.processOrGroupName(rawName.value)) : '%(program_name)s';
  if (numprocs > 1 && !template.includes('%(process_num)')) {
    failAt(ctx, section, 'process_name', '%(process_num) must be present within process_name when numprocs > 1');
  }
  const environment = getOption(ctx.store, section, 'environment');
  const out: ProcessSpec[] = [];
  for (let num = start; num < start + numprocs; num += 1) {
    expansions.process_num = num;
    expansions.numprocs = numprocs;
    if (environment) {
      // supervisor updates its mapping with the ENV_ names again for each process: those the last process's
      // environment= changed go back (those it added stay).
      for (const key of Object.keys(expansions)) if (Object.hasOwn(ctx.env, key)) delete expansions[key];
      const pairs = checked(environment, () =>
        types.keyValuePairs(expandAt(environment.value, expansions, 'environment', environment)),
      );
      for (const [key, value] of Object.entries(pairs)) expansions[`ENV_${key}`] = value;
    }
    checkProcessValues(ctx, section, getWithEnv, expansions);
    const name = expandAt(template, expansions, 'process_name', rawName ?? own);
    out.push({ namespec: makeNamespec(groupName, name), group: groupName, name, program, autostart, priority, ...own });
  }
  return out;
}

/** A `[group:x]`: its programs' processes, named in that group; `claimed` collects the sections it takes. */
function declaredGroup(ctx: ProgramContext, section: string, sections: string[], claimed: Set<string>): GroupSpec {
  const name = nameOf(ctx, section);
  const get = getterFor(ctx, section, { here: ctx.here });
  const listed = get('programs', text);
  get('priority', types.pyInt);
  const programs = listed ? listed.split(',').map((entry) => entry.trim()) : [];
  const processes = programs.flatMap((program) => {
    const found = ['program:', 'fcgi-program:']
      .map((kind) => kind + program)
      .filter((candidate) => sections.includes(candidate));
    if (found.length === 0)
      failAt(ctx, section, 'programs', `names unknown program or fcgi-program: ${JSON.stringify(program)}`);
    if (found.length > 1)
      failAt(ctx, section, 'programs', `name is ambiguous (program and fcgi-program): ${JSON.stringify(program)}`);
    claimed.add(found[0]!);
    return programProcesses(ctx, found[0]!, name);
  });
  return { name, declared: true, processes };
}

/** The checks supervisord makes on an event listener pool or a FastCGI program before its processes. */
function checkPoolOrFcgi(ctx: ProgramContext, section: string): void {
  const fail = (found: OptionProblem | undefined) => {
    if (found) failAt(ctx, section, found.key, `${found.key ? `${found.key}: ` : ''}${found.problem}`);
  };
  if (section.startsWith('fcgi-program:')) {
    const get = getterFor(ctx, section, { here: ctx.here, program_name: nameOf(ctx, section) });
    return void fail(fcgiSocketProblem((key) => get(key, text), ctx.accounts));
  }
  const get = getterFor(ctx, section, { here: ctx.here });
  if ((get('buffer_size', types.pyInt) ?? 10) < 1)
    failAt(ctx, section, 'buffer_size', 'section sets invalid buffer_size');
  fail(eventsProblem(get('events', text)));
  if (get('redirect_stderr', types.booleanValue))
    failAt(ctx, section, 'redirect_stderr', 'sets redirect_stderr=true, which event listeners do not allow');
}

const KINDS = ['program:', 'fcgi-program:', 'eventlistener:'];

/** Every group supervisord would make, sorted by name; heterogeneous groups take their programs whole. */
export function readGroups(ctx: ProgramContext): GroupSpec[] {
  const sections = [...ctx.store.sections.keys()];
  const claimed = new Set<string>();
  const groups = sections
    .filter((name) => name.startsWith('group:'))
    .map((section) => declaredGroup(ctx, section, sections, claimed));
  for (const section of sections.filter((name) => KINDS.some((kind) => name.startsWith(kind)) && !claimed.has(name))) {
    if (!section.startsWith('program:')) checkPoolOrFcgi(ctx, section);
    // An event listener pool's name is taken as written (supervisord neither strips nor checks it).
    const name = section.startsWith('eventlistener:') ? section.slice(section.indexOf(':') + 1) : nameOf(ctx, section);
    groups.push({ name, declared: false, processes: programProcesses(ctx, section, name) });
  }
  return groups.sort((a, b) => compareText(a.name, b.name));
}
