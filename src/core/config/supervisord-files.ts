/**
 * Reads supervisord's main file and its includes into one store, the way supervisord's ServerOptions does:
 * include patterns joined to the main file's folder, matches in sorted order, `%(here)s` replaced by each
 * file's folder as it is read; what a match is not (a folder, a FIFO, a dangling link) is said, not read.
 */
import path from 'node:path';
import { ConfigError } from '../model/config-error.js';
import { expandValue, type Expansions } from './expand.js';
import { emptyIniStore, getOption, readIniInto, type IniStore } from './ini-parser.js';
import { pyStrip } from './py-text.js';
import { isSecretKey } from '../model/secrets.js';

/** What reading one file gave: its text, or why not. `skipped`: supervisord would pass over it too. */
export type FileRead = { ok: true; text: string } | { ok: false; problem: string; skipped: boolean; line?: number };

/** Synchronous file access for config readers; the adapter implements it over node:fs. */
export interface ConfigSource {
  /** A regular file's text; anything else (missing, a folder, a FIFO, a loop, too big) says why not. */
  read(file: string): FileRead;
  /** Paths matching an absolute glob as Python's glob finds them (dangling links included), any order. */
  glob(pattern: string): string[];
  isDirectory(dir: string): boolean;
  /** Whether a user or group (a name or a number) exists on this host; absent: not checked. */
  account?(kind: 'user' | 'group', name: string): boolean;
}

/** `%(...)s` expansions of one value, and whether `%(here)s` is among them. */
export type Reader = (section: string, key: string, expansions: Expansions) => string | undefined;

/** Makes a reader that expands a value with the environment plus the given names, errors at FILE:LINE. */
export function makeReader(store: IniStore, env: Expansions): Reader {
  return (section, key, expansions) => {
    const option = getOption(store, section, key);
    if (!option) return undefined;
    return optionValue(option, () => ({ ...env, ...expansions }), `${section}.${key}`);
  };
}

/**
 * An option's value, expanded with `names()` where it has a `%`: Python's `%` leaves a text without one as
 * it is, so most values need no names merged for them (a home of 1000 processes has tens of thousands).
 */
export function optionValue(
  option: { value: string; file: string; line: number },
  names: () => Expansions,
  what: string,
): string {
  return option.value.includes('%') ? expandAt(option.value, names(), what, option) : option.value;
}

/** Expands `text` written at `where`; a failure is a ConfigError there, the value masked when secret. */
export function expandAt(
  text: string,
  expansions: Expansions,
  what: string,
  where: { file: string; line: number },
): string {
  try {
    return expandValue(text, expansions, what);
  } catch (error) {
    const message = (error as Error).message;
    const secret = isSecretKey(what.slice(what.lastIndexOf('.') + 1));
    throw new ConfigError(where.file, where.line, secret ? message.replace(JSON.stringify(text), '****') : message);
  }
}

/**
 * supervisor's `expand_here`: every value (own or from [DEFAULT]) holding `%(here)s` gets `dir` in its place.
 * supervisord runs it over every section after each file it includes; a section it ran over holds no
 * `%(here)s` any more (an inherited one became its own), so only the sections the last file wrote to can
 * (`only`), unless that file wrote to [DEFAULT]. (Over every section each time, 100 files of 1000 processes
 * cost ~30 ms.)
 */
function expandHere(store: IniStore, dir: string, only?: ReadonlySet<string>): void {
  const sections =
    !only || only.has('DEFAULT')
      ? [...store.sections.values()]
      : [...only].flatMap((name) => store.sections.get(name) ?? []);
  for (const section of sections) {
    for (const [key, option] of [...store.defaults, ...section.options]) {
      if (option.value.includes('%(here)s'))
        section.options.set(key, { ...option, value: option.value.replaceAll('%(here)s', dir) });
    }
  }
}

export interface FileSet {
  store: IniStore;
  files: string[];
  /** Problems that do not stop supervisord (an include matching a folder, a dangling link...). */
  warnings: ConfigError[];
}

function readOrThrow(source: ConfigSource, file: string): string {
  const read = source.read(file);
  if (!read.ok) throw new ConfigError(file, read.line, read.problem);
  return read.text;
}

/** Reads the main file alone (enough to find the socket), or with its includes as supervisord does. */
export function readFileSet(
  source: ConfigSource,
  mainFile: string,
  env: Expansions,
  hostname: string,
  includes: boolean,
): FileSet {
  const store = emptyIniStore();
  readIniInto(store, readOrThrow(source, mainFile), mainFile);
  const set: FileSet = { store, files: [mainFile], warnings: [] };
  const section = store.sections.get('include');
  if (!includes || !section) return set;
  const here = path.dirname(mainFile);
  expandHere(store, here);
  const option = section.options.get('files') ?? store.defaults.get('files');
  if (!option) throw new ConfigError(mainFile, section.line, '[include] section has no files setting');
  const patterns = expandAt(option.value, { ...env, here, host_node_name: hostname }, 'include.files', option);
  for (const pattern of pyStrip(patterns).split(/\s+/).filter(Boolean)) {
    // os.path.join: an absolute pattern stands alone; nothing is normalised before the glob.
    const joined = pattern.startsWith('/') ? pattern : `${here.replace(/\/$/, '')}/${pattern}`;
    for (const file of source.glob(joined).sort()) readInclude(source, set, file);
  }
  return set;
}

function readInclude(source: ConfigSource, set: FileSet, file: string): void {
  const read = source.read(file);
  if (!read.ok) {
    if (!read.skipped) throw new ConfigError(file, read.line, read.problem);
    set.warnings.push(
      new ConfigError(file, undefined, `${read.problem}; included by [include] files, skipped (as supervisord does)`),
    );
    return;
  }
  const touched = readIniInto(set.store, read.text, file);
  expandHere(set.store, path.dirname(file), touched);
  set.files.push(file);
}
