/** `service` on real LSB initscripts: running, stopped, hung, backgrounding, reading stdin. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { KILL_GRACE_MS, STATUS_MAX_BYTES } from '../../src/adapters/initscript-runner.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destroyHome, makeHome, REPO, runBin, type TestHome } from '../support/home.js';

let home: TestHome;
const service = (...args: string[]) => runBin('service', args, home);
const marker = `ctui-marker-${process.pid}`;

async function alive(pattern: string): Promise<boolean> {
  return (await execa('pgrep', ['-f', pattern], { reject: false })).exitCode === 0;
}

/** Sizes of the (unlinked) initscript output files that process `pid` holds open. */
function outputFileSizes(pid: number): number[] {
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
      const target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
      return target.includes('canopsis-initscript-') ? [fs.statSync(`/proc/${pid}/fd/${fd}`).size] : [];
    });
  } catch {
    return [];
  }
}

beforeAll(() => {
  home = makeHome();
  home.write(
    'etc/init.d/svc-running',
    '#!/bin/sh\n[ "$1" = status ] && { echo "svc-running is running"; exit 0; }\nexit 0\n',
    0o755,
  );
  home.write(
    'etc/init.d/svc-stopped',
    '#!/bin/sh\ncase "$1" in status) echo "not running"; exit 3;; start) echo "cannot start: missing /etc/svc.conf"; exit 6;; esac\nexit 0\n',
    0o755,
  );
  // status forks a child and then hangs: both must be killed at the timeout.
  home.write('etc/init.d/svc-hung', `#!/bin/sh\nsh -c 'sleep 300; echo ${marker}-child' &\nexec sleep 301\n`, 0o755);
  // start backgrounds a daemon that keeps the script's stdout and stderr (no redirection).
  home.write(
    'etc/init.d/svc-daemon',
    `#!/bin/sh\nPID="$HOME/var/run/svc-daemon.pid"\ncase "$1" in\n start) sh -c 'echo daemon up; sleep 600; echo ${marker}-daemon' & echo $! > "$PID"; echo started; exit 0;;\n stop) kill $(cat "$PID"); rm -f "$PID"; exit 0;;\n status) [ -f "$PID" ] && kill -0 $(cat "$PID") 2>/dev/null && exit 0; exit 3;;\nesac\n`,
    0o755,
  );
  // reads stdin: with stdin closed, it must not wait for an operator.
  home.write('etc/init.d/svc-reader', '#!/bin/sh\nread answer\n[ "$1" = status ] && exit 3\nexit 0\n', 0o755);
  home.write('etc/init.d/not-executable', '#!/bin/sh\nexit 0\n', 0o644);
  home.write('etc/init.d/spew', '#!/bin/sh\nexec yes\n', 0o755);
});
afterAll(async () => destroyHome(home));

