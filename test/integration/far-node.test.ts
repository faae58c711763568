/**
 * A far node (issue 24): what a command asks another node's supervisord, counted by a proxy in front of it.
 * A restart asks nothing between its calls (no getState before the stop or the start: supervisord answered
 * a moment ago), over one kept connection; a stage asks at most one call per node before its action; a
 * kept connection that supervisord closed (its reload) is replaced, not failed. Real supervisords.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSupervisorClient } from '../../src/adapters/supervisor-client.js';
import { runBin, signalPid, supervisordPid } from '../support/home.js';
import { clientOf, program, type TestNode } from '../support/nodes.js';
import { nodesBehindProxy, type HalfProxy } from '../support/proxy.js';

const ENGINES = ['engine-alerts', 'engine-che'];
const ACTION = /^supervisor\.(start|stop)Process(Group)?$/;

/** The most calls made in a row before an action (start or stop), anywhere in `calls`. */
function mostBeforeAnAction(calls: string[]): number {
  let most = 0;
  let since = 0;
  for (const call of calls) {
    if (ACTION.test(call)) [most, since] = [Math.max(most, since), 0];
    else since += 1;
  }
  return most;
}

describe('a far node: the calls in a row', () => {
  let nodes: TestNode[];
  let proxy: HalfProxy;
  const local = () => nodes[0]!.home;
  const run = (bin: string, ...args: string[]) => runBin(bin, args, local());

  let close: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    const group = `[group:amqp2engines]\nprograms=${ENGINES}\n`;
    const sections = [[program('mongodb', 0)], [...ENGINES.map((name) => program(name, 0)), group]];
    ({ nodes, proxy, close } = await nodesBehindProxy(
      sections,
      'BACKEND=(mongodb)\nMIDDLEWARE=("amqp2engines*")\nFRONTEND=()\n',
    ));
  }, 60_000);
  afterAll(() => close());

  /** `service OPERAND restart` of engine-che on node2: it restarted, over one connection, with these calls. */
  async function restartsOnce(operand: string, calls: string[]) {
    [proxy.calls, proxy.connections] = [[], 0];
    const pid = async () => (await clientOf(nodes[1]!).getProcessInfo('amqp2engines:engine-che')).pid;
    const before = await pid();
    const restart = await run('service', operand, 'restart');
    expect(restart.stdout).toBe('amqp2engines:engine-che@node2: stopped\namqp2engines:engine-che@node2: started');
    expect(restart.exitCode).toBe(0);
    expect(proxy.calls).toEqual(calls);
    expect(proxy.connections).toBe(1);
    expect(await pid()).not.toBe(before);
  }

  it('a restart of one process: the names, the stop, the start; one connection', () =>
    restartsOnce('engine-che@node2', [
      'supervisor.getAllProcessInfo',
      'supervisor.stopProcess',
      'supervisor.startProcess',
    ]));

  it('a restart of one process named in full: the stop and the start, nothing asked first', () =>
    restartsOnce('amqp2engines:engine-che@node2', ['supervisor.stopProcess', 'supervisor.startProcess']));

  it('a name in full that the node does not run: its own calls refuse it, nothing is done, not ok', async () => {
    proxy.calls = [];
    const pids = (await clientOf(nodes[1]!).getAllProcessInfo()).map((info) => info.pid);
    const restart = await run('service', 'amqp2engines:engine-nope@node2', 'restart');
    expect(restart.exitCode).toBe(1);
    const refused = 'amqp2engines:engine-nope@node2: ERROR (not loaded in supervisord: it runs no process of that name';
    expect(restart.stdout.split('\n').map((line) => line.slice(0, refused.length))).toEqual([refused, refused]);
    expect(proxy.calls).toEqual(['supervisor.stopProcess', 'supervisor.startProcess']);
    expect((await clientOf(nodes[1]!).getAllProcessInfo()).map((info) => info.pid)).toEqual(pids);
  });

  it('a full name without its node, a pattern, a status: the node is asked its names first', async () => {
    for (const args of [
      ['amqp2engines:engine-che', 'restart'],
      ['amqp2engines:engine-c*@node2', 'restart'],
      ['amqp2engines:engine-che@node2', 'status'],
    ]) {
      proxy.calls = [];
      expect((await run('service', ...args)).exitCode).toBe(0);
      expect(proxy.calls[0]).toBe('supervisor.getAllProcessInfo');
    }
  }, 30_000);

  it('hypcontrol restart: at most one call to the node before each stage acts on it', async () => {
    proxy.calls = [];
    expect((await run('hypcontrol', 'restart')).exitCode).toBe(0);
    expect(proxy.calls.filter((call) => ACTION.test(call))).toEqual([
      'supervisor.stopProcessGroup',
      'supervisor.startProcessGroup',
    ]);
    expect(mostBeforeAnAction(proxy.calls)).toBeLessThanOrEqual(1);
  }, 60_000);

  it('a kept connection closed by supervisord (a reload) is replaced: the next call answers', async () => {
    const url = { kind: 'http' as const, host: '127.0.0.1', port: proxy.port };
    const client = createSupervisorClient({ url, username: 'canopsis', password: nodes[1]!.password });
    expect((await client.getAllProcessInfo()).length).toBe(2);
    // SIGHUP: supervisord reloads in place (as `supervisorctl reload`), closing every connection.
    signalPid(supervisordPid(nodes[1]!.home), 'SIGHUP');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const deadline = Date.now() + 15_000;
    while (
      (
        await clientOf(nodes[1]!)
          .getState()
          .catch(() => undefined)
      )?.statename !== 'RUNNING'
    ) {
      if (Date.now() > deadline) throw new Error('node2 did not come back');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await client.getAllProcessInfo()).length).toBe(2);
  }, 30_000);
});
