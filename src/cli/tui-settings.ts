/** canopsis-tui's settings: flags over `~/etc/canopsis-tui.ini` (plain INI, read with `ini`) over defaults. */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'ini';

export interface TuiSettings {
  intervalMs: number;
  lsbIntervalMs: number;
  actionTimeoutMs: number;
  statusTimeoutMs: number;
  readOnly: boolean;
  confirm: boolean;
}

export const DEFAULT_SETTINGS: TuiSettings = { intervalMs: 1000, lsbIntervalMs: 5000, actionTimeoutMs: 60_000, statusTimeoutMs: 10_000, readOnly: false, confirm: true };

const SECONDS = { interval: 'intervalMs', lsb_interval: 'lsbIntervalMs', action_timeout: 'actionTimeoutMs', status_timeout: 'statusTimeoutMs' } as const;
const BOOLEANS = { read_only: 'readOnly', confirm: 'confirm' } as const;

/** Reads `[tui]` of the settings file; a bad value is a problem with the file's name, not a crash. */
export function readSettingsFile(file: string): { settings: Partial<TuiSettings>; problems: string[] } {
  if (!fs.existsSync(file)) return { settings: {}, problems: [] };
  const section = (parse(fs.readFileSync(file, 'utf8')).tui ?? {}) as Record<string, unknown>;
  const settings: Partial<TuiSettings> = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(section)) {
    if (key in SECONDS) {
      const seconds = Number(value);
      if (Number.isFinite(seconds) && seconds > 0) settings[SECONDS[key as keyof typeof SECONDS]] = Math.round(seconds * 1000);
      else problems.push(`${file}: [tui] ${key}: not a number of seconds: ${String(value)}`);
    } else if (key in BOOLEANS) {
      if (typeof value === 'boolean') settings[BOOLEANS[key as keyof typeof BOOLEANS]] = value;
      else problems.push(`${file}: [tui] ${key}: not true or false: ${String(value)}`);
    } else problems.push(`${file}: [tui] ${key}: unknown setting`);
  }
  return { settings, problems };
}

/** The settings file of a home. */
export function settingsFile(home: string): string {
  return path.join(home, 'etc', 'canopsis-tui.ini');
}