describe('service on initscripts', () => {
  it('reads a running service, exit 0', async () => {
    const run = await service('svc-running', 'status');
    expect(run.stdout).toMatch(/^svc-running\s+RUNNING\s+svc-running is running$/);
    expect(run.exitCode).toBe(0);
  });

  it('reads a stopped service, exit 3, and says why its start failed, exit 1', async () => {
    const status = await service('svc-stopped', 'status');
    expect(status.stdout).toMatch(/^svc-stopped\s+STOPPED\s+LSB status 3: not running$/);
    expect(status.exitCode).toBe(3);
    const start = await service('svc-stopped', 'start');
    expect(start.exitCode).toBe(1);
    expect(start.stdout).toBe(
      'svc-stopped: ERROR (start exited 6 (program is not configured): cannot start: missing /etc/svc.conf; then status says STOPPED (LSB status 3: not running))',
    );
  });

  it('kills a hung status at the timeout with its children, exit 4', async () => {
    const started = Date.now();
    const pending = service('svc-hung', 'status', '--timeout', '2');
    while (!(await alive(`${marker}-child`))) await new Promise((resolve) => setTimeout(resolve, 50));
    const run = await pending;
    const elapsed = Date.now() - started;
    expect(run.exitCode).toBe(4);
    expect(run.stdout).toMatch(/^svc-hung\s+UNKNOWN\s+status did not finish within 2s: killed with its children$/);
    expect(elapsed).toBeLessThan(10_000);
    expect(await alive(`${marker}-child`)).toBe(false);
  });

  it('returns promptly from a start that backgrounds a daemon holding its output', async () => {
    const started = Date.now();
    const run = await service('svc-daemon', 'start', '--timeout', '20');
    expect(run).toMatchObject({ exitCode: 0, stdout: 'svc-daemon: started' });
    // Had the daemon's inherited output been a pipe, this would have waited the whole 20 s timeout.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await alive(`${marker}-daemon`)).toBe(true);
    expect((await service('svc-daemon', 'status')).exitCode).toBe(0);
    expect(await service('svc-daemon', 'stop')).toMatchObject({ exitCode: 0, stdout: 'svc-daemon: stopped' });
    expect(await alive(`${marker}-daemon`)).toBe(false);
  });

  it('does not wait on stdin', async () => {
    const run = await service('svc-reader', 'status', '--timeout', '20');
    expect(run.exitCode).toBe(3);
  });

  it('runs the bundled redis-server script through start, status, restart and stop', async () => {
    expect(await service('redis-server', 'start')).toMatchObject({ exitCode: 0, stdout: 'redis-server: started' });
    expect(await service('redis-server', 'start')).toMatchObject({
      exitCode: 0,
      stdout: 'redis-server: already started',
    });
    const status = await service('redis-server', 'status');
    const pid = /pid (\d+)/.exec(status.stdout)?.[1];
    expect(status.exitCode).toBe(0);
    expect(await service('redis-server', 'restart')).toMatchObject({
      exitCode: 0,
      stdout: 'redis-server: stopped\nredis-server: started',
    });
    const after = /pid (\d+)/.exec((await service('redis-server', 'status')).stdout)?.[1];
    expect(after).toBeDefined();
    expect(after).not.toBe(pid);
    expect(await service('redis-server', 'stop')).toMatchObject({ exitCode: 0, stdout: 'redis-server: stopped' });
    expect(await service('redis-server', 'stop')).toMatchObject({ exitCode: 0, stdout: 'redis-server: not running' });
  });

  it('says a script that is not executable is not executable, and runs nothing', async () => {
    const run = await service('not-executable', 'start');
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe('not-executable: ~/etc/init.d/not-executable is not executable (chmod +x it to use it)');
    const status = await service('not-executable', 'status');
    expect(status.exitCode).toBe(4);
  });

  it('stops a status that prints without end before it writes 128 KB, and answers at once', async () => {
    const leftovers = () => fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('canopsis-initscript-'));
    const before = leftovers();
    const started = Date.now();
    const pending = execa(path.join(REPO, 'bin/service'), ['--home', home.home, 'spew', 'status', '--timeout', '3'], {
      reject: false,
      stdin: 'ignore',
      env: { CANOPSIS_HOME: '' },
    });
    // The output file is unlinked at once: measure it through the command's open descriptors.
    let largest = 0;
    while (pending.exitCode === null && Date.now() - started < 15_000) {
      largest = Math.max(largest, ...outputFileSizes(pending.pid!));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const run = await pending;
    expect(run.exitCode).toBe(4);
    expect(String(run.stdout)).toMatch(/^spew\s+UNKNOWN\s+status wrote more output than allowed: stopped: y$/);
    expect(Date.now() - started).toBeLessThan(3_000 + KILL_GRACE_MS + 2_000);
    console.log(`initscripts: largest output file of an endless status: ${(largest / 1024).toFixed(0)} KB`);
    expect(largest).toBeLessThanOrEqual(STATUS_MAX_BYTES);
    expect(leftovers()).toEqual(before);
    expect(await alive(`${home.home}/etc/init.d/spew`)).toBe(false);
  });

  it("an unusable temporary folder is the row's reason, not a crash", async () => {
    const run = await runBin('service', ['svc-running', 'status'], home, { TMPDIR: `${home.home}/no-such-dir` });
    expect(run.stdout).toMatch(
      new RegExp(
        `^svc-running +UNKNOWN +cannot run svc-running status: no room for its output in ${home.home}/no-such-dir \\(ENOENT\\)$`,
      ),
    );
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(4);
  });

  it('SIGINT on a hung status kills the script with its children before leaving', async () => {
    const pending = execa(
      path.join(REPO, 'bin/service'),
      ['--home', home.home, 'svc-hung', 'status', '--timeout', '60'],
      { reject: false, stdin: 'ignore', env: { CANOPSIS_HOME: '' } },
    );
    while (!(await alive(`${marker}-child`))) await new Promise((resolve) => setTimeout(resolve, 50));
    pending.kill('SIGINT');
    const run = await pending;
    expect(run.exitCode).toBe(130);
    expect(await alive(`${marker}-child`)).toBe(false);
    expect(await alive(`${home.home}/etc/init.d/svc-hung`)).toBe(false);
  });
});
