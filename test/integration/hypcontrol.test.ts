/** `hypcontrol` on copies of the bundled home, against a real supervisord it starts and stops itself. */
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessInfo } from '../../src/core/ports.js';
import { clientFor, destroyHome, makeHome, REPO, runBin, type TestHome } from '../support/home.js';

const BACKEND = ['rabbitmq-server', 'mongodb'];
const FRONTEND = ['webserver'];

function pidOf(home: TestHome): number {
  const file = path.join(home.home, 'var/run/supervisord.pid');
  return fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8')) : 0;
}

async function processesFrom(home: TestHome): Promise<string[]> {
  const run = await execa('pgrep', ['-af', home.home], { reject: false });
  return String(run.stdout).split('\n').filter(Boolean);
}

async function infos(home: TestHome): Promise<ProcessInfo[]> {
  return clientFor(home).getAllProcessInfo();
}

describe('hypcontrol on the bundled home', () => {
  let home: TestHome;
  const hypcontrol = (...args: string[]) => runBin('hypcontrol', args, home);
  beforeAll(() => {
    home = makeHome();
  });
  afterAll(async () => destroyHome(home));

  it('start brings every stage up in order, each stage after the previous is up', async () => {
    const run = await hypcontrol('start');
    expect(run.exitCode).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('supervisord: running');
    // The bundled canopsis-tui.ini checks the stand-ins' ports and the engines' ready lines.
    expect(lines[1]).toMatch(
      /^Starting backend: rabbitmq-server ok, ready after \d+\.\ds, mongodb ok, ready after \d+\.\ds, redis-server ok {2}\(\d+\.\ds\)$/,
    );
    expect(lines[2]).toMatch(
      /^Starting middleware: collectd ok, amqp2engines\* ok \(15\/15\), ready after \d+\.\ds {2}\(\d+\.\ds\)$/,
    );
    expect(lines[3]).toMatch(/^Starting frontend: webserver ok, ready after \d+\.\ds {2}\(\d+\.\ds\)$/);
    const all = await infos(home);
    expect(all.every((p) => p.statename === 'RUNNING')).toBe(true);
    const startOf = (names: string[]) => all.filter((p) => names.includes(p.name)).map((p) => p.start);
    const middleware = all.filter((p) => p.group === 'amqp2engines' || p.name === 'collectd').map((p) => p.start);
    // A backend program is up startsecs=1 after its spawn: every middleware spawn comes after that.
    expect(Math.min(...middleware)).toBeGreaterThanOrEqual(Math.max(...startOf(BACKEND)) + 1);
    // And after the stand-in broker accepted connections: its port opens 2.5 s after its spawn.
    expect(Math.min(...middleware)).toBeGreaterThanOrEqual(startOf(['rabbitmq-server'])[0]! + 2);
    expect(Math.min(...startOf(FRONTEND))).toBeGreaterThanOrEqual(Math.max(...middleware) + 1);
    // Inside a stage, every service is spawned at once: one by one, 16 middleware processes with startsecs=3
    // would spread over 45 s; at once, only over supervisord's own spawn loop (up to 3 s on two busy cores).
    expect(Math.max(...middleware) - Math.min(...middleware)).toBeLessThan(8);
    expect(Math.max(...startOf(BACKEND)) - Math.min(...startOf(BACKEND))).toBeLessThanOrEqual(1);
  });

  it('status says every stage is up, exit 0', async () => {
    const run = await hypcontrol('status');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^BACKEND\n {2}rabbitmq-server +RUNNING +pid \d+/m);
    expect(run.stdout).toMatch(/^ {2}redis-server +RUNNING +redis-server is running/m);
    expect(run.stdout).toMatch(/^FRONTEND\n {2}webserver +RUNNING/m);
  });

  it('restart from up stops then starts everything with new pids', async () => {
    const before = new Map((await infos(home)).map((p) => [p.name, p.pid]));
    const run = await hypcontrol('restart');
    expect(run.exitCode).toBe(0);
    expect(run.stdout.split('\n').map((line) => line.split(':')[0])).toEqual([
      'Stopping frontend',
      'Stopping middleware',
      'Stopping backend',
      'supervisord',
      'supervisord',
      'Starting backend',
      'Starting middleware',
      'Starting frontend',
    ]);
    const after = await infos(home);
    expect(after.every((p) => p.statename === 'RUNNING' && p.pid !== before.get(p.name))).toBe(true);
  });

  it('stop leaves nothing running and supervisord gone, and stopping again succeeds', async () => {
    const daemon = pidOf(home);
    expect(daemon).toBeGreaterThan(0);
    const run = await hypcontrol('stop');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^Stopping frontend: webserver ok/);
    expect(run.stdout.trim().split('\n').pop()).toBe('supervisord: stopped');
    expect(await processesFrom(home)).toEqual([]);
    expect((await execa('kill', ['-0', String(daemon)], { reject: false })).exitCode).not.toBe(0);
    expect((await hypcontrol('stop')).exitCode).toBe(0);
    const status = await hypcontrol('status');
    expect(status.exitCode).toBe(4);
    expect(status.stdout).toMatch(/^supervisord: not running \(socket \S+ does not exist\)$/m);
  });

  it('restart from down starts everything', async () => {
    const run = await hypcontrol('restart');
    expect(run.exitCode).toBe(0);
    expect((await hypcontrol('status')).exitCode).toBe(0);
    await hypcontrol('stop');
  });
});

