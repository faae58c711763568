/** Where the commands write: injectable so tests can run a command in-process and read what it printed. */
import fs from 'node:fs';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
  /**
   * Ctrl-C, for the runs that must not stop halfway (a restart): `interrupted` on the first (finish what
   * was stopped, then report), `abandoned` on the second (say what is left stopped; the process then
   * ends). `guard(true)` says such a run is in flight; without one, Ctrl-C ends the process at once.
   */
  interrupts?: {
    interrupted: AbortSignal;
    abandoned: AbortSignal;
    guard(on: boolean): void;
    /** An action is in flight: a hangup (SIGHUP) lets it complete and journal before the process ends. */
    hold(on: boolean): void;
    /** Whether the terminal hung up: what is written then goes nowhere. */
    hungUp(): boolean;
  };
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
};

/** Set by the bundler (scripts/bundle.mjs): a copied folder has no package.json to read. */
declare const CANOPSIS_TUI_VERSION: string | undefined;

/** The package version: the bundle's own, else package.json's. */
export function packageVersion(): string {
  if (typeof CANOPSIS_TUI_VERSION === 'string') return CANOPSIS_TUI_VERSION;
  // (Not node:module's createRequire: loading that module costs every start of a bundle several ms.)
  const file = new URL('../../package.json', import.meta.url);
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}
