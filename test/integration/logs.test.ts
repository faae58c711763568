/** `service NAME log` against a real supervisord on a copy of the bundled home (SPEC 9). */
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destroyHome, makeHome, REPO, runBin, startSupervisord, type TestHome } from '../support/home.js';

let home: TestHome;
const service = (...args: string[]) => runBin('service', args, home);
const logFile = (name: string) => path.join(home.home, 'var/log', `${name}.log`);
const lastLines = (file: string, count: number) => fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-count);

beforeAll(async () => {
  home = makeHome();
  // As Canopsis' own engine files do: stdout and stderr into one file.
  home.write(
    'etc/supervisord.d/twice.conf',
    [
      '[program:twice]',
      `command=sh -c 'echo to-stdout; echo to-stderr >&2; exec sleep 100000'`,
      'autostart=false',
      'startsecs=0',
      'stdout_logfile=%(ENV_HOME)s/var/log/twice.log',
      'stderr_logfile=%(ENV_HOME)s/var/log/twice.log',
      '',
    ].join('\n'),
  );
  await startSupervisord(home);
  expect((await service('collectd', 'start')).exitCode).toBe(0);
  expect((await service('amqp2engines:engine-alerts-0', 'start')).exitCode).toBe(0);
  expect((await service('amqp2engines:engine-alerts-1', 'start')).exitCode).toBe(0);
  expect((await service('redis-server', 'start')).exitCode).toBe(0);
});
afterAll(async () => {
  await runBin('service', ['redis-server', 'stop'], home);
  await destroyHome(home);
});

describe('service NAME log', () => {
  it('prints the last N lines of a process, exactly those of its log file', async () => {
    // Stopped, so that nothing it writes races the lines the test appends; its log stays readable.
    expect((await service('collectd', 'stop')).exitCode).toBe(0);
    fs.appendFileSync(logFile('collectd'), 'one\ntwo\nthree \u001b[31mred\u001b[0m\n');
    const run = await service('collectd', 'log', '-n', '3');
    expect(run).toMatchObject({ exitCode: 0, stderr: '' });
    // Control characters are not passed to the terminal.
    expect(run.stdout.split('\n')).toEqual(['one', 'two', 'three [31mred[0m']);
    expect((await service('collectd', 'log')).stdout.split('\n')).toHaveLength(
      Math.min(40, lastLines(logFile('collectd'), 1000).length),
    );
  });

  it('reads a file that stdout and stderr share once: each line shows once', async () => {
    expect((await service('twice', 'start')).exitCode).toBe(0);
    const file = logFile('twice');
    while (!/to-stderr/.test(fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : ''))
      await new Promise((resolve) => setTimeout(resolve, 50));
    const run = await service('twice', 'log', '-n', '10');
    expect(run).toMatchObject({ exitCode: 0, stderr: '' });
    expect(run.stdout.split('\n').sort()).toEqual(['to-stderr', 'to-stdout']);
    expect((await service('twice', 'stop')).exitCode).toBe(0);
  });

  it('merges a group by time, each line prefixed by its process', async () => {
    const run = await service('amqp2engines:engine-alerts-*', 'log', '-n', '4');
    expect(run.exitCode).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines.every((line) => /^engine-alerts-[01] \| \d{4}-\d\d-\d\dT/.test(line))).toBe(true);
    const times = lines.map((line) => line.split(' | ')[1]!.slice(0, 24));
    expect([...times].sort()).toEqual(times);
  });

  it('-f follows: a line written after it started shows within a second; Ctrl-C ends it', async () => {
    const follower = execa(path.join(REPO, 'bin/service'), ['--home', home.home, 'collectd', 'log', '-f', '-n', '1'], {
      reject: false,
      env: { CANOPSIS_HOME: '' },
    });
    let seen = '';
    follower.stdout!.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    const deadline = Date.now() + 10_000;
    while (!seen.includes('\n') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const marker = `marker-${Date.now()}`;
    const written = Date.now();
    fs.appendFileSync(logFile('collectd'), `${marker}\n`);
    while (!seen.includes(marker) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toContain(marker);
    expect(Date.now() - written).toBeLessThan(1000);
    follower.kill('SIGINT');
    expect((await follower).exitCode).toBe(130);
  });

  it("reads an initscript's log from ~/var/log/NAME.log, or from [logs]", async () => {
    expect((await service('redis-server', 'log', '-n', '2')).stdout.split('\n')).toEqual(
      lastLines(logFile('redis-server'), 2),
    );
    home.write('var/log/redis/custom.log', 'custom line\n');
    fs.appendFileSync(path.join(home.etc, 'canopsis-tui.ini'), '[logs]\nredis-server = ~/var/log/redis/custom.log\n');
    expect((await service('redis-server', 'log')).stdout).toBe('custom line');
  });

  it('says why a log cannot be read, exit 4', async () => {
    const stderr = await service('collectd', 'log', '--stderr');
    expect(stderr).toMatchObject({ exitCode: 4, stdout: '' });
    expect(stderr.stderr).toBe(
      'service: cannot read collectd stderr: no stderr log file (redirect_stderr=true, or stderr_logfile=NONE)',
    );
    home.write('etc/init.d/quiet', '#!/bin/sh\nexit 0\n', 0o755);
    const quiet = await service('quiet', 'log');
    expect(quiet.exitCode).toBe(4);
    expect(quiet.stderr).toContain(`${logFile('quiet')} does not exist`);
    expect(quiet.stderr).toContain('set another in ~/etc/canopsis-tui.ini [logs]');
    expect((await service('nosuch', 'log')).exitCode).toBe(4);
    expect((await service('collectd', 'log', '-n', 'x')).exitCode).toBe(2);
  });
});
