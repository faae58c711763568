/**
 * Several nodes (SPEC 10): three homes, three real supervisords on loopback TCP ports with credentials, the
 * first home naming the other two in canopsis-tui.ini. Stage order is read from each supervisord's spawn
 * and stop times; a node is killed by its pid and started again.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessInfo } from '../../src/core/ports.js';
import { destroyHome, pidAlive, runBin, signalPid, startSupervisord, supervisordPid } from '../support/home.js';
import { clientOf, makeNodes, spreadPlatform, type TestNode } from '../support/nodes.js';

// Written as Canopsis writes it: one name a line.
const HYPCONTROL = [
  'BACKEND=(',
  '    "mongodb"',
  ')',
  'MIDDLEWARE=(',
  '    "amqp2engines*"',
  ')',
  'FRONTEND=(',
  '    "webserver"',
  ')',
  '',
].join('\n');

describe('three nodes, one hypcontrol and one service', () => {
  let nodes: TestNode[];
  const local = () => nodes[0]!.home;
  const run = (bin: string, ...args: string[]) => runBin(bin, args, local());
  const infos = async (node: TestNode): Promise<ProcessInfo[]> => clientOf(node).getAllProcessInfo();
  const noSecret = (text: string) => nodes.forEach((node) => expect(text).not.toContain(node.password));

  beforeAll(async () => {
    // mongodb up 2 s after its spawn, each engine 1 s after its own: the order shows in the spawn times.
    nodes = await makeNodes(['core', 'node2', 'node3'], spreadPlatform(2, 1), HYPCONTROL);
  }, 60_000);
  afterAll(async () => {
    for (const node of nodes ?? []) await destroyHome(node.home);
  });

  it('hypcontrol start runs each stage on every node at once, the next once all nodes have it up', async () => {
    const started = await run('hypcontrol', 'start');
    expect(started.stderr).toBe('');
    expect(started.exitCode).toBe(0);
    expect(started.stdout).toMatch(/Starting backend: mongodb@core ok/);
    expect(started.stdout).toMatch(
      /Starting middleware: amqp2engines\*@node2 ok \(2\/2\), amqp2engines\*@node3 ok \(2\/2\)/,
    );
    expect(started.stdout).toMatch(/Starting frontend: webserver@node3 ok/);
    noSecret(started.stdout + started.stderr);
    const [core, two, three] = await Promise.all(nodes.map(infos));
    const mongodb = core!.find((p) => p.name === 'mongodb')!;
    const engines = [...two!, ...three!].filter((p) => p.group === 'amqp2engines');
    const webserver = three!.find((p) => p.name === 'webserver')!;
    expect([mongodb, ...engines, webserver].map((p) => p.statename)).toEqual(Array(6).fill('RUNNING'));
    // mongodb is up startsecs=2 after its spawn: no engine, on either node, was spawned before that.
    expect(Math.min(...engines.map((p) => p.start))).toBeGreaterThanOrEqual(mongodb.start + 2);
    // The engines of both nodes were spawned together, and the frontend after every one was up (startsecs=1).
    expect(Math.max(...engines.map((p) => p.start)) - Math.min(...engines.map((p) => p.start))).toBeLessThanOrEqual(1);
    expect(webserver.start).toBeGreaterThanOrEqual(Math.max(...engines.map((p) => p.start)) + 1);
  }, 90_000);

  it('NAME@NODE acts on that node only; a name alone shows every node where it resolves', async () => {
    const before = await Promise.all(nodes.slice(1).map(infos));
    const pid = (list: ProcessInfo[]) => list.find((p) => p.name === 'engine-alerts')!.pid;
    const restarted = await run('service', 'amqp2engines:engine-alerts@node2', 'restart');
    expect(restarted.exitCode).toBe(0);
    expect(restarted.stdout).toContain('amqp2engines:engine-alerts@node2: started');
    const after = await Promise.all(nodes.slice(1).map(infos));
    expect(pid(after[0]!)).not.toBe(pid(before[0]!));
    expect(pid(after[1]!)).toBe(pid(before[1]!));
    const status = await run('service', 'engine-alerts', 'status');
    expect({ code: status.exitCode, stderr: status.stderr }).toEqual({ code: 0, stderr: '' });
    const lines = status.stdout.trim().split('\n');
    expect(lines.map((line) => line.split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'amqp2engines:engine-alerts@node2 RUNNING',
      'amqp2engines:engine-alerts@node3 RUNNING',
    ]);
    // The JSON contract: names as supervisord gives them, the node a field (README, "JSON output").
    const json = JSON.parse((await run('service', 'engine-alerts', 'status', '--json')).stdout);
    expect(json.status.map((row: { name: string; node: string }) => [row.name, row.node])).toEqual([
      ['amqp2engines:engine-alerts', 'node2'],
      ['amqp2engines:engine-alerts', 'node3'],
    ]);
    const platform = JSON.parse((await run('hypcontrol', 'status', '--json')).stdout);
    expect(Object.keys(platform)).toEqual(['nodes', 'problems', 'stages', 'exitCode']);
    expect(platform.nodes.map((one: { node: string }) => one.node)).toEqual(['core', 'node2', 'node3']);
    expect(platform.stages[0].rows).toMatchObject([{ name: 'mongodb', node: 'core', state: 'RUNNING' }]);
    const acted = JSON.parse((await run('service', 'mongodb@core', 'start', '--json')).stdout);
    expect(acted.results).toMatchObject([{ name: 'mongodb', node: 'core', outcome: 'already started' }]);
    const unknown = await run('service', 'mongodb@node2', 'status');
    expect(unknown.exitCode).toBe(4);
    expect(unknown.stderr).toContain('Unknown service: mongodb on node2');
    const journal = fs.readFileSync(path.join(local().home, 'var/log/canopsis-tui/actions.log'), 'utf8');
    expect(journal).toContain('"targets":["amqp2engines:engine-alerts@node2"]');
    noSecret(journal + status.stdout + restarted.stdout);
  }, 60_000);

  it('a node whose supervisord is killed: status says which and why, exit 4, the others are reported', async () => {
    const pid = supervisordPid(nodes[2]!.home);
    signalPid(pid, 'SIGTERM');
    for (let i = 0; i < 100 && pidAlive(pid); i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(pidAlive(pid)).toBe(false);
    const status = await run('hypcontrol', 'status');
    expect(status.exitCode).toBe(4);
    expect(status.stdout).toContain(`node3 (http://127.0.0.1:${nodes[2]!.port}): connection refused`);
    expect(status.stdout).toMatch(/mongodb@core\s+RUNNING/);
    expect(status.stdout).toMatch(/amqp2engines:engine-che@node2\s+RUNNING/);
    const service = await run('service', 'amqp2engines', 'status');
    expect(service.exitCode).toBe(4);
    expect(service.stdout).toMatch(/amqp2engines:engine-alerts@node2\s+RUNNING/);
    expect(service.stdout).toMatch(
      /supervisord@node3\s+UNKNOWN\s+node3 \(http:\/\/127\.0\.0\.1:\d+\): connection refused/,
    );
    // Named in full, the stop goes to node3 at once: nothing answers there, so it fails, never "not running".
    const stop = await run('service', 'amqp2engines:engine-alerts@node3', 'stop');
    expect({ code: stop.exitCode, out: stop.stdout.trim() }).toEqual({
      code: 1,
      out:
        'amqp2engines:engine-alerts@node3: ERROR (supervisord is not running: ' +
        `nothing answers on http://127.0.0.1:${nodes[2]!.port})`,
    });
    const journal = fs.readFileSync(path.join(local().home, 'var/log/canopsis-tui/actions.log'), 'utf8');
    expect(journal.trim().split('\n').at(-1)).toContain('"outcome":"failed"');
    noSecret(status.stdout + service.stdout + status.stderr + stop.stdout);
  }, 60_000);

  it('a start with a node down fails the stage with its name and reason; back up, the platform comes back', async () => {
    const failed = await run('hypcontrol', 'start');
    expect(failed.exitCode).toBe(1);
    expect(failed.stderr).toContain(
      `hypcontrol: start failed at backend: node3 (http://127.0.0.1:${nodes[2]!.port}): connection refused`,
    );
    await startSupervisord(nodes[2]!.home);
    const again = await run('hypcontrol', 'start');
    expect(again.exitCode).toBe(0);
    const status = await run('hypcontrol', 'status');
    expect(status.exitCode).toBe(0);
    expect(status.stdout).toMatch(/webserver@node3\s+RUNNING/);
  }, 90_000);

  it('a hung node (SIGSTOP) is said within the read timeout; a name on another node is not held by it', async () => {
    const pid = supervisordPid(nodes[2]!.home);
    signalPid(pid, 'SIGSTOP');
    try {
      const began = Date.now();
      const status = await run('hypcontrol', 'status', '--timeout', '2');
      const tookMs = Date.now() - began;
      expect(status.exitCode).toBe(4);
      expect(status.stdout).toMatch(
        /node3 \(http:\/\/127\.0\.0\.1:\d+\): supervisord did not answer supervisor\.\w+ within 2s/,
      );
      expect(status.stdout).toMatch(/mongodb@core\s+RUNNING/);
      expect(tookMs).toBeLessThan(6_000);
      const other = await run('service', 'mongodb@core', 'status');
      expect(other.exitCode).toBe(0);
      console.log(`node3 hung: hypcontrol status --timeout 2 took ${tookMs} ms`);
    } finally {
      signalPid(pid, 'SIGCONT');
    }
  }, 30_000);

  it('refused credentials and an unreadable password_file are said by node, with no password in them', async () => {
    const file = path.join(local().etc, 'node3.pass');
    fs.writeFileSync(file, 'not-the-password;#x\n');
    const refused = await run('hypcontrol', 'status');
    expect(refused.exitCode).toBe(4);
    expect(refused.stdout).toContain(
      `node3 (http://127.0.0.1:${nodes[2]!.port}): supervisord refused the credentials (HTTP 401) as user "canopsis": ` +
        'check username and password in [node:node3] of canopsis-tui.ini',
    );
    fs.rmSync(file);
    const missing = await run('service', 'webserver@node3', 'status');
    expect(missing.exitCode).toBe(4);
    const why = `node3 (http://127.0.0.1:${nodes[2]!.port}): password_file ${file}: ENOENT`;
    expect(missing.stderr).toContain(`Unknown service: webserver on node3; ${why}`);
    for (const text of [refused.stdout, refused.stderr, missing.stdout, missing.stderr])
      expect(text).not.toContain('not-the-password');
    noSecret(refused.stdout + missing.stdout + missing.stderr);
    fs.writeFileSync(file, `${nodes[2]!.password}\n`, { mode: 0o600 });
    expect((await run('service', 'webserver@node3', 'status')).exitCode).toBe(0);
  }, 30_000);

  it('hypcontrol stop stops each stage on every node, frontend first; the remote supervisords stay up', async () => {
    const own = supervisordPid(local());
    expect(own).toBeGreaterThan(0);
    const stopped = await run('hypcontrol', 'stop');
    expect({ code: stopped.exitCode, stderr: stopped.stderr }).toEqual({ code: 0, stderr: '' });
    const [two, three] = await Promise.all(nodes.slice(1).map(infos));
    const engines = [...two!, ...three!].filter((p) => p.group === 'amqp2engines');
    const webserver = three!.find((p) => p.name === 'webserver')!;
    expect([...engines, webserver].map((p) => p.statename)).toEqual(Array(5).fill('STOPPED'));
    expect(Math.min(...engines.map((p) => p.stop))).toBeGreaterThanOrEqual(webserver.stop);
    // The home's own supervisord is shut down after its backend stage, as on one node.
    expect(pidAlive(own)).toBe(false);
  }, 60_000);
});
