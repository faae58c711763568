/** The home's files as the adapter opens them: regular files only, never a blocking open, sizes bounded. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globFiles, readRegularFile } from '../../src/adapters/config-files.js';

let dir: string;
const at = (name: string) => path.join(dir, name);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctui-files-'));
  fs.writeFileSync(at('good.ini'), '\uFEFF[program:a]\n');
  fs.writeFileSync(at('big.ini'), 'x'.repeat(1024 * 1024 + 1));
  fs.writeFileSync(at('latin1.ini'), Buffer.from([0x5b, 0x61, 0x5d, 0x0a, 0x6b, 0x3d, 0xe9, 0x0a]));
  fs.mkdirSync(at('folder.ini'));
  fs.symlinkSync('nowhere.ini', at('dangling.ini'));
  fs.symlinkSync('loop-b.ini', at('loop-a.ini'));
  fs.symlinkSync('loop-a.ini', at('loop-b.ini'));
  fs.writeFileSync(at('.hidden.ini'), '');
  execFileSync('mkfifo', [at('fifo.ini')]);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('readRegularFile', () => {
  it('reads a regular file as it is, byte order mark included', () => {
    expect(readRegularFile(at('good.ini'))).toEqual({ ok: true, text: '\uFEFF[program:a]\n' });
  });

  it('names a FIFO without waiting on it, and refuses it', () => {
    expect(readRegularFile(at('fifo.ini'))).toEqual({
      ok: false,
      skipped: false,
      problem: 'a FIFO, not a regular file: refused (supervisord would block reading it)',
    });
  });

  it('refuses a file over 1 MB and one that is not UTF-8', () => {
    expect(readRegularFile(at('big.ini'))).toMatchObject({
      ok: false,
      skipped: false,
      problem: '1048577 bytes, over the 1 MB a config file may be: refused',
    });
    expect(readRegularFile(at('latin1.ini'))).toMatchObject({
      ok: false,
      skipped: false,
      line: 2,
      problem: 'byte 0xe9 is not UTF-8: supervisord cannot read this file',
    });
    fs.writeFileSync(
      at('mixed.ini'),
      Buffer.concat([Buffer.from('[a]\nk=\u00e9t\u00e9 '), Buffer.from([0xe9, 0x74, 0x0a])]),
    );
    expect(readRegularFile(at('mixed.ini'))).toMatchObject({
      ok: false,
      line: 2,
      problem: 'byte 0xe9 is not UTF-8: supervisord cannot read this file',
    });
    fs.rmSync(at('mixed.ini'));
  });

  it('passes over what supervisord passes over: a folder, a dangling link, a link loop', () => {
    expect(readRegularFile(at('folder.ini'))).toMatchObject({
      ok: false,
      skipped: true,
      problem: 'a directory, not a file',
    });
    expect(readRegularFile(at('dangling.ini'))).toMatchObject({
      ok: false,
      skipped: true,
      problem: 'dangling symbolic link',
    });
    expect(readRegularFile(at('loop-a.ini'))).toMatchObject({
      ok: false,
      skipped: true,
      problem: 'symbolic link loop',
    });
  });
});

describe('globFiles, as Python glob', () => {
  it('lists dangling links, loops, folders and FIFOs that match, and no dotfile', () => {
    const found = globFiles(`${dir}/*.ini`)
      .map((file) => path.basename(file))
      .sort();
    expect(found).toEqual([
      'big.ini',
      'dangling.ini',
      'fifo.ini',
      'folder.ini',
      'good.ini',
      'latin1.ini',
      'loop-a.ini',
      'loop-b.ini',
    ]);
    expect(globFiles(`${dir}/.*.ini`).map((file) => path.basename(file))).toEqual(['.hidden.ini']);
  });
});
