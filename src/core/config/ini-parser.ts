/**
 * A reader for supervisord's files that follows Python's configparser, because supervisord reads them
 * with it (supervisor's UnhosedConfigParser: RawConfigParser, inline comments `;`/`#`, strict off).
 * Hand-written: the `ini` package splits section names on dots, cuts values at the first `;`, strips
 * quotes and ignores continuation lines, all of which change what a real supervisord would run.
 */
import { ConfigError } from '../model/config-error.js';
import { isPySpace, pyIndent, pyLines, pyRstrip, pyStrip, PY_SPACE } from './py-text.js';
import { maskLine } from '../model/secrets.js';

/** One option as written: its raw (unexpanded) value and where it came from. */
export interface IniOption {
  value: string;
  file: string;
  line: number;
}

export interface IniSection {
  /** The name exactly as between the brackets (configparser does not strip it). */
  name: string;
  /** File where the section first appeared (supervisor's section_to_file). */
  file: string;
  line: number;
  options: Map<string, IniOption>;
}

/** Sections of one or several files read into the same parser, as supervisord does with includes. */
export interface IniStore {
  defaults: Map<string, IniOption>;
  sections: Map<string, IniSection>;
}

export function emptyIniStore(): IniStore {
  return { defaults: new Map(), sections: new Map() };
}

const SECTION = /^\[([^\n]+)\]/;
const OPTION = new RegExp(`^([^\\n]*?)[${PY_SPACE}]*([=:])[${PY_SPACE}]*([^\\n]*)$`);
/** Keys that are service names (`group:process`): only `=` ends them. */
const NAME_OPTION = new RegExp(`^([^\\n]*?)[${PY_SPACE}]*(=)[${PY_SPACE}]*([^\\n]*)$`);

/** Where a comment starts, by configparser's rule: `;`/`#` first on the line, or after whitespace. */
function commentStart(line: string): number | undefined {
  if (!line.includes(';') && !line.includes('#')) return undefined; // most lines: nothing to look for
  const trimmed = pyStrip(line);
  if (trimmed.startsWith('#') || trimmed.startsWith(';')) return 0;
  let found: number | undefined;
  let searches = new Map<string, number>([
    [';', -1],
    ['#', -1],
  ]);
  while (found === undefined && searches.size > 0) {
    const next = new Map<string, number>();
    for (const [prefix, from] of searches) {
      const index = line.indexOf(prefix, from + 1);
      if (index === -1) continue;
      next.set(prefix, index);
      if (index === 0 || isPySpace(line[index - 1])) found = Math.min(found ?? index, index);
    }
    searches = next;
  }
  return found;
}

interface Cursor {
  section: Map<string, IniOption> | undefined;
  lines: string[] | undefined;
  indent: number;
}

function noSectionHeader(file: string, line: number, raw: string): ConfigError {
  const bom =
    line === 1 && raw.startsWith('\uFEFF')
      ? ' (it starts with a UTF-8 byte order mark, which supervisord does not accept)'
      : '';
  return new ConfigError(file, line, `file contains no section headers${bom}`);
}

/**
 * Reads `text` (from `file`) into `store`, merging with what is already there. Throws ConfigError. Keys are
 * lowercased as configparser's optionxform does, and end at `=` or `:`; with `nameKeys` (keys that are
 * service names, in canopsis-tui's own file) they keep their case and only `=` ends them. Returns the names
 * of the sections the text wrote to (`DEFAULT` among them).
 */
export function readIniInto(
  store: IniStore,
  text: string,
  file: string,
  { nameKeys = false } = {},
): ReadonlySet<string> {
  const touched = new Set<string>();
  const cursor: Cursor = { section: undefined, lines: undefined, indent: 0 };
  const pending: Array<{ option: IniOption; lines: string[] }> = [];
  pyLines(text).forEach((raw, index) => {
    const lineNo = index + 1;
    const cut = commentStart(raw);
    const value = pyStrip(cut === undefined ? raw : raw.slice(0, cut));
    if (!value) {
      if (cut === undefined && cursor.lines) cursor.lines.push('');
      return;
    }
    const indent = pyIndent(raw);
    if (cursor.lines && indent > cursor.indent) {
      cursor.lines.push(value);
      return;
    }
    cursor.indent = indent;
    const header = SECTION.exec(value);
    if (header) {
      cursor.section = openSection(store, header[1] ?? '', file, lineNo);
      touched.add(header[1] ?? '');
      cursor.lines = undefined;
      return;
    }
    if (!cursor.section) throw noSectionHeader(file, lineNo, raw);
    const match = (nameKeys ? NAME_OPTION : OPTION).exec(value);
    const written = match?.[1] ? pyRstrip(match[1]) : undefined;
    const key = nameKeys ? written : written?.toLowerCase();
    if (!match || !key)
      throw new ConfigError(
        file,
        lineNo,
        `cannot parse line: ${JSON.stringify(maskLine(pyStrip(raw)))} (expected name = value)`,
      );
    const option: IniOption = { value: '', file, line: lineNo };
    cursor.lines = [match[3] ?? ''];
    pending.push({ option, lines: cursor.lines });
    cursor.section.set(key, option);
  });
  for (const { option, lines } of pending) option.value = pyRstrip(lines.join('\n'));
  return touched;
}

function openSection(store: IniStore, name: string, file: string, line: number): Map<string, IniOption> {
  const existing = store.sections.get(name);
  if (existing) return existing.options;
  if (name === 'DEFAULT') return store.defaults;
  const section: IniSection = { name, file, line, options: new Map() };
  store.sections.set(name, section);
  return section.options;
}

/** An option of a section, falling back to `[DEFAULT]` as configparser does. */
export function getOption(store: IniStore, section: string, key: string): IniOption | undefined {
  return store.sections.get(section)?.options.get(key) ?? store.defaults.get(key);
}
