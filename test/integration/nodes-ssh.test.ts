/**
 * Another node's initscripts (SPEC 10) through a real sshd: run with the system's ssh in BatchMode, listed
 * to resolve names; a node without `ssh` says why its initscripts are not managed; a refused ssh says so.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wireFleet } from '../../src/cli/node-wiring.js';
import { createPanelSession } from '../../src/control/panel-session.js';
import type { HomeReading } from '../../src/core/home.js';
import type { NodeRow } from '../../src/core/panel/node-views.js';
import { destroyHome, pidAlive, processRuns, runBin } from '../support/home.js';
import { makeNodes, program, type TestNode } from '../support/nodes.js';
import { sshToNode, type TestSshd } from '../support/sshd.js';

/** An LSB script standing for redis-server on node2: a `sleep` it starts, with a pidfile in the node's home. */
function redisScript(home: string): string {
  const pidfile = `${home}/var/run/redis.pid`;
  return [
    '#!/bin/sh',
    `PIDFILE=${pidfile}`,
    'running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }',
    'case "$1" in',
    '  start) running || { setsid sleep 100000 >/dev/null 2>&1 & echo $! > "$PIDFILE"; }; echo "redis-server started";;',
    '  stop) running && kill "$(cat "$PIDFILE")"; rm -f "$PIDFILE"; echo "redis-server stopped";;',
    '  status) if running; then echo "redis-server is running"; exit 0; else echo "redis-server is not running"; exit 3; fi;;',
    '  restart) "$0" stop; "$0" start;;',
    '  *) exit 2;;',
    'esac',
    '',
  ].join('\n');
}

/** The panel's session over the first home's nodes, each node's reading fixed (no watching). */
function panelSessionOf(home: string) {
  const fleet = wireFleet(home, process.env, 10_000, 'canopsis-tui');
  const fixed = (node: HomeReading) => ({ read: () => node, watch: () => () => undefined });
  const homes = fleet.nodes.map((node) => ({ ...node, home: fixed(node) }));
  return createPanelSession(homes, { actionTimeoutMs: 10_000, statusTimeoutMs: 10_000, waitMs: 1_000, now: Date.now });
}

