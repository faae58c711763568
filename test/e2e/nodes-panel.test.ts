/**
 * The panel over three nodes (SPEC 10) in a real terminal: three real supervisords on loopback TCP with
 * credentials. Rows carry their node; an action on a row of node2 reaches node2 only; node3 killed, its rows
 * go UNKNOWN with why while the others keep updating.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessInfo } from '../../src/core/ports.js';
import { destroyHome, pidAlive, REPO, runBin, signalPid, supervisordPid } from '../support/home.js';
import { clientOf, makeNodes, spreadPlatform, type TestNode } from '../support/nodes.js';
import { openTerminal, type Terminal } from '../support/tmux.js';

const HYPCONTROL = ['BACKEND=(mongodb)', 'MIDDLEWARE=("amqp2engines*")', 'FRONTEND=(webserver)', ''].join('\n');

let nodes: TestNode[];
let panel: Terminal;
const selected = (screen: string) => screen.split('\n').find((line) => line.startsWith('›')) ?? '';
const info = async (node: TestNode, name: string): Promise<ProcessInfo> => clientOf(node).getProcessInfo(name);

beforeAll(async () => {
  nodes = await makeNodes(['core', 'node2', 'node3'], spreadPlatform(0, 0), HYPCONTROL);
  expect((await runBin('hypcontrol', ['start', '--no-wait'], nodes[0]!.home)).exitCode).toBe(0);
  const command = `${path.join(REPO, 'bin/canopsis-tui')} --home ${nodes[0]!.home.home} --interval 0.5`;
  panel = await openTerminal(command, { columns: 120, rows: 30, env: { CI: '0', TERM: 'xterm-256color' } });
  const allUp = 'nodes: core: running · node2: running · node3: running';
  await panel.waitFor((s) => s.includes(allUp) && s.includes('webserver@node3'), 'the panel over three nodes');
}, 90_000);
afterAll(async () => {
  await panel?.close();
  for (const node of nodes ?? []) await destroyHome(node.home);
});

describe('the panel over three nodes', () => {
  it('shows every node in the header and the rows of each node, named NAME@NODE', async () => {
    await panel.keys('Down');
    await panel.waitFor((s) => selected(s).includes('amqp2engines*'), 'the engines selected');
    await panel.keys('Right');
    // Unfolded, a group's rows show the process part of their names: `engine-che@node3`.
    const screen = await panel.waitFor((s) => s.includes('engine-che@node3'), 'the engines unfolded');
    expect(screen).toMatch(/mongodb@core +sup +RUNNING/);
    expect(screen).toMatch(/amqp2engines\* +glob +RUNNING +4\/4 running/);
    for (const node of ['node2', 'node3']) {
      for (const engine of ['engine-alerts', 'engine-che'])
        expect(screen).toMatch(new RegExp(` ${engine}@${node} +sup +RUNNING`));
    }
    expect(screen).toMatch(/webserver@node3 +sup +RUNNING/);
    for (const node of nodes) expect(screen).not.toContain(node.password);
  });

  it('r on a row of node2 restarts it on node2 only', async () => {
    const before = await Promise.all([
      info(nodes[1]!, 'amqp2engines:engine-alerts'),
      info(nodes[2]!, 'amqp2engines:engine-alerts'),
    ]);
    // One key at a time, each waited for on the screen: a loaded machine draws late, and keys never overshoot.
    for (let i = 0; i < 12 && !selected(await panel.screen()).includes('engine-alerts@node2'); i += 1) {
      const was = selected(await panel.screen());
      await panel.keys('Down');
      await panel.waitFor((s) => selected(s) !== was, 'the cursor moved');
    }
    expect(selected(await panel.screen())).toContain(' engine-alerts@node2 ');
    await panel.keys('r');
    await panel.waitFor((s) => s.includes('Restart amqp2engines:engine-alerts@node2? [y/N]'), 'the question');
    await panel.keys('y');
    await panel.waitFor((s) => s.includes('amqp2engines:engine-alerts@node2: restarted'), 'the restart');
    const after = await Promise.all([
      info(nodes[1]!, 'amqp2engines:engine-alerts'),
      info(nodes[2]!, 'amqp2engines:engine-alerts'),
    ]);
    expect(after[0]!.pid).not.toBe(before[0]!.pid);
    expect(after[1]!.pid).toBe(before[1]!.pid);
  }, 30_000);

  it("l on a row of node2 follows that process's log on node2, read through its supervisord", async () => {
    expect(selected(await panel.screen())).toContain(' engine-alerts@node2 ');
    await panel.keys('l');
    await panel.waitFor((s) => s.includes('── log: amqp2engines:engine-alerts@node2'), 'the log screen');
    // supervisord serves its own file: a line written there shows, node3's copy of the program has none.
    const logs = path.join(nodes[1]!.home.home, 'var/log');
    const file = fs.readdirSync(logs).find((name) => name.startsWith('engine-alerts-stdout'))!;
    fs.appendFileSync(path.join(logs, file), 'engine-alerts on node2 says hello\n');
    await panel.waitFor((s) => s.includes('engine-alerts on node2 says hello'), 'the line from node2');
    await panel.keys('Escape');
    await panel.waitFor((s) => s.includes('── MIDDLEWARE'), 'the panels again');
  }, 30_000);

  it('h restarts the whole platform over the three nodes: every process of every node runs again', async () => {
    const pids = async () => {
      const all = await Promise.all(nodes.map((node) => clientOf(node).getAllProcessInfo()));
      return all.flat().map((p) => `${p.name}:${p.pid}`);
    };
    const before = await pids();
    await panel.keys('h');
    await panel.waitFor((s) => s.includes('Whole platform'), 'the platform menu');
    // One key at a time, each seen on the screen (a loaded machine takes keys sent together out of order).
    await panel.keys('Down');
    await panel.waitFor((s) => /❯ Stop the platform/.test(s), 'Stop highlighted');
    await panel.keys('Down');
    await panel.waitFor((s) => /❯ Restart the platform/.test(s), 'Restart highlighted');
    await panel.keys('Enter');
    await panel.waitFor((s) => /Restart the whole platform.*\[y\/N\]/.test(s), 'the question');
    await panel.keys('y');
    await panel.waitFor((s) => s.includes('hypcontrol restart: done'), 'the platform restarted', 60_000);
    const after = await pids();
    expect(after).toHaveLength(before.length);
    // Every process has a new pid: each was stopped and started again on its own node.
    expect(after.filter((pid) => before.includes(pid))).toEqual([]);
    await panel.waitFor(
      (s) => s.includes('nodes: core: running · node2: running · node3: running'),
      'every node answering',
    );
  }, 90_000);

  it('node3 hung (SIGSTOP): the header says how long it is silent, node2 keeps updating; back, all is fresh', async () => {
    const pid = supervisordPid(nodes[2]!.home);
    signalPid(pid, 'SIGSTOP');
    try {
      await panel.waitFor((s) => /node3: no answer for \d+s/.test(s), 'node3 silent');
      const stopped = Date.now();
      expect((await runBin('service', ['amqp2engines:engine-alerts@node2', 'stop'], nodes[0]!.home)).exitCode).toBe(0);
      const updating = (s: string) => / engine-alerts@node2 +sup +STOPPED/.test(s) && /node3: no answer for/.test(s);
      await panel.waitFor(updating, 'node2 updating while node3 hangs');
      // One interval (0.5 s) plus at most the wait given to the silent node (1 s), whatever node3 does.
      const seenAfterMs = Date.now() - stopped;
      console.log(`node3 hung: node2's stop shown ${seenAfterMs} ms after the command ended`);
      expect(seenAfterMs).toBeLessThan(4_000);
    } finally {
      signalPid(pid, 'SIGCONT');
    }
    await panel.waitFor((s) => s.includes('nodes: core: running · node2: running · node3: running'), 'node3 back');
    expect((await runBin('service', ['amqp2engines:engine-alerts@node2', 'start'], nodes[0]!.home)).exitCode).toBe(0);
  }, 40_000);

  it('node3 killed: its rows go UNKNOWN with why, the others keep updating', async () => {
    const pid = supervisordPid(nodes[2]!.home);
    signalPid(pid, 'SIGKILL');
    for (let i = 0; i < 50 && pidAlive(pid); i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    const isDown = (s: string) => s.includes('node3: connection refused') && /webserver@node3 +sup +UNKNOWN/.test(s);
    const down = await panel.waitFor(isDown, 'node3 down');
    expect(down).toMatch(/ engine-che@node3 +sup +UNKNOWN +node3: connection refused/);
    expect(down).toMatch(/ engine-che@node2 +sup +RUNNING/);
    // A stop made elsewhere on node2 shows while node3 stays down.
    expect((await runBin('service', ['amqp2engines:engine-che@node2', 'stop'], nodes[0]!.home)).exitCode).toBe(0);
    const stillUpdating = (s: string) =>
      / engine-che@node2 +sup +STOPPED/.test(s) && /webserver@node3 +sup +UNKNOWN/.test(s);
    await panel.waitFor(stillUpdating, 'node2 still updating');
  }, 30_000);
});
