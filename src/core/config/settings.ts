/**
 * `~/etc/canopsis-tui.ini`, the settings of all three commands (SPEC 8): `[tui]` for the panel, `[platform]`
 * (`ready_timeout`, `leftover_grace`), and `[ready]`, one readiness check per service name or glob. Read with
 * the configparser reader (keys are names: they keep their case, and only `=` ends them, so that
 * `amqp2engines:engine-alerts-0 = ...` is a key), every problem at FILE:LINE.
 */
import path from 'node:path';
import { parse as shellSplit } from 'shell-quote';
import { ConfigError } from '../model/config-error.js';
import { maskLine } from '../model/secrets.js';
import { emptyIniStore, readIniInto, type IniOption, type IniStore } from './ini-parser.js';
import { readNodes, type NodeSpec } from './nodes.js';

export interface TuiSettings {
  intervalMs: number;
  lsbIntervalMs: number;
  actionTimeoutMs: number;
  statusTimeoutMs: number;
  readOnly: boolean;
  confirm: boolean;
}

export const DEFAULT_TUI_SETTINGS: TuiSettings = {
  intervalMs: 1000,
  lsbIntervalMs: 5000,
  actionTimeoutMs: 60_000,
  statusTimeoutMs: 10_000,
  readOnly: false,
  confirm: true,
};

export interface PlatformSettings {
  readyTimeoutMs: number;
  leftoverGraceMs: number;
}

export const DEFAULT_PLATFORM_SETTINGS: PlatformSettings = { readyTimeoutMs: 60_000, leftoverGraceMs: 5_000 };

/** A readiness check; `text` is the value as written, for messages. */
export type ReadyCheck =
  | { kind: 'tcp'; host: string; port: number; text: string }
  | { kind: 'http'; url: string; text: string }
  | { kind: 'exec'; argv: string[]; text: string }
  | { kind: 'log'; pattern: RegExp; text: string };

/** One `[ready]` line: a name or glob, its check, and where it was written. */
export interface ReadyRule {
  key: string;
  check: ReadyCheck;
  file: string;
  line: number;
}

export interface Settings {
  tui: Partial<TuiSettings>;
  platform: PlatformSettings;
  ready: ReadyRule[];
  /** `[logs]`: an initscript's log file, by its name, as written (`~/` is the home). */
  logs: Map<string, string>;
  /** `[node:NAME]` sections, the local node first; empty on a single-node home (SPEC 10). */
  nodes: NodeSpec[];
  /** `FILE:LINE: problem` each; what is wrong is left out, the rest applies. */
  problems: string[];
}

export const NO_SETTINGS: Settings = {
  tui: {},
  platform: DEFAULT_PLATFORM_SETTINGS,
  ready: [],
  logs: new Map(),
  nodes: [],
  problems: [],
};

const TUI_SECONDS = {
  interval: 'intervalMs',
  lsb_interval: 'lsbIntervalMs',
  action_timeout: 'actionTimeoutMs',
  status_timeout: 'statusTimeoutMs',
} as const;
const TUI_BOOLEANS = { read_only: 'readOnly', confirm: 'confirm' } as const;
const PLATFORM_SECONDS = { ready_timeout: 'readyTimeoutMs', leftover_grace: 'leftoverGraceMs' } as const;
const KNOWN_SECTIONS = ['tui', 'platform', 'ready', 'logs'];

const at = (option: IniOption, problem: string) => `${option.file}:${option.line}: ${problem}`;

function seconds(
  option: IniOption,
  key: string,
  section: string,
  problems: string[],
  allowZero = false,
): number | undefined {
  const value = Number(option.value);
  if (
    option.value.trim() !== '' &&
    Number.isFinite(value) &&
    (value > 0 || (allowZero && value === 0)) &&
    value <= 86_400
  )
    return Math.round(value * 1000);
  problems.push(at(option, `[${section}] ${key}: not a number of seconds: ${JSON.stringify(option.value)}`));
  return undefined;
}

function booleanOf(text: string): boolean | undefined {
  const lower = text.trim().toLowerCase();
  if (['true', 'yes', 'on', '1'].includes(lower)) return true;
  if (['false', 'no', 'off', '0'].includes(lower)) return false;
  return undefined;
}

