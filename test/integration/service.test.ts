/** `service` against a real supervisord on a copy of the bundled home. */
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupervisorPort } from '../../src/core/ports.js';
import { destroyHome, makeHome, runBin, startSupervisord, type TestHome } from '../support/home.js';

const ENGINES = fs.readdirSync(path.join(import.meta.dirname, '../../etc/engines')).length;

let home: TestHome;
let supervisor: SupervisorPort;
const service = (...args: string[]) => runBin('service', args, home);

beforeAll(async () => {
  home = makeHome();
  supervisor = await startSupervisord(home);
});
afterAll(async () => destroyHome(home));

async function infoOf(namespec: string) {
  return (await supervisor.getAllProcessInfo()).find(
    (p) => (p.group === p.name ? p.name : `${p.group}:${p.name}`) === namespec,
  )!;
}

describe('service on a program', () => {
  it('reports a program that was never started, exit 3', async () => {
    const run = await service('webserver', 'status');
    expect(run.stdout).toMatch(/^webserver\s+STOPPED\s+Not started$/m);
    expect(run.exitCode).toBe(3);
  });

  it('starts, starts again, stops and stops again, each a success', async () => {
    // webserver has an http check in the bundled canopsis-tui.ini: the start waits for it.
    const started = await service('webserver', 'start');
    expect(started.exitCode).toBe(0);
    expect(started.stdout).toMatch(/^webserver: started \(ready after \d+\.\ds\)$/);
    expect((await infoOf('webserver')).statename).toBe('RUNNING');
    expect((await service('webserver', 'start')).stdout).toMatch(
      /^webserver: already started \(ready after \d+\.\ds\)$/,
    );
    const status = await service('webserver', 'status');
    expect(status.exitCode).toBe(0);
    expect(status.stdout).toMatch(
      new RegExp(`^webserver\\s+RUNNING\\s+pid ${(await infoOf('webserver')).pid}, uptime 0:00:0\\d$`),
    );
    expect(await service('webserver', 'stop')).toMatchObject({ exitCode: 0, stdout: 'webserver: stopped' });
    expect(await service('webserver', 'stop')).toMatchObject({ exitCode: 0, stdout: 'webserver: not running' });
    expect((await infoOf('webserver')).statename).toBe('STOPPED');
  });

  it('restarts a running program with a new pid', async () => {
    await service('collectd', 'start');
    const before = (await infoOf('collectd')).pid;
    const run = await service('collectd', 'restart');
    expect(run).toMatchObject({ exitCode: 0, stdout: 'collectd: stopped\ncollectd: started' });
    const after = await infoOf('collectd');
    expect(after.statename).toBe('RUNNING');
    expect(after.pid).not.toBe(before);
  });
});

