/** Where the commands write: injectable so tests can run a command in-process and read what it printed. */
import fs from 'node:fs';
import { createRequire } from 'node:module';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
};

/** The package version, read once from package.json. */
export function packageVersion(): string {
  const require = createRequire(import.meta.url);
  const file = require.resolve('../../package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}