describe('hypcontrol when a stage fails', () => {
  let home: TestHome;
  beforeAll(() => {
    home = makeHome();
    home.write('etc/demo/crash-engine-context-0', '');
  });
  afterAll(async () => destroyHome(home));

  it('stops at the stage, names the engine and its spawn error, never starts the frontend', async () => {
    const run = await runBin('hypcontrol', ['start'], home);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/^Starting middleware: collectd ok, amqp2engines\* KO \(14\/15\)/m);
    // It dies within startsecs (a spawn error), or, on a loaded machine where node takes longer to boot,
    // just after: then its log:ready check sees it go, and the stage fails all the same.
    const why = '(spawn error: |not ready: it is (EXITED|BACKOFF|FATAL))';
    expect(run.stdout).toMatch(new RegExp(`^ {2}KO amqp2engines:engine-context-0: ${why}`, 'm'));
    expect(run.stdout).not.toContain('frontend');
    expect(run.stderr).toMatch(
      new RegExp(`^hypcontrol: start failed at middleware: amqp2engines:engine-context-0: ${why}`),
    );
    const webserver = (await infos(home)).find((p) => p.name === 'webserver')!;
    expect(webserver).toMatchObject({ statename: 'STOPPED', start: 0 });
    expect((await runBin('hypcontrol', ['status'], home)).exitCode).toBe(3);
    // The journal says who ran it, and why it failed.
    const [entry] = JSON.parse((await runBin('service', ['--history', '--json', '-n', '1'], home)).stdout).history;
    const stages = ['BACKEND', 'MIDDLEWARE', 'FRONTEND'];
    expect(entry).toMatchObject({
      command: 'hypcontrol',
      action: 'platform start',
      targets: stages,
      outcome: 'failed',
    });
    expect(entry.reason).toMatch(new RegExp(`^amqp2engines:engine-context-0: ${why}`));
  });
});

describe('hypcontrol.conf problems, refused before anything starts', () => {
  let home: TestHome;
  beforeAll(() => {
    home = makeHome();
  });
  afterAll(async () => destroyHome(home));

  const conf = (text: string) => fs.writeFileSync(path.join(home.etc, 'hypcontrol.conf'), text);

  it('an unknown name', async () => {
    conf('BACKEND=(rabbitmq-server nosuchd)\nFRONTEND=(webserver)\n');
    const run = await runBin('hypcontrol', ['start'], home);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`hypcontrol: ${home.etc}/hypcontrol.conf: BACKEND: Unknown service: nosuchd`);
    expect(pidOf(home)).toBe(0);
    const status = await runBin('hypcontrol', ['status'], home);
    expect(status.exitCode).toBe(4);
    expect(status.stdout).toMatch(/^ {2}nosuchd +UNKNOWN +Unknown service: nosuchd$/m);
  });

  it('a $(...) line, with its line and column', async () => {
    conf('BACKEND=(\n  rabbitmq-server\n  $(curl evil)\n)\n');
    const run = await runBin('hypcontrol', ['start'], home);
    expect(run).toMatchObject({
      exitCode: 1,
      stderr: `hypcontrol: ${home.etc}/hypcontrol.conf:3:3: expansion or command substitution ($) is not allowed: this file is read, not executed`,
    });
    expect(pidOf(home)).toBe(0);
  });

  it('a missing file', async () => {
    fs.rmSync(path.join(home.etc, 'hypcontrol.conf'));
    const run = await runBin('hypcontrol', ['status'], home);
    expect(run).toMatchObject({
      exitCode: 4,
      stderr: `hypcontrol: Can't find configuration: ${home.etc}/hypcontrol.conf`,
    });
  });
});

describe('hypcontrol interrupted', () => {
  let home: TestHome;
  beforeAll(() => {
    home = makeHome();
  });
  afterAll(async () => destroyHome(home));

  it('Ctrl-C stops launching after the stage in flight, reports, exits non-zero', async () => {
    const child = execa(path.join(REPO, 'bin/hypcontrol'), ['--home', home.home, '--json', 'start'], {
      reject: false,
      stdin: 'ignore',
      buffer: true,
    });
    let seen = '';
    await new Promise<void>((resolve) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes('"stage-begin","stage":"BACKEND"')) resolve();
      });
    });
    child.kill('SIGINT');
    const run = await child;
    expect(run.exitCode).toBe(130);
    const events = String(run.stdout)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; stage?: string; ok?: boolean });
    expect(events.find((e) => e.type === 'stage-end')).toMatchObject({ stage: 'BACKEND', ok: true });
    expect(events.at(-1)).toEqual({ type: 'aborted', stage: 'MIDDLEWARE' });
    expect(String(run.stderr)).toContain('hypcontrol: start interrupted');
    const all = await infos(home);
    expect(all.filter((p) => p.group === 'amqp2engines').every((p) => p.statename === 'STOPPED')).toBe(true);
  });
});