describe('service on the amqp2engines group, one engine, and a pattern', () => {
  it('starts the group with one line per process', async () => {
    const run = await service('amqp2engines', 'start');
    expect(run.exitCode).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines).toHaveLength(ENGINES + 1); // engine-alerts has numprocs=2
    // Each engine has a log:ready check: started means it wrote its ready line since this start.
    expect(
      lines.filter((line) => /^amqp2engines:engine-alerts-1: started \(ready after \d+\.\ds\)$/.test(line)),
    ).toHaveLength(1);
    const engines = (await supervisor.getAllProcessInfo()).filter((p) => p.group === 'amqp2engines');
    expect(engines.every((p) => p.statename === 'RUNNING')).toBe(true);
  });

  it('restarts one engine process and only that one', async () => {
    const others = (await infoOf('amqp2engines:engine-alerts-0')).pid;
    const before = (await infoOf('amqp2engines:engine-alerts-1')).pid;
    const run = await service('amqp2engines:engine-alerts-1', 'restart');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(
      /^amqp2engines:engine-alerts-1: stopped\namqp2engines:engine-alerts-1: started \(ready after \d+\.\ds\)$/,
    );
    expect((await infoOf('amqp2engines:engine-alerts-1')).pid).not.toBe(before);
    expect((await infoOf('amqp2engines:engine-alerts-0')).pid).toBe(others);
  });

  it('reads like supervisorctl for one engine', async () => {
    const ours = await service('amqp2engines:engine-cleaner-events-0', 'status');
    const theirs = await execa('supervisorctl', ['-c', home.conf, 'status', 'amqp2engines:engine-cleaner-events-0'], {
      reject: false,
      env: { HOME: home.home },
    });
    const fields = (text: string) => text.trim().split(/\s+/).slice(0, 4).join(' ');
    expect(fields(ours.stdout)).toBe(fields(String(theirs.stdout)));
    expect(ours.exitCode).toBe(0);
  });

  it('stops every engine of the pattern at once with mstop', async () => {
    const run = await service('amqp2engines*', 'mstop');
    expect(run.exitCode).toBe(0);
    expect(run.stdout.split('\n').filter((line) => line.endsWith(': stopped'))).toHaveLength(ENGINES + 1);
    const engines = (await supervisor.getAllProcessInfo()).filter((p) => p.group === 'amqp2engines');
    expect(engines.every((p) => p.statename === 'STOPPED')).toBe(true);
  });

  it('mstart spawns every engine at once (start times far closer than one by one)', async () => {
    const run = await service('amqp2engines*', 'mstart');
    expect(run.exitCode).toBe(0);
    const engines = (await supervisor.getAllProcessInfo()).filter((p) => p.group === 'amqp2engines');
    expect(engines).toHaveLength(ENGINES + 1);
    expect(engines.every((p) => p.statename === 'RUNNING')).toBe(true);
    const starts = engines.map((p) => p.start);
    // Each engine needs startsecs to be RUNNING: one by one they would spread over at least ENGINES seconds.
    // At once, the spread is only supervisord's own spawn loop (0-1 s idle, up to 3 s on two busy cores).
    expect(Math.max(...starts) - Math.min(...starts)).toBeLessThan(ENGINES / 2);
  });

  it('reports an engine that exits at once with its spawn error, exit 1', async () => {
    await service('amqp2engines:engine-context-0', 'stop');
    const flag = home.write('etc/demo/crash-engine-context-0', '');
    try {
      const run = await service('amqp2engines:engine-context-0', 'start');
      expect(run.exitCode).toBe(1);
      // supervisord says "Exited too quickly" when the exit beats startsecs; on a loaded machine node's own
      // start-up can outlast startsecs, and then it says "Bad exit code 3". Both are the spawn error. Later
      // still, it was RUNNING when the start returned, and its readiness check sees it go.
      const spawnError = 'spawn error: (Exited too quickly \\(process log may have details\\)|Bad exit code 3)';
      const wentDown = 'not ready: it is (EXITED|BACKOFF|FATAL).*';
      expect(run.stdout).toMatch(
        new RegExp(`^amqp2engines:engine-context-0: ERROR \\((${spawnError}|${wentDown})\\)$`),
      );
      const status = await service('amqp2engines:engine-context-0', 'status');
      expect(status.exitCode).toBe(3);
      expect(status.stdout).toMatch(/^amqp2engines:engine-context-0\s+(BACKOFF|FATAL|STARTING|EXITED)\b/);
      // Once it has given up, its status says why in its own last words (SPEC 9), in text and JSON.
      // (FATAL once it has given up; EXITED when, on a loaded machine, it died after startsecs.)
      const settled = () =>
        infoOf('amqp2engines:engine-context-0').then((info) => ['FATAL', 'EXITED'].includes(info.statename));
      while (!(await settled())) await new Promise((resolve) => setTimeout(resolve, 200));
      const fatal = await service('amqp2engines:engine-context-0', 'status');
      expect(fatal.stdout).toMatch(
        /^amqp2engines:engine-context-0\s+(FATAL\s+(flapping · )?Exited too quickly|EXITED\s+exit status 3) · ConnectionRefusedError: \[Errno 111\] Connection refused · /,
      );
      // Its restarts, from supervisord's main log: given up after its retries, each an unexpected exit.
      if (fatal.stdout.includes(' FATAL '))
        expect(fatal.stdout).toMatch(
          new RegExp(
            String.raw`FATAL\s+flapping · .* · [4-9] unexpected exits \(last: exit status \d+\) ` +
              String.raw`and [4-9] starts in the last hour$`,
            'm',
          ),
        );
      else
        expect(fatal.stdout).toMatch(
          / · \d+ unexpected exits? \((last: )?exit status \d+\) and \d+ starts? in the last hour$/m,
        );
      const json = JSON.parse((await service('amqp2engines:engine-context-0', 'status', '--json')).stdout);
      expect(json.status[0]).toMatchObject({ lastLine: 'ConnectionRefusedError: [Errno 111] Connection refused' });
    } finally {
      fs.rmSync(flag);
      await service('amqp2engines:engine-context-0', 'stop');
    }
  });

  it('mrestart on the group name restarts every process with new pids', async () => {
    const before = new Map(
      (await supervisor.getAllProcessInfo()).filter((p) => p.group === 'amqp2engines').map((p) => [p.name, p.pid]),
    );
    const run = await service('amqp2engines', 'mrestart');
    expect(run.exitCode).toBe(0);
    const after = (await supervisor.getAllProcessInfo()).filter((p) => p.group === 'amqp2engines');
    expect(after.every((p) => p.statename === 'RUNNING' && p.pid !== before.get(p.name))).toBe(true);
  });

  it('stops the group, then stopping it again succeeds', async () => {
    expect((await service('amqp2engines', 'stop')).exitCode).toBe(0);
    const again = await service('amqp2engines', 'stop');
    expect(again.exitCode).toBe(0);
    expect(again.stdout.split('\n').every((line) => line.endsWith(': not running'))).toBe(true);
  });
});

describe('service status-all and json', () => {
  it('lists the initscript and every process, exit 3 while some are stopped', async () => {
    const run = await service('--status-all');
    expect(run.exitCode).toBe(3);
    const names = run.stdout.split('\n').map((line) => line.split(/\s+/)[0]);
    expect(names[0]).toBe('redis-server');
    expect(names).toContain('amqp2engines:engine-topology-0');
    expect(names).toContain('rabbitmq-server');
    expect(names).toHaveLength(1 + ENGINES + 1 + 4);
  });

  it('prints the same facts as JSON', async () => {
    const run = await service('collectd', 'status', '--json');
    const doc = JSON.parse(run.stdout) as {
      status: Array<{ name: string; state: string; pid: number }>;
      exitCode: number;
    };
    expect(doc.status).toEqual([
      expect.objectContaining({ name: 'collectd', state: 'RUNNING', pid: (await infoOf('collectd')).pid }),
    ]);
    expect(doc.exitCode).toBe(0);
  });
});
