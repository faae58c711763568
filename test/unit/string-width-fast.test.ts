/**
 * The bundles' string-width (scripts/string-width-fast.mjs: a fast path for strings of characters that never
 * join their neighbours) gives string-width's own answer for every character it takes, every pair of them,
 * random strings of them, and strings it must leave to string-width (emoji, variation selectors, marks).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import stringWidth from 'string-width';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../support/home.js';

let fast: (text: string) => number;
/** Every character the fast path takes (the plugin's own ranges). */
let CHARACTERS: string[] = [];

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctui-string-width-'));
  const file = path.join(dir, 'string-width.mjs');
  const plugin = pathToFileURL(path.join(REPO, 'scripts/string-width-fast.mjs')).href;
  const { stringWidthFast, RANGES } = (await import(plugin)) as {
    stringWidthFast: Plugin;
    RANGES: Array<[number, number]>;
  };
  CHARACTERS = RANGES.flatMap(([from, to]) =>
    Array.from({ length: to - from + 1 }, (_, index) => String.fromCharCode(from + index)),
  );
  await build({
    stdin: { contents: "export { default } from 'string-width';", resolveDir: REPO },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: file,
    plugins: [stringWidthFast],
    logLevel: 'error',
  });
  fast = ((await import(pathToFileURL(file).href)) as { default: (text: string) => number }).default;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('string-width with a fast path', () => {
  it('measures each character and each pair of them as string-width does', () => {
    const wrong: string[] = [];
    for (const first of CHARACTERS) {
      if (fast(first) !== stringWidth(first)) wrong.push(first);
      for (const second of CHARACTERS.filter((_, index) => index % 7 === first.charCodeAt(0) % 7))
        if (fast(first + second) !== stringWidth(first + second)) wrong.push(first + second);
    }
    expect(wrong).toEqual([]);
  });

  it("measures the panel's lines and random strings of those characters as string-width does", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * CHARACTERS.length;
    const samples = ['── BACKEND 1/1 up ─────', '› ● engine-alerts-0  RUNNING', '▸ amqp2engines*  3/3 running · 2 h'];
    for (let count = 0; count < 2000; count += 1)
      samples.push(Array.from({ length: 1 + (count % 40) }, () => CHARACTERS[Math.floor(random())]).join(''));
    expect(samples.filter((text) => fast(text) !== stringWidth(text))).toEqual([]);
  });

  it('leaves what joins into one grapheme to string-width: emoji, variation selectors, marks, wide text', () => {
    const joined = [
      '▶\uFE0F',
      '1\uFE0F\u20E3',
      'e\u0301',
      '👩‍💻 x',
      '🇫🇷',
      '─界─',
      'a\u00ADb',
      '\u1100\u1161',
      '\x1b[31m●\x1b[m',
    ];
    for (const text of joined) expect([text, fast(text)]).toEqual([text, stringWidth(text)]);
    expect(fast('▶\uFE0F')).toBe(2);
  });
});
