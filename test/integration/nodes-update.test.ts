/**
 * `service --update` on every node (SPEC 9, 10): node2's own supervisord.conf changes on node2's host (here,
 * its home), and the update run from the first home previews node2's change from node2's own reloadConfig
 * and applies it there; no file of node2 is read by the command.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destroyHome, runBin } from '../support/home.js';
import { clientOf, makeNodes, program, type TestNode } from '../support/nodes.js';

const HYPCONTROL = 'BACKEND=(mongodb)\nMIDDLEWARE=("amqp2engines*")\nFRONTEND=()\n';

describe('service --update over two nodes', () => {
  let nodes: TestNode[];
  const run = (...args: string[]) => runBin('service', args, nodes[0]!.home);
  const node2 = () => clientOf(nodes[1]!);
  const infoOf = async (name: string) => (await node2().getAllProcessInfo()).find((one) => one.name === name);

  beforeAll(async () => {
    const group = '[group:amqp2engines]\nprograms=engine-alerts,engine-che\n';
    const engines = [program('engine-alerts', 0), program('engine-che', 0), group];
    nodes = await makeNodes(['core', 'node2'], [[program('mongodb', 0)], engines], HYPCONTROL);
  }, 60_000);
  afterAll(async () => {
    for (const node of nodes ?? []) await destroyHome(node.home);
  });

  it("previews node2's change from its own supervisord, then applies it there", async () => {
    expect((await run('engine-alerts@node2', 'start')).exitCode).toBe(0);
    const before = (await infoOf('engine-alerts'))!;
    // node2's operator edits node2's files: engine-alerts changes, a program is added.
    const conf = path.join(nodes[1]!.home.etc, 'supervisord.conf');
    const text = fs.readFileSync(conf, 'utf8').replace('command=sleep 100000', 'command=sleep 100001');
    fs.writeFileSync(
      conf,
      `${text}\n${program('engine-fresh', 0, ['autostart=true']).replace('autostart=false\n', '')}`,
    );

    const dry = await run('--update', '--dry-run');
    expect({ code: dry.exitCode, stderr: dry.stderr }).toEqual({ code: 0, stderr: '' });
    const label = `node2 (http://127.0.0.1:${nodes[1]!.port})`;
    expect(dry.stdout).toContain(`core:\n  no change: supervisord runs what the files say\n${label}:\n`);
    const changed = [
      '^ {2}amqp2engines: changed: .*',
      ' {4}amqp2engines:engine-alerts +runs now: stopped, then started again',
      ' {4}amqp2engines:engine-che +not running: starts if its files say autostart=true$',
    ];
    expect(dry.stdout).toMatch(new RegExp(changed.join('\n'), 'm'));
    expect(dry.stdout).toMatch(
      /^ {2}engine-fresh: added\n {4}\(its processes are known once its supervisord has added it\)$/m,
    );
    expect((await infoOf('engine-alerts'))!.pid).toBe(before.pid);
    expect(await infoOf('engine-fresh')).toBeUndefined();

    const json = JSON.parse((await run('--update', '--dry-run', '--json')).stdout);
    expect(json.update).toBe('dry-run');
    expect(json.nodes.map((one: { node: string; update: string }) => [one.node, one.update])).toEqual([
      ['core', 'dry-run'],
      ['node2', 'dry-run'],
    ]);
    const groups = json.nodes[1].plan.groups.map((one: { group: string; change: string }) => [one.group, one.change]);
    expect(groups).toEqual([
      ['amqp2engines', 'changed'],
      ['engine-fresh', 'added'],
    ]);

    const applied = await run('--update');
    expect({ code: applied.exitCode, stderr: applied.stderr }).toEqual({ code: 0, stderr: '' });
    expect(applied.stdout).toMatch(/^ {2}amqp2engines: changed, 1 stopped, 1 started$/m);
    const after = (await infoOf('engine-alerts'))!;
    expect(after.statename).toBe('RUNNING');
    expect(after.pid).not.toBe(before.pid);
    // startsecs=0: RUNNING as soon as it is forked; its command line is the new one once it has exec'd.
    const cmdline = () => fs.readFileSync(`/proc/${after.pid}/cmdline`, 'utf8').split('\0');
    for (let tries = 0; !cmdline().includes('sleep') && tries < 50; tries += 1)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(cmdline()).toContain('100001');
    expect((await infoOf('engine-che'))!.statename).toBe('STOPPED');
    // Added by its supervisord, autostart=true: it starts it.
    let fresh = await infoOf('engine-fresh');
    for (let tries = 0; fresh?.statename !== 'RUNNING' && tries < 50; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      fresh = await infoOf('engine-fresh');
    }
    expect(fresh?.statename).toBe('RUNNING');
    expect((await run('--update')).stdout).toContain(`${label}:\n  no change: supervisord runs what the files say`);
  }, 60_000);

  it('a group named is updated on the nodes that have it; one no node has is refused', async () => {
    const nowhere = await run('--update', 'nosuch');
    expect(nowhere.exitCode).toBe(1);
    expect(nowhere.stderr).toContain('no such group in the files or in supervisord: nosuch; nothing was applied');
    const onNode2 = await run('--update', '--dry-run', 'amqp2engines');
    expect(onNode2.exitCode).toBe(0);
    expect(onNode2.stdout).toContain('amqp2engines: no change');
  });
});
