/** Keeps the house's arrows pointing one way (STYLE.md): cli -> ui -> control -> core, cli -> adapters -> core. */
import fs from 'node:fs';
import os from 'node:os';
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

/** Every relative import of a source file (type-only and dynamic ones too), as source paths. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)].map((match) => {
    const base = path.resolve(path.dirname(file), match[1]!).replace(/\.js$/, '');
    return fs.existsSync(`${base}.ts`) ? `${base}.ts` : `${base}.tsx`;
  });
}

/** The import circles among the sources, each as the files it goes through (relative to src). */
function importCircles(files: string[]): string[] {
  const graph = new Map(files.map((file) => [file, importsOf(file)]));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const circles: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open')
        circles.push([...stack.slice(stack.indexOf(next)), next].map((f) => path.relative(SRC, f)).join(' -> '));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return circles;
}

describe('the model', () => {
  const model = path.join(SRC, 'core', 'model');

  it.each(sources(model).map((file) => path.relative(SRC, file)))(
    '%s imports nothing outside core/model',
    (relative) => {
      const outside = importsOf(path.join(SRC, relative)).filter((target) => path.dirname(target) !== model);
      expect(outside.map((target) => path.relative(SRC, target))).toEqual([]);
    },
  );
});

describe('import circles', () => {
  it('no source file imports itself through others', () => {
    expect(importCircles(sources(SRC))).toEqual([]);
  });

  it('the check sees a circle where there is one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'circle-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.ts'), "import { b } from './b.js';\nexport const a = b;\n");
      fs.writeFileSync(
        path.join(dir, 'b.ts'),
        "import type { a } from './a.js';\nexport const b = 1 as unknown as typeof a;\n",
      );
      expect(importCircles(sources(dir)).map((circle) => circle.replaceAll(path.relative(SRC, dir), 'x'))).toEqual([
        'x/a.ts -> x/b.ts -> x/a.ts',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
