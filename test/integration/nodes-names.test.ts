/**
 * Names on another node mean what they mean on that node (SPEC 3, 10), as Canopsis names its engines
 * (`numprocs=1`, `process_name=%(program_name)s-%(process_num)d`: one process `engine-alerts-0`). node2 has
 * `ssh`: its own `~/etc` is read over it with this home's reader, so its programs are exact. node3 has
 * none: a process `NAME-N` answers to `NAME` there, which also makes separate programs `api-1` and
 * `api-2` answer to `api` (the price of not reading its files; README).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destroyHome, runBin } from '../support/home.js';
import { clientOf, makeNodes, program, type TestNode } from '../support/nodes.js';
import { sshToNode, type TestSshd } from '../support/sshd.js';

const CANOPSIS_ENGINE = program('engine-alerts', 0, ['process_name=%(program_name)s-%(process_num)d', 'numprocs=1']);
const SECTIONS = [CANOPSIS_ENGINE, program('api-1', 0), program('api-2', 0)];

describe('Canopsis-named engines on another node, with and without ssh', () => {
  let nodes: TestNode[];
  let sshd: TestSshd;
  const run = (...args: string[]) => runBin('service', args, nodes[0]!.home, { PATH: sshd.path });

  beforeAll(async () => {
    nodes = await makeNodes(['core', 'node2', 'node3'], [[program('mongodb', 0)], SECTIONS, SECTIONS], 'BACKEND=()\n');
    sshd = await sshToNode(nodes, 1);
  }, 60_000);
  afterAll(async () => {
    await sshd?.stop();
    for (const node of nodes ?? []) await destroyHome(node.home);
  });

  it('engine-alerts@NODE restarts engine-alerts-0 there, files read over ssh or not', async () => {
    for (const [index, node] of [
      [1, 'node2'],
      [2, 'node3'],
    ] as const) {
      const restarted = await run(`engine-alerts@${node}`, 'restart');
      expect({ code: restarted.exitCode, err: restarted.stderr }).toEqual({ code: 0, err: '' });
      const name = `engine-alerts:engine-alerts-0@${node}`;
      expect(restarted.stdout).toBe(`${name}: not running\n${name}: started`);
      const info = await clientOf(nodes[index]!).getProcessInfo('engine-alerts:engine-alerts-0');
      expect(info.statename).toBe('RUNNING');
    }
  }, 30_000);

  it("api@node2 is unknown, as node2's own files say; without ssh, api@node3 answers for api-1 and api-2", async () => {
    const exact = await run('api@node2', 'status');
    expect(exact.exitCode).toBe(4);
    expect(exact.stderr.trim()).toBe('Unknown service: api on node2');
    const guessed = await run('api@node3', 'status');
    expect(guessed.stdout.split('\n').map((line) => line.split(/\s+/)[0])).toEqual(['api-1@node3', 'api-2@node3']);
  }, 30_000);

  it("an update previews node2's change from its own files: what an added program does is known", async () => {
    const conf = path.join(nodes[1]!.home.etc, 'supervisord.conf');
    const fresh = program('fresh', 0).replace('autostart=false', 'autostart=true');
    fs.appendFileSync(conf, `\n${fresh}`);
    fs.appendFileSync(path.join(nodes[2]!.home.etc, 'supervisord.conf'), `\n${fresh}`);
    const dry = await run('--update', '--dry-run');
    expect({ code: dry.exitCode, err: dry.stderr }).toEqual({ code: 0, err: '' });
    const node2 = dry.stdout.slice(dry.stdout.indexOf('node2 ('), dry.stdout.indexOf('node3 ('));
    expect(node2).toMatch(
      /^ {2}fresh: added\n {4}in supervisord\.conf\n {4}fresh +not running: will start \(autostart=true\)$/m,
    );
    const node3 = dry.stdout.slice(dry.stdout.indexOf('node3 ('));
    expect(node3).toMatch(/^ {2}fresh: added\n {4}\(its processes are known once its supervisord has added it\)$/m);
  }, 30_000);
});