/** Parses a `[ready]` value, or says why it does not parse. */
export function parseReadyCheck(value: string): ReadyCheck | string {
  // What messages show: no password, in a URL's user part or after a secret-looking word.
  const text = maskLine(value.trim().replace(/\/\/[^/@\s]*@/, '//****@'));
  const written = value.trim();
  if (written.startsWith('tcp://')) {
    const match = /^tcp:\/\/(\[[^\]]+\]|[^:/\s]+):(\d{1,5})\/?$/.exec(written);
    const port = Number(match?.[2]);
    if (!match || port < 1 || port > 65_535) return `expected tcp://HOST:PORT, got ${JSON.stringify(text)}`;
    return { kind: 'tcp', host: match[1]!.replace(/^\[|\]$/g, ''), port, text };
  }
  if (written.startsWith('http://') || written.startsWith('https://')) {
    try {
      const url = new URL(written);
      if (!url.port && !url.hostname) throw new Error('no host');
      return { kind: 'http', url: url.href, text };
    } catch {
      return `expected http://HOST:PORT/PATH, got ${JSON.stringify(text)}`;
    }
  }
  if (written.startsWith('exec:')) {
    const words = shellSplit(written.slice(5));
    if (words.length === 0 || words.some((word) => typeof word !== 'string'))
      return `expected exec:COMMAND ARGS... (no shell operators), got ${JSON.stringify(text)}`;
    return { kind: 'exec', argv: words as string[], text };
  }
  if (written.startsWith('log:')) {
    try {
      if (written.length === 4) return 'expected log:REGEX, got an empty expression';
      return { kind: 'log', pattern: new RegExp(written.slice(4)), text };
    } catch (error) {
      return `not a regular expression: ${(error as Error).message}`;
    }
  }
  const forms = 'tcp://HOST:PORT, http://HOST:PORT/PATH, exec:COMMAND ARGS... or log:REGEX';
  return `expected ${forms}, got ${JSON.stringify(text)}`;
}

function readTui(store: IniStore, problems: string[]): Partial<TuiSettings> {
  const tui: Partial<TuiSettings> = {};
  for (const [key, option] of store.sections.get('tui')?.options ?? []) {
    if (key in TUI_SECONDS) {
      const ms = seconds(option, key, 'tui', problems);
      if (ms !== undefined) tui[TUI_SECONDS[key as keyof typeof TUI_SECONDS]] = ms;
    } else if (key in TUI_BOOLEANS) {
      const flag = booleanOf(option.value);
      if (flag === undefined)
        problems.push(at(option, `[tui] ${key}: not true or false: ${JSON.stringify(option.value)}`));
      else tui[TUI_BOOLEANS[key as keyof typeof TUI_BOOLEANS]] = flag;
    } else problems.push(at(option, `[tui] ${key}: unknown setting`));
  }
  return tui;
}

function readPlatform(store: IniStore, problems: string[]): PlatformSettings {
  const platform = { ...DEFAULT_PLATFORM_SETTINGS };
  for (const [key, option] of store.sections.get('platform')?.options ?? []) {
    if (!(key in PLATFORM_SECONDS)) {
      problems.push(at(option, `[platform] ${key}: unknown setting`));
      continue;
    }
    const ms = seconds(option, key, 'platform', problems, key === 'leftover_grace');
    if (ms !== undefined) platform[PLATFORM_SECONDS[key as keyof typeof PLATFORM_SECONDS]] = ms;
  }
  return platform;
}

/** Reads the settings file's text (undefined: there is none); `~/` is `home`. Never throws. */
export function parseSettings(
  text: string | undefined,
  file: string,
  home = path.dirname(path.dirname(file)),
): Settings {
  if (text === undefined) return NO_SETTINGS;
  const store = emptyIniStore();
  try {
    readIniInto(store, text, file, { nameKeys: true });
  } catch (error) {
    if (error instanceof ConfigError) return { ...NO_SETTINGS, problems: [error.message] };
    throw error;
  }
  const problems: string[] = [];
  for (const section of store.sections.values()) {
    if (KNOWN_SECTIONS.includes(section.name) || section.name.startsWith('node:')) continue;
    const expected = '[tui], [platform], [ready], [logs] or [node:NAME]';
    problems.push(`${section.file}:${section.line}: [${section.name}]: unknown section (expected ${expected})`);
  }
  const tui = readTui(store, problems);
  const platform = readPlatform(store, problems);
  const ready: ReadyRule[] = [];
  for (const [key, option] of store.sections.get('ready')?.options ?? []) {
    const check = parseReadyCheck(option.value);
    if (typeof check === 'string') problems.push(at(option, `[ready] ${key}: ${check}`));
    else ready.push({ key, check, file: option.file, line: option.line });
  }
  const logs = new Map(
    [...(store.sections.get('logs')?.options ?? [])].map(([name, option]) => [name, option.value.trim()] as const),
  );
  const nodes = readNodes(store.sections.values(), home, problems);
  return { tui, platform, ready, logs, nodes, problems };
}
