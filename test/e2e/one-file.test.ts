/**
 * The one-file install (npm run build: dist/canopsis-tui-linux-x64) copied alone to an empty folder, with
 * links named `service` and `hypcontrol` beside it, run with a PATH that has no node: each link is its
 * command, and the panel runs in a real terminal, against a real supervisord.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destroyHome, makeHome, REPO, startSupervisord, type TestHome } from '../support/home.js';
import { openTerminal } from '../support/tmux.js';

let home: TestHome;
let folder: string;
/** A PATH with the system's tools (supervisorctl is not needed) and no node on it. */
let bareBin: string;

const run = (command: string, args: string[]) =>
  execa(path.join(folder, command), args, {
    reject: false,
    stdin: 'ignore',
    cwd: folder,
    env: { PATH: bareBin, HOME: home.home },
    extendEnv: false,
  });

beforeAll(async () => {
  home = makeHome();
  await startSupervisord(home);
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ctui-one-file-'));
  fs.copyFileSync(path.join(REPO, 'dist/canopsis-tui-linux-x64'), path.join(folder, 'canopsis-tui'));
  fs.chmodSync(path.join(folder, 'canopsis-tui'), 0o755);
  fs.symlinkSync('canopsis-tui', path.join(folder, 'service'));
  fs.symlinkSync('canopsis-tui', path.join(folder, 'hypcontrol'));
  // The initscripts of the bundled home need sh and the usual tools: those of /bin, without node.
  bareBin = fs.mkdtempSync(path.join(os.tmpdir(), 'ctui-bare-bin-'));
  for (const tool of ['sh', 'bash', 'cat', 'sleep', 'kill', 'ps', 'grep', 'sed', 'env', 'pgrep', 'rm', 'mkdir']) {
    const found = ['/usr/bin', '/bin'].map((dir) => path.join(dir, tool)).find((file) => fs.existsSync(file));
    if (found) fs.symlinkSync(found, path.join(bareBin, tool));
  }
}, 60_000);
afterAll(async () => {
  await destroyHome(home);
  fs.rmSync(folder, { recursive: true, force: true });
  fs.rmSync(bareBin, { recursive: true, force: true });
});

describe('the one-file install', () => {
  it('is one file in an empty folder, and no node is on the PATH it runs with', async () => {
    expect(fs.readdirSync(folder).sort()).toEqual(['canopsis-tui', 'hypcontrol', 'service']);
    const which = await execa('sh', ['-c', 'command -v node || echo none'], {
      env: { PATH: bareBin },
      extendEnv: false,
    });
    expect(which.stdout).toBe('none');
  });

  it('answers as each command by the name it is called', async () => {
    expect((await run('canopsis-tui', ['--version'])).stdout).toMatch(/^canopsis-tui \d+\.\d+\.\d+$/);
    expect((await run('service', ['--version'])).stdout).toMatch(/^service \(canopsis-tui\) \d+\.\d+\.\d+$/);
    expect((await run('hypcontrol', ['--help'])).stdout).toMatch(/^Usage: hypcontrol /);
  });

  it("runs each command with the code cache its build made for it (V8 takes it: this very node's)", async () => {
    for (const command of ['canopsis-tui', 'service', 'hypcontrol']) {
      const said = await execa(path.join(folder, command), ['--version'], {
        reject: false,
        stdin: 'ignore',
        env: { PATH: bareBin, CANOPSIS_TUI_DEBUG: '1' },
        extendEnv: false,
      });
      expect([command, said.stderr]).toEqual([command, 'code cache: used']);
      expect(said.exitCode).toBe(0);
    }
  });

  it('runs service --status-all and hypcontrol status', async () => {
    const status = await run('service', ['--home', home.home, '--status-all']);
    expect(status.stderr).toBe('');
    expect(status.stdout).toMatch(/^amqp2engines:engine-alerts-0 +STOPPED +Not started$/m);
    expect(status.exitCode).toBe(3);
    const hyp = await run('hypcontrol', ['--home', home.home, 'status']);
    expect(hyp.stdout).toMatch(/^supervisord: running$/m);
    expect(hyp.stdout).toMatch(/^BACKEND$/m);
    expect(hyp.exitCode).toBe(3);
  });

  it('runs the panel in a real terminal, and starts a process from it', async () => {
    const command = `sh -c 'cd ${folder} && PATH=${bareBin} exec ./canopsis-tui --home ${home.home} --interval 0.5'`;
    const term = await openTerminal(command, { columns: 100, rows: 30, env: { CI: '0', TERM: 'xterm-256color' } });
    try {
      await term.waitFor(
        (s) => s.includes('supervisord: running') && /webserver +sup +STOPPED/.test(s),
        'the panel, from the one file',
      );
      await term.type('/webserver');
      await term.keys('Enter');
      await term.keys('s');
      await term.waitFor((s) => /webserver +sup +RUNNING/.test(s), 'webserver started from the panel');
      await term.keys('q');
      await term.waitFor((s) => s.includes('EXIT=0'), 'a clean exit');
    } finally {
      await term.close();
    }
  });
});
