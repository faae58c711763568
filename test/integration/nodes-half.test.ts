/**
 * A node that answered half (SPEC 11): node2 is reached through a proxy that cuts its long replies in half,
 * or holds them back. Its stage, the command and the journal entry fail by name and reason; nothing calls
 * a stage with nothing done a success. Real supervisords on both nodes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from '../support/home.js';
import { clientOf, program, type TestNode } from '../support/nodes.js';
import { nodesBehindProxy, type HalfProxy } from '../support/proxy.js';

const HYPCONTROL = 'BACKEND=(mongodb)\nMIDDLEWARE=("amqp2engines*")\nFRONTEND=()\n';
const ENGINES = ['engine-alerts', 'engine-che', 'engine-cleaner', 'engine-context', 'engine-event-filter'];
// As Canopsis' own engine files: one process, named `engine-cleaner-0`.
const CANOPSIS_NAMING: Record<string, string[]> = {
  'engine-cleaner': ['numprocs=1', 'process_name=%(program_name)s-%(process_num)d'],
};

describe('a node that answers half', () => {
  let nodes: TestNode[];
  let proxy: HalfProxy;
  const local = () => nodes[0]!.home;
  const run = (bin: string, ...args: string[]) => runBin(bin, args, local());
  const lastJournal = () => {
    const lines = fs
      .readFileSync(path.join(local().home, 'var/log/canopsis-tui/actions.log'), 'utf8')
      .trim()
      .split('\n');
    return JSON.parse(lines.at(-1)!) as { action: string; outcome: string; reason?: string };
  };
  const engineStates = async () => (await clientOf(nodes[1]!).getAllProcessInfo()).map((info) => info.statename);

  let close: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    const group = `[group:amqp2engines]\nprograms=${ENGINES.join(',')}\n`;
    const engines = ENGINES.map((name) => program(name, 0, CANOPSIS_NAMING[name]));
    ({ nodes, proxy, close } = await nodesBehindProxy([[program('mongodb', 0)], [...engines, group]], HYPCONTROL));
  }, 60_000);
  afterAll(() => close());

  it('a Canopsis engine named NAME-0 on another node answers to NAME@NODE, as on the home', async () => {
    const before = (await clientOf(nodes[1]!).getProcessInfo('amqp2engines:engine-cleaner-0')).pid;
    const restart = await run('service', 'engine-cleaner@node2', 'restart');
    expect(restart.stdout).toBe(
      'amqp2engines:engine-cleaner-0@node2: stopped\namqp2engines:engine-cleaner-0@node2: started',
    );
    expect(restart.exitCode).toBe(0);
    expect((await clientOf(nodes[1]!).getProcessInfo('amqp2engines:engine-cleaner-0')).pid).not.toBe(before);
  }, 60_000);

  it('a reply cut in half fails hypcontrol stop at that stage, by name and reason, and its journal entry', async () => {
    proxy.mode = 'cut';
    const stop = await run('hypcontrol', 'stop');
    expect(stop.exitCode).toBe(1);
    const why = `node2 (http://127.0.0.1:${proxy.port}): supervisord's reply to supervisor.getAllProcessInfo was cut off (ECONNRESET)`;
    // Every stage fails on node2, the first to stop (frontend) first; the others still run on core.
    expect(stop.stdout).toContain(`Stopping middleware: supervisord@node2 KO  (0.0s)\n  KO supervisord@node2: ${why}`);
    expect(stop.stdout).toMatch(/^Stopping backend: mongodb@core ok, supervisord@node2 KO/m);
    expect(stop.stderr).toContain(`hypcontrol: stop failed at frontend: ${why}`);
    expect(lastJournal()).toMatchObject({ action: 'platform stop', outcome: 'failed', reason: why });
    expect(await engineStates()).toEqual(Array(ENGINES.length).fill('RUNNING'));
  }, 60_000);

  it('service says ECONNRESET at once, not after its whole timeout', async () => {
    proxy.mode = 'cut';
    const began = Date.now();
    const status = await run('service', 'amqp2engines@node2', 'status', '--timeout', '20');
    expect(Date.now() - began).toBeLessThan(5_000);
    expect(status.exitCode).toBe(4);
    expect(status.stderr).toContain(
      `node2 (http://127.0.0.1:${proxy.port}): supervisord's reply to supervisor.getAllProcessInfo was cut off (ECONNRESET)`,
    );
    // A name alone may be on node2 too: the restart on core is done, the command and the journal fail for node2.
    const restart = await run('service', 'mongodb', 'restart', '--timeout', '20');
    expect(Date.now() - began).toBeLessThan(10_000);
    expect(restart.exitCode).toBe(1);
    expect(restart.stderr).toContain(
      `service: node2 (http://127.0.0.1:${proxy.port}): supervisord's reply to supervisor.getAllProcessInfo was cut off (ECONNRESET): not acted on there`,
    );
    const journal = fs.readFileSync(path.join(local().home, 'var/log/canopsis-tui/actions.log'), 'utf8');
    expect(journal).toMatch(/"action":"restart","targets":\["mongodb@node2"\],"durationMs":0,"outcome":"failed"/);
  }, 60_000);

  it('a stalled reply fails the stage once the timeout is up, by name', async () => {
    proxy.mode = 'stall';
    await run('service', 'mongodb@core', 'start');
    const stop = await run('hypcontrol', 'stop', '--timeout', '3');
    expect(stop.exitCode).toBe(1);
    expect(stop.stderr).toContain(
      `hypcontrol: stop failed at frontend: node2 (http://127.0.0.1:${proxy.port}): supervisord did not answer supervisor.getAllProcessInfo within 3s`,
    );
    expect(lastJournal()).toMatchObject({ action: 'platform stop', outcome: 'failed' });
    proxy.mode = 'pass';
    expect(await engineStates()).toEqual(Array(ENGINES.length).fill('RUNNING'));
  }, 60_000);
});
