/**
 * SPEC 8 against a real supervisord: a program that leaves a `setsid` child behind, and readiness checks of
 * each kind (tcp, http, exec, log), passing and timing out, through `service` and `hypcontrol`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  destroyHome,
  makeHome,
  processRuns,
  REPO,
  runBin,
  signalPid,
  startSupervisord,
  type TestHome,
  writeLeaver,
  writeSupervisordConf,
} from '../support/home.js';
import { freePort } from '../support/nodes.js';

let home: TestHome;
const service = (...args: string[]) => runBin('service', args, home);
const hypcontrol = (...args: string[]) => runBin('hypcontrol', args, home);
const started: number[] = [];

const leftPids = (text: string) => [
  ...new Set([...text.matchAll(/lingerer \(pid (\d+)\)/g)].map((match) => Number(match[1]))),
];

beforeAll(async () => {
  home = makeHome({ bundled: false });
  const [tcpPort, httpPort, closedPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const standin = path.join(REPO, 'etc/demo/standin.mjs');
  writeLeaver(home);
  writeSupervisordConf(home, [
    '[program:leaver]',
    `command=${home.home}/bin/leaver`,
    'autostart=false',
    'startsecs=1',
    '[program:broker]',
    `command=node ${standin} broker --startup-ms 1500 --port ${tcpPort}`,
    'autostart=false',
    'startsecs=0',
    '[program:web]',
    `command=node ${standin} web --startup-ms 1000 --port ${httpPort}`,
    'autostart=false',
    'startsecs=0',
    '[program:engine]',
    `command=node ${standin} engine --startup-ms 2000`,
    'autostart=false',
    'startsecs=0',
    'stdout_logfile=%(here)s/../var/log/engine.log',
    '[program:worker]',
    `command=node ${standin} worker --startup-ms 100`,
    'autostart=false',
    'startsecs=0',
    // In no stage: hypcontrol stop leaves it to supervisord's shutdown, which leaves its helper behind.
    '[program:stray]',
    `command=${home.home}/bin/leaver`,
    'autostart=false',
    'startsecs=0',
    '[program:deaf]',
    `command=node ${standin} deaf --startup-ms 100`,
    'autostart=false',
    'startsecs=0',
  ]);
  home.write('etc/hypcontrol.conf', 'BACKEND=(broker leaver)\nMIDDLEWARE=(engine)\nFRONTEND=(web)\n');
  home.write(
    'etc/canopsis-tui.ini',
    [
      '[platform]',
      'ready_timeout = 4',
      'leftover_grace = 1',
      '[ready]',
      `broker = tcp://127.0.0.1:${tcpPort}`,
      `web = http://127.0.0.1:${httpPort}/`,
      'engine = log:\\bready\\b',
      `worker = exec:test -f ${home.home}/var/run/worker-ok`,
      `deaf = tcp://127.0.0.1:${closedPort}`,
      '',
    ].join('\n'),
  );
  await startSupervisord(home);
});

afterAll(async () => {
  for (const pid of started) if (processRuns(pid)) signalPid(pid, 'SIGKILL');
  await destroyHome(home);
});

describe('leftovers', () => {
  it('a stop that leaves a setsid child fails naming it; the next start refuses over it', async () => {
    expect((await service('leaver', 'start')).exitCode).toBe(0);
    const stop = await service('leaver', 'stop');
    const [pid] = leftPids(stop.stdout);
    started.push(pid!);
    expect(stop).toMatchObject({ exitCode: 1, stdout: `leaver: stopped, but left running: lingerer (pid ${pid})` });
    expect(processRuns(pid!)).toBe(true);
    const again = await service('leaver', 'start');
    expect(again).toMatchObject({
      exitCode: 1,
      stdout: `leaver: ERROR (not started: an earlier stop left running lingerer (pid ${pid}) (--kill-leftovers kills them first))`,
    });
    expect((await service('leaver', 'status')).stdout).toMatch(/^leaver\s+STOPPED/);
  });

  it('--kill-leftovers kills what earlier stops left before a start, and what the stop left, and says so', async () => {
    const start = await service('leaver', 'start', '--kill-leftovers');
    const earlier = leftPids(start.stderr);
    expect(start.stderr).toMatch(/^leaver: killed what an earlier stop left running: lingerer \(pid \d+\)$/m);
    expect(start).toMatchObject({ exitCode: 0, stdout: 'leaver: started' });
    const stop = await service('leaver', 'stop', '--kill-leftovers');
    const pids = leftPids(stop.stdout);
    started.push(...pids);
    expect(stop.exitCode).toBe(0);
    expect(stop.stdout).toMatch(/^leaver: stopped \(killed what it left running: lingerer \(pid \d+\)\)$/);
    expect([...earlier, ...pids].filter(processRuns)).toEqual([]);
    expect(JSON.parse(fs.readFileSync(path.join(home.home, 'var/run/canopsis-tui-leftovers.json'), 'utf8'))).toEqual(
      {},
    );
  });

  it('a restart does not start again over what its stop left', async () => {
    await service('leaver', 'start');
    const restart = await service('leaver', 'restart', '--json');
    const results = JSON.parse(restart.stdout).results as Array<{
      action: string;
      ok: boolean;
      reason: string;
      leftovers?: Array<{ pid: number }>;
    }>;
    started.push(...results.flatMap((r) => r.leftovers ?? []).map((entry) => entry.pid));
    expect(restart.exitCode).toBe(1);
    expect(results.map((r) => [r.action, r.ok])).toEqual([
      ['stop', false],
      ['start', false],
    ]);
    expect(results[1]!.reason).toBe('not started again: its stop left processes running (--kill-leftovers)');
    expect((await service('leaver', 'status')).stdout).toMatch(/^leaver\s+STOPPED/);
    expect((await service('leaver', 'stop', '--kill-leftovers')).exitCode).toBe(0);
  });
});

describe('readiness, each kind', () => {
  it('tcp: the start waits until the port accepts, and says after how long', async () => {
    const run = await service('broker', 'start');
    expect(run.exitCode).toBe(0);
    const after = Number(/ready after (\d+\.\d)s/.exec(run.stdout)?.[1]);
    expect(after).toBeGreaterThanOrEqual(1.4);
    expect((await service('broker', 'status')).exitCode).toBe(0);
  });

  it('http and log pass; --no-wait does not wait', async () => {
    expect((await service('web', 'start')).stdout).toMatch(/^web: started \(ready after \d+\.\ds\)$/);
    const noWait = await service('engine', 'start', '--no-wait');
    expect(noWait.stdout).toBe('engine: started');
    // Just started: its ready line comes 2 s after its start, and status says so with exit 3.
    const early = await service('engine', 'status');
    expect(early.exitCode).toBe(3);
    expect(early.stdout).toMatch(
      /^engine\s+RUNNING, not ready: log:\\bready\\b: no matching line in the last 64 KB of its log ·/,
    );
    expect((await service('engine', 'restart')).stdout).toMatch(
      /^engine: stopped\nengine: started \(ready after \d+\.\ds\)$/,
    );
  });

  it('exec: fails at the timeout with the command’s reason, passes once it exits 0', async () => {
    const run = await service('worker', 'start');
    expect(run).toMatchObject({ exitCode: 1, stdout: 'worker: ERROR (not ready after 4s: exec test: exit 1)' });
    const status = await service('worker', 'status', '--json');
    expect(JSON.parse(status.stdout).status[0]).toMatchObject({ state: 'RUNNING', notReady: 'exec test: exit 1' });
    expect(status.exitCode).toBe(3);
    fs.writeFileSync(path.join(home.home, 'var/run/worker-ok'), '');
    expect((await service('worker', 'status')).exitCode).toBe(0);
  });

  it('a check that never passes fails the start with its last error; --status-all says not ready', async () => {
    const run = await service('deaf', 'start');
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/^deaf: ERROR \(not ready after 4s: tcp 127\.0\.0\.1:\d+: connection refused\)$/);
    const all = await service('--status-all');
    expect(all.exitCode).toBe(3);
    expect(all.stdout).toMatch(
      /^deaf\s+RUNNING, not ready: tcp 127\.0\.0\.1:\d+: connection refused · pid \d+, uptime /m,
    );
    expect(all.stdout).toMatch(/^broker\s+RUNNING\s+pid \d+/m);
    expect((await service('deaf', 'stop')).exitCode).toBe(0);
  });
});

describe('hypcontrol', () => {
  it('start waits for each stage to be ready; stop fails on what is left, --kill-leftovers clears it', async () => {
    await service('broker', 'stop');
    await service('web', 'stop');
    await service('engine', 'stop');
    const start = await hypcontrol('start');
    expect(start.exitCode).toBe(0);
    expect(start.stdout).toMatch(/^Starting backend: broker ok, ready after \d+\.\ds, leaver ok {2}/m);
    const status = await hypcontrol('status');
    expect(status.exitCode).toBe(0);
    expect(status.stdout).toMatch(/^ {2}broker\s+RUNNING\s+pid/m);
    expect((await service('stray', 'start')).exitCode).toBe(0);
    const stop = await hypcontrol('stop');
    const pids = leftPids(stop.stdout + stop.stderr);
    started.push(...pids);
    expect(stop.exitCode).toBe(1);
    expect(stop.stdout).toMatch(/^ {2}KO leaver: stopped, but left running: lingerer \(pid \d+\)$/m);
    // supervisord is waited for until its process is gone; what its stray program left is named.
    expect(stop.stdout).toMatch(/^supervisord: KO stopped, but left running: lingerer \(pid \d+\)$/m);
    expect(pids).toHaveLength(2);
    await startSupervisord(home);
    const clear = await service('leaver', 'stop', '--kill-leftovers');
    expect(clear.exitCode).toBe(0);
    expect(pids.filter(processRuns)).toHaveLength(1);
    const survivor = pids.find(processRuns);
    // supervisord's own leftovers are not any program's: a hypcontrol stop --kill-leftovers clears them.
    await service('stray', 'start');
    const again = await hypcontrol('stop', '--kill-leftovers');
    const killed = leftPids(again.stdout);
    started.push(...killed);
    expect(again.exitCode, again.stdout + again.stderr).toBe(0);
    // The one the first shutdown left still carries supervisord's mark: it is killed too.
    expect(again.stdout).toMatch(
      /^supervisord: stopped \(killed what it left running: lingerer \(pid \d+\), lingerer \(pid \d+\)\)$/m,
    );
    expect(killed).toContain(survivor);
    expect(killed.filter(processRuns)).toEqual([]);
    await startSupervisord(home);
  });

  it('a broken [ready] line refuses a waiting start, naming file and line; --no-wait goes on', async () => {
    const ini = path.join(home.etc, 'canopsis-tui.ini');
    const good = fs.readFileSync(ini, 'utf8');
    fs.writeFileSync(ini, `${good}nothing-here = tcp://127.0.0.1:1\n`);
    try {
      const run = await service('broker', 'start');
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain(`${ini}:10: [ready] nothing-here: matches no initscript, program, process or group`);
      expect((await service('broker', 'start', '--no-wait')).exitCode).toBe(0);
    } finally {
      fs.writeFileSync(ini, good);
    }
  });
});
