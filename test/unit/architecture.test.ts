/** Keeps the house's arrows pointing one way (STYLE.md): cli -> ui -> control -> core, cli -> adapters -> core. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.join(import.meta.dirname, '../../src');
const ALLOWED: Record<string, string[]> = {
  core: ['core'],
  control: ['control', 'core'],
  adapters: ['adapters', 'core'],
  ui: ['ui', 'control', 'core'],
  cli: ['cli', 'ui', 'control', 'core', 'adapters'],
};
const NO_IO_IN_CORE = /from 'node:(fs|child_process|net|http|os)'/;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sources(full) : /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe('import direction', () => {
  const files = sources(SRC);

  it('finds the layers', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((file) => path.relative(SRC, file)))('%s imports only allowed layers', (relative) => {
    const layer = relative.split(path.sep)[0]!;
    const text = fs.readFileSync(path.join(SRC, relative), 'utf8');
    const imported = [...text.matchAll(/from '(\.{1,2}\/[^']+)'/g)].map(
      (match) =>
        path.relative(SRC, path.resolve(path.dirname(path.join(SRC, relative)), match[1]!)).split(path.sep)[0]!,
    );
    expect(imported.filter((target) => !(ALLOWED[layer] ?? []).includes(target))).toEqual([]);
    if (layer === 'core') expect(text).not.toMatch(NO_IO_IN_CORE);
  });
});
