/** Shared command-line parsing: flags common to `service` and `hypcontrol`, usage errors as values. */
import { parseArgs } from 'node:util';

export interface CommonFlags {
  json: boolean;
  timeoutMs: number;
  home: string | undefined;
  help: boolean;
  version: boolean;
  /** Starts do not wait for readiness checks (SPEC 8). */
  noWait: boolean;
  /** Stops kill what they leave running (SPEC 8). */
  killLeftovers: boolean;
}

export type Parsed<T> = { ok: true; flags: T; positionals: string[] } | { ok: false; message: string };

export const DEFAULT_TIMEOUT_S = 30;

/** Parses argv with the common flags plus `extra` booleans; never throws. */
export function parseCommon(
  argv: string[],
  extra: string[] = [],
  options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {},
): Parsed<CommonFlags & Record<string, unknown>> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean', default: false },
        timeout: { type: 'string' },
        home: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'V', default: false },
        'no-wait': { type: 'boolean', default: false },
        'kill-leftovers': { type: 'boolean', default: false },
        ...Object.fromEntries(extra.map((name) => [name, { type: 'boolean' as const, default: false }])),
        ...options,
      },
    });
    const timeout = values.timeout === undefined ? DEFAULT_TIMEOUT_S : Number(values.timeout);
    if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 86_400)
      return { ok: false, message: `--timeout wants a number of seconds, got ${JSON.stringify(values.timeout)}` };
    const flags = {
      ...values,
      json: Boolean(values.json),
      help: Boolean(values.help),
      version: Boolean(values.version),
      noWait: Boolean(values['no-wait']),
      killLeftovers: Boolean(values['kill-leftovers']),
      timeoutMs: Math.round(timeout * 1000),
      home: values.home as string | undefined,
    };
    return { ok: true, flags, positionals };
  } catch (error) {
    return { ok: false, message: (error as Error).message.split('\n')[0] ?? 'bad arguments' };
  }
}