describe("another node's initscripts over ssh", () => {
  let nodes: TestNode[];
  let sshd: TestSshd;
  const run = (bin: string, ...args: string[]) => runBin(bin, args, nodes[0]!.home, { PATH: sshd.path });
  const panelSession = () => panelSessionOf(nodes[0]!.home.home);
  const redisPid = () => Number(fs.readFileSync(path.join(nodes[1]!.home.home, 'var/run/redis.pid'), 'utf8'));

  beforeAll(async () => {
    const programs = [[program('mongodb', 0)], [program('engine', 0)], [program('engine', 0)]];
    nodes = await makeNodes(['core', 'node2', 'node3'], programs, 'BACKEND=(redis-server mongodb)\n');
    nodes[1]!.home.write('etc/init.d/redis-server', redisScript(nodes[1]!.home.home), 0o755);
    nodes[2]!.home.write('etc/init.d/redis-server', redisScript(nodes[2]!.home.home), 0o755);
    sshd = await sshToNode(nodes, 1);
  }, 60_000);
  afterAll(async () => {
    if (nodes?.[1] && fs.existsSync(path.join(nodes[1].home.home, 'var/run/redis.pid'))) {
      const pid = redisPid();
      if (pidAlive(pid)) process.kill(pid, 'SIGKILL');
    }
    await sshd?.stop();
    for (const node of nodes ?? []) await destroyHome(node.home);
  });

  it('starts, shows and stops an initscript of node2 through ssh', async () => {
    const started = await run('service', 'redis-server@node2', 'start');
    expect(started.stderr).toBe('');
    expect(started.exitCode).toBe(0);
    expect(started.stdout).toContain('redis-server@node2: started');
    expect(processRuns(redisPid())).toBe(true);
    // A name alone: node2 has it; node3 has no ssh, so its own initscripts are said not to be managed.
    const status = await run('service', 'redis-server', 'status');
    expect(status.exitCode).toBe(0);
    expect(status.stdout).toMatch(/^redis-server@node2\s+RUNNING\s+redis-server is running$/m);
    const pid = redisPid();
    const stopped = await run('service', 'redis-server@node2', 'stop');
    expect(stopped.exitCode).toBe(0);
    expect(processRuns(pid)).toBe(false);
  }, 60_000);

  it('a node without ssh says why its initscripts are not managed', async () => {
    const status = await run('service', 'redis-server@node3', 'status');
    expect(status.exitCode).toBe(4);
    const why = 'node3: initscripts not managed from here (no ssh in [node:node3])';
    expect(status.stderr.trim()).toBe(`Unknown service: redis-server on node3; ${why}`);
  }, 30_000);

  it('hypcontrol starts a stage whose initscript is on node2, with the local supervisord program', async () => {
    const started = await run('hypcontrol', 'start', '--no-wait');
    expect(started.exitCode).toBe(0);
    // In the order they ended: both at once.
    expect(started.stdout).toMatch(
      /^Starting backend: (redis-server@node2 ok, mongodb@core ok|mongodb@core ok, redis-server@node2 ok) /m,
    );
    expect(processRuns(redisPid())).toBe(true);
    const stopped = await run('hypcontrol', 'stop');
    expect(stopped.exitCode).toBe(0);
    expect(fs.existsSync(path.join(nodes[1]!.home.home, 'var/run/redis.pid'))).toBe(false);
  }, 60_000);

  it("the panel's session lists node2's initscripts over ssh and reads their status there", async () => {
    const path0 = process.env.PATH;
    process.env.PATH = sshd.path;
    try {
      const session = panelSession();
      const listed = new Promise<void>((resolve) => session.watch(resolve));
      session.readHome();
      await listed;
      const { nodes: answers } = await session.pollDaemon();
      expect(answers.map((answer) => [answer.node, answer.lsb])).toEqual([
        ['core', undefined],
        ['node2', ['redis-server']],
        ['node3', undefined],
      ]);
      const rows: NodeRow[] = [];
      await session.pollInitscripts([{ node: 'node2', name: 'redis-server' }], (row) => rows.push(row));
      const stopped = {
        name: 'redis-server',
        kind: 'lsb',
        state: 'STOPPED',
        detail: 'LSB status 3: redis-server is not running',
      };
      expect(rows).toMatchObject([{ node: 'node2', row: stopped }]);
    } finally {
      process.env.PATH = path0;
    }
  }, 30_000);

  it("an initscript's log on node2 is read over its ssh: by service, and followed by the panel's l", async () => {
    nodes[1]!.home.write('var/log/redis-server.log', 'one\ntwo\nthree\n');
    const log = await run('service', 'redis-server@node2', 'log', '-n', '2');
    expect({ code: log.exitCode, out: log.stdout, err: log.stderr }).toEqual({ code: 0, out: 'two\nthree', err: '' });
    const path0 = process.env.PATH;
    process.env.PATH = sshd.path;
    const following = new AbortController();
    try {
      const session = panelSession();
      const seen: Array<[string[], boolean]> = [];
      const problems: string[] = [];
      let wake = () => {};
      const handlers = {
        onLines: (lines: string[], first: boolean) => (seen.push([lines, first]), wake()),
        onProblem: (problem: string) => problems.push(problem),
      };
      const target = [{ kind: 'lsb' as const, name: 'redis-server', node: 'node2' }];
      const watching = session.watchLog(target, ['stdout'], 2, handlers, following.signal);
      while (seen.length === 0 && problems.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      expect({ seen, problems }).toEqual({ seen: [[['two', 'three'], true]], problems: [] });
      fs.appendFileSync(path.join(nodes[1]!.home.home, 'var/log/redis-server.log'), 'four\n');
      while (seen.length === 1) await new Promise<void>((resolve) => (wake = resolve));
      expect(seen[1]).toEqual([['four'], false]);
      following.abort();
      await watching;
    } finally {
      following.abort();
      process.env.PATH = path0;
    }
    fs.rmSync(path.join(nodes[1]!.home.home, 'var/log/redis-server.log'));
    const gone = await run('service', 'redis-server@node2', 'log');
    expect(gone.exitCode).toBe(4);
    expect(gone.stderr).toMatch(/cannot read node2:~\/var\/log\/redis-server\.log .*does not exist/);
  }, 60_000);

  it('an ssh that is refused is said, with what ssh said', async () => {
    const ini = path.join(nodes[0]!.home.etc, 'canopsis-tui.ini');
    fs.writeFileSync(ini, fs.readFileSync(ini, 'utf8').replace(`ssh = ${sshd.target}`, 'ssh = nobody-here@127.0.0.1'));
    const status = await run('service', 'redis-server@node2', 'status');
    expect(status.exitCode).toBe(4);
    expect(status.stderr).toMatch(
      /^Unknown service: redis-server on node2; ssh nobody-here@127\.0\.0\.1 failed: .*Permission denied/,
    );
  }, 30_000);
});
