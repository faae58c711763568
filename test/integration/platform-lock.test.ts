/** One platform action at a time per home, across processes; a lock left by a dead process is taken over. */
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destroyHome, makeHome, REPO, runBin, type TestHome } from '../support/home.js';

let home: TestHome;
let lockFile: string;

beforeAll(() => {
  home = makeHome();
  lockFile = path.join(home.home, 'var/run/canopsis-tui-platform.lock');
});
afterAll(async () => destroyHome(home));

describe('the platform lock', () => {
  it('a second hypcontrol start says who runs and touches nothing, exit 1', async () => {
    const first = execa(path.join(REPO, 'bin/hypcontrol'), ['--home', home.home, 'start'], {
      reject: false,
      stdin: 'ignore',
      env: { CANOPSIS_HOME: '' },
    });
    while (!fs.existsSync(lockFile)) await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await runBin('hypcontrol', ['start'], home);
    expect(second.exitCode).toBe(1);
    expect(second.stderr).toMatch(
      new RegExp(
        `^hypcontrol: a platform start \\(pid ${first.pid}, since \\d\\d:\\d\\d:\\d\\d, by \\S+ from no terminal\\) is already running$`,
      ),
    );
    expect(second.stdout).toBe('');
    expect((await first).exitCode).toBe(0);
    expect(fs.existsSync(lockFile)).toBe(false);
  });

  it('takes over a lock whose process is gone', async () => {
    fs.writeFileSync(
      lockFile,
      JSON.stringify({ pid: 2 ** 22 + 7, verb: 'start', since: Date.now() - 60_000, startedAt: 1 }),
    );
    const stop = await runBin('hypcontrol', ['stop'], home);
    expect(stop.exitCode).toBe(0);
    expect(stop.stdout).toContain('supervisord: stopped');
    expect(fs.existsSync(lockFile)).toBe(false);
  });
});
