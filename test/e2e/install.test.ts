/**
 * The self-contained build (npm run build: dist/canopsis-tui/) copied to an empty folder outside the repo
 * is an install: service, hypcontrol and the panel run from there with a plain node and no node_modules,
 * against a real supervisord.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destroyHome, makeHome, REPO, startSupervisord, type TestHome } from '../support/home.js';
import { openTerminal } from '../support/tmux.js';

let home: TestHome;
let installed: string;
// Nothing of the repo on the way: no NODE_PATH, and a working directory outside it.
const run = (command: string, args: string[]) =>
  execa(path.join(installed, command), ['--home', home.home, ...args], {
    reject: false,
    stdin: 'ignore',
    cwd: os.tmpdir(),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home.home },
    extendEnv: false,
  });

beforeAll(async () => {
  home = makeHome();
  await startSupervisord(home);
  installed = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ctui-install-')), 'canopsis-tui');
  fs.cpSync(path.join(REPO, 'dist/canopsis-tui'), installed, { recursive: true });
});
afterAll(async () => {
  await destroyHome(home);
  fs.rmSync(path.dirname(installed), { recursive: true, force: true });
});

describe('the self-contained build, copied to a host', () => {
  it('holds no link back to the repo and no node_modules', () => {
    const files = fs.readdirSync(installed, { recursive: true }).map(String);
    const seen: string[] = [];
    expect(files.sort()).toEqual(expect.arrayContaining(['service', 'hypcontrol', 'canopsis-tui']));
    expect(files.some((file) => file.includes('node_modules'))).toBe(false);
    for (const file of files.filter((name) => name.endsWith('.mjs'))) {
      const text = fs.readFileSync(path.join(installed, file), 'utf8');
      expect(text).not.toContain(REPO);
      // Every import is of node's own modules or of a file beside it; Ink imports its devtools only with
      // DEV=true, from a chunk nothing else loads.
      const specs = [
        ...text.matchAll(/^\s*(?:import|export)\b[^;\n]*?\bfrom\s*"([^"]+)"/gm),
        ...text.matchAll(/\bimport\("([^"]+)"\)/g),
      ];
      seen.push(...specs.map((match) => match[1]!));
      const bare = specs
        .map((match) => match[1]!)
        .filter((spec) => !spec.startsWith('./') && !spec.startsWith('node:') && spec !== 'react-devtools-core');
      const names =
        'fs|path|os|child_process|util|events|stream|tty|process|url|module|crypto|buffer|http|net|string_decoder|assert|timers';
      const builtin = new RegExp(`^(${names}|worker_threads|v8)(\\/.*)?$`);
      expect(bare.filter((spec) => !builtin.test(spec))).toEqual([]);
    }
    // The scan reads the imports it means to (the chunks import each other).
    expect(seen.some((spec) => spec.startsWith('./chunk-'))).toBe(true);
  });

  it('runs service --status-all and hypcontrol status from there', async () => {
    const version = await run('service', ['--version']);
    expect(version.stdout).toMatch(/^service \(canopsis-tui\) \d+\.\d+\.\d+$/);
    const status = await run('service', ['--status-all']);
    expect(status.stderr).toBe('');
    expect(status.stdout).toMatch(/^amqp2engines:engine-alerts-0 +STOPPED +Not started$/m);
    expect(status.exitCode).toBe(3);
    const hyp = await run('hypcontrol', ['status']);
    expect(hyp.stdout).toMatch(/^supervisord: running$/m);
    expect(hyp.stdout).toMatch(/^BACKEND$/m);
    expect(hyp.exitCode).toBe(3);
  });

  it('runs the panel from there in a real terminal', async () => {
    const command = `${path.join(installed, 'canopsis-tui')} --home ${home.home} --interval 0.5`;
    const term = await openTerminal(command, {
      columns: 100,
      rows: 30,
      env: { CI: '0', TERM: 'xterm-256color', NODE_PATH: '' },
    });
    try {
      await term.waitFor(
        (s) => s.includes('supervisord: running') && /FRONTEND/.test(s) && /webserver +sup +STOPPED/.test(s),
        'the panel',
      );
      await term.keys('q');
      await term.waitFor((s) => s.includes('EXIT=0'), 'a clean exit');
    } finally {
      await term.close();
    }
  });
});
