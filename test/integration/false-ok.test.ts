/**
 * SPEC 11 against a real supervisord: no "ok" while the platform is not as said. A listener left by a stop
 * in its own session, a daemon that double-forked away from its program, a foreign process on a checked
 * port, and two operators starting the same process at once.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  destroyHome,
  makeHome,
  processRuns,
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
let heldPort = 0;
let foreignPort = 0;

/** Whether something accepts connections on the port now. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => (socket.destroy(), resolve(true)));
    socket.on('error', () => resolve(false));
  });
}

async function waitFor(check: () => Promise<boolean> | boolean, what: string, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const pidsIn = (text: string, name: string) => [
  ...new Set([...text.matchAll(new RegExp(`${name} \\(pid (\\d+)\\)`, 'g'))].map((m) => Number(m[1]))),
];

beforeAll(async () => {
  home = makeHome({ bundled: false });
  [heldPort, foreignPort] = await Promise.all([freePort(), freePort()]);
  writeLeaver(home);
  // A listener that records its pid for destroyHome, as the lingerer does.
  home.write(
    'bin/squatter',
    [
      '#!/usr/bin/env node',
      "const fs = require('node:fs');",
      `fs.mkdirSync('${home.home}/var/run/lingerers', { recursive: true });`,
      `fs.writeFileSync('${home.home}/var/run/lingerers/' + process.pid, '');`,
      "require('node:net').createServer().listen(Number(process.argv[2]), '127.0.0.1');",
      '',
    ].join('\n'),
    0o755,
  );
  // The broker's helper moves to a session of its own and keeps the port, as beam.smp does under su.
  home.write('bin/holder', `#!/bin/sh\nsetsid ${home.home}/bin/squatter ${heldPort} &\nexec sleep 300\n`, 0o755);
  // `daemonize yes` under supervisord: the daemon is re-parented to init at once.
  home.write('bin/forker', `#!/bin/sh\n( ${home.home}/bin/lingerer & )\nexec sleep 300\n`, 0o755);
  writeSupervisordConf(home, [
    '[program:holder]',
    `command=${home.home}/bin/holder`,
    'autostart=false',
    'startsecs=0',
    '[program:forker]',
    `command=${home.home}/bin/forker`,
    'autostart=false',
    'startsecs=0',
    '[program:quiet]',
    'command=sleep 300',
    'autostart=false',
    'startsecs=0',
    '[program:slow]',
    'command=sleep 300',
    'autostart=false',
    'startsecs=2',
    '[program:flap]',
    "command=sh -c 'sleep 0.3; exit 1'",
    'autostart=false',
    'startsecs=1',
    'startretries=2',
  ]);
  home.write('etc/hypcontrol.conf', 'BACKEND=(holder)\nMIDDLEWARE=()\nFRONTEND=()\n');
  home.write(
    'etc/canopsis-tui.ini',
    [
      '[platform]',
      'ready_timeout = 3',
      'leftover_grace = 1',
      '[ready]',
      `holder = tcp://127.0.0.1:${heldPort}`,
      `quiet = tcp://127.0.0.1:${foreignPort}`,
      '',
    ].join('\n'),
  );
  await startSupervisord(home);
});

afterAll(async () => {
  for (const pid of started) if (processRuns(pid)) signalPid(pid, 'SIGKILL');
  await destroyHome(home);
});

describe('a start over what a stop left', () => {
  it('refuses in service and hypcontrol, naming the leftover; --kill-leftovers clears it and starts', async () => {
    expect((await service('holder', 'start')).exitCode).toBe(0);
    const stop = await service('holder', 'stop');
    const [squatter] = pidsIn(stop.stdout, 'node');
    started.push(squatter!);
    expect(stop).toMatchObject({ exitCode: 1, stdout: `holder: stopped, but left running: node (pid ${squatter})` });
    expect(await listening(heldPort)).toBe(true);

    const again = await service('holder', 'start');
    expect(again.exitCode).toBe(1);
    expect(again.stdout).toBe(
      `holder: ERROR (not started: an earlier stop left running node (pid ${squatter}) (--kill-leftovers kills them first))`,
    );
    expect((await service('holder', 'status')).stdout).toMatch(/^holder\s+STOPPED/);

    const platform = await hypcontrol('start');
    expect(platform.exitCode).toBe(1);
    expect(platform.stderr).toContain(
      `hypcontrol: start failed at backend: holder: not started: an earlier stop left running node (pid ${squatter})`,
    );
    expect((await service('holder', 'status')).stdout).toMatch(/^holder\s+STOPPED/);

    const cleared = await service('holder', 'start', '--kill-leftovers');
    expect(cleared.stderr).toContain(`holder: killed what an earlier stop left running: node (pid ${squatter})`);
    expect(cleared.stdout).toMatch(/^holder: started \(ready after \d+\.\ds\)$/);
    expect(cleared.exitCode).toBe(0);
    expect(processRuns(squatter!)).toBe(false);
    const clean = await service('holder', 'stop', '--kill-leftovers');
    started.push(...pidsIn(clean.stdout, 'node'));
    expect(clean.exitCode).toBe(0);
  });

  it('a port held by a process outside the started one’s tree is not its readiness', async () => {
    const foreign = execa(path.join(home.home, 'bin/squatter'), [String(foreignPort)], {
      detached: true,
      stdio: 'ignore',
      reject: false,
    });
    started.push(foreign.pid!);
    await waitFor(() => listening(foreignPort), 'the foreign listener');
    const run = await service('quiet', 'start');
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe(
      `quiet: ERROR (not ready after 3s: 127.0.0.1:${foreignPort} is held by node (pid ${foreign.pid}), not by quiet's process)`,
    );
    const status = await service('quiet', 'status');
    expect(status.exitCode).toBe(3);
    expect(status.stdout).toContain(
      `RUNNING, not ready: 127.0.0.1:${foreignPort} is held by node (pid ${foreign.pid})`,
    );
    signalPid(foreign.pid!, 'SIGKILL');
    await foreign;
    expect((await service('quiet', 'stop')).exitCode).toBe(0);
  });
});

describe('a daemonized child', () => {
  it('is found by supervisord’s mark in its environment: the stop fails naming it', async () => {
    const start = await service('forker', 'start');
    expect(start.exitCode, start.stdout + start.stderr).toBe(0);
    const lingerers = () => fs.readdirSync(path.join(home.home, 'var/run/lingerers')).map(Number).filter(processRuns);
    await waitFor(
      () => lingerers().some((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('lingerer')),
      'the daemon',
    );
    const [daemon] = lingerers().filter((pid) =>
      fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('lingerer'),
    );
    started.push(daemon!);
    // Re-parented before the stop: no walk from the supervised process reaches it.
    const ppid = Number(fs.readFileSync(`/proc/${daemon}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
    const { pid: forker } = await (await import('../support/home.js')).clientFor(home).getProcessInfo('forker');
    expect(ppid).not.toBe(forker);
    const stop = await service('forker', 'stop');
    expect(stop).toMatchObject({ exitCode: 1, stdout: `forker: stopped, but left running: lingerer (pid ${daemon})` });
    const killed = await service('forker', 'stop', '--kill-leftovers');
    expect(killed).toMatchObject({
      exitCode: 0,
      stdout: `forker: not running (killed what it left running: lingerer (pid ${daemon}))`,
    });
    expect(processRuns(daemon!)).toBe(false);
  });
});

describe('STARTING and BACKOFF are not "already started"', () => {
  it('two operators starting a slow process at once both wait for RUNNING', async () => {
    const [first, second] = await Promise.all([
      service('slow', 'start'),
      new Promise((r) => setTimeout(r, 500)).then(() => service('slow', 'start')),
    ]);
    const lines = [first!.stdout, second!.stdout].sort();
    expect([first!.stderr, second!.stderr]).toEqual(['', '']);
    expect(lines).toEqual(['slow: started', 'slow: started (was STARTING)']);
    expect([first!.exitCode, second!.exitCode]).toEqual([0, 0]);
    expect((await service('slow', 'stop')).exitCode).toBe(0);
  });

  it('two operators starting a flapping process at once both fail, and the journal says failed twice', async () => {
    const [first, second] = await Promise.all([
      service('flap', 'start'),
      new Promise((r) => setTimeout(r, 200)).then(() => service('flap', 'start')),
    ]);
    expect([first!.exitCode, second!.exitCode], first!.stderr + second!.stderr).toEqual([1, 1]);
    expect(first!.stdout).toMatch(/^flap: ERROR \(spawn error: Exited too quickly/);
    expect(second!.stdout).toMatch(/^flap: ERROR \(was (STARTING|BACKOFF), then FATAL: Exited too quickly/);
    const journal = fs
      .readFileSync(path.join(home.home, 'var/log/canopsis-tui/actions.log'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(journal.filter((entry) => entry.targets.includes('flap')).map((entry) => entry.outcome)).toEqual([
      'failed',
      'failed',
    ]);
  });

  it('a start on a BACKOFF process waits for its outcome', async () => {
    const first = service('flap', 'start');
    const client = (await import('../support/home.js')).clientFor(home);
    await waitFor(async () => (await client.getProcessInfo('flap')).statename === 'BACKOFF', 'BACKOFF');
    const second = await service('flap', 'start');
    expect(second.exitCode).toBe(1);
    expect(second.stdout).toMatch(/^flap: ERROR \(was (STARTING|BACKOFF), then FATAL/);
    expect((await first).exitCode).toBe(1);
  });
});
