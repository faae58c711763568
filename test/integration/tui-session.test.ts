/**
 * What the panel asks of the engine, against a real supervisord: one node's session (the header's pid
 * follows the daemon), and the panel's session over a home of one node.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wireHome } from '../../src/cli/wiring.js';
import { createNodeSession, type NodeSession } from '../../src/control/node-session.js';
import { createPanelSession } from '../../src/control/panel-session.js';
import type { HomeReading } from '../../src/core/home.js';
import {
  destroyHome,
  makeHome,
  pidAlive,
  signalPid,
  startSupervisord,
  supervisordPid,
  type TestHome,
} from '../support/home.js';

let home: TestHome;
let session: NodeSession;

beforeAll(async () => {
  home = makeHome();
  await startSupervisord(home);
  session = createNodeSession(
    { read: () => wireHome(home.home, process.env), watch: () => () => undefined },
    { actionTimeoutMs: 30_000, statusTimeoutMs: 5_000 },
  );
  session.readHome();
});
afterAll(async () => destroyHome(home));

describe('the panel session', () => {
  it('gives the pid and start of the supervisord answering now, even when it was replaced between two polls', async () => {
    const first = await session.pollDaemon();
    expect(first.pid).toBe(supervisordPid(home));
    signalPid(first.pid!, 'SIGTERM');
    while (pidAlive(first.pid!)) await new Promise((resolve) => setTimeout(resolve, 50));
    await startSupervisord(home);
    const second = await session.pollDaemon();
    expect(second.view.ok).toBe(true);
    expect(second.pid).toBe(supervisordPid(home));
    expect(second.pid).not.toBe(first.pid);
    expect(second.startedAt).toBeGreaterThan(first.startedAt!);
  });

  it('reads an engine log for its ready line once per run, and again after a restart', async () => {
    const logCalls: string[] = [];
    // The real ports, with supervisord's log calls counted.
    const counted = (): HomeReading => {
      const reading = wireHome(home.home, process.env);
      const supervisor = reading.deps.supervisor!;
      const readProcessLog: typeof supervisor.readProcessLog = (stream, name, offset, length) => {
        logCalls.push(`${stream} ${name}`);
        return supervisor.readProcessLog(stream, name, offset, length);
      };
      return { ...reading, deps: { ...reading.deps, supervisor: { ...supervisor, readProcessLog } } };
    };
    const panel = createNodeSession(
      { read: counted, watch: () => () => undefined },
      { actionTimeoutMs: 30_000, statusTimeoutMs: 5_000 },
    );
    panel.readHome();
    const client = wireHome(home.home, process.env).deps.supervisor!;
    await client.startProcess('amqp2engines:engine-alerts-0', true, 10_000);
    // The stand-in writes its ready line 300 ms after its start: wait for it (through the uncounted client).
    while (!/ready/.test(await client.readProcessLog('stdout', 'amqp2engines:engine-alerts-0', -4096, 0)))
      await new Promise((resolve) => setTimeout(resolve, 50));
    const runOf = async () => {
      const info = await client.getProcessInfo('amqp2engines:engine-alerts-0');
      return [['amqp2engines:engine-alerts-0', `${info.pid}:${info.start}`]] as Array<[string, string]>;
    };
    const answers: Array<string | undefined> = [];
    await panel.pollReadiness(await runOf(), (_name, notReady) => answers.push(notReady));
    await panel.pollReadiness(await runOf(), (_name, notReady) => answers.push(notReady));
    expect(answers).toEqual([undefined, undefined]);
    expect(logCalls).toEqual(['stdout amqp2engines:engine-alerts-0', 'stderr amqp2engines:engine-alerts-0']);
    await client.stopProcess('amqp2engines:engine-alerts-0', true, 10_000);
    await client.startProcess('amqp2engines:engine-alerts-0', true, 10_000);
    await panel.pollReadiness(await runOf(), () => undefined);
    expect(logCalls).toHaveLength(4);
  });
});

describe('the panel session over a home of one node', () => {
  it('hands the answer asked before the screen loaded to the first poll, with the node and its pid', async () => {
    const port = { read: () => wireHome(home.home, process.env), watch: () => () => undefined };
    const panel = createPanelSession([{ name: 'local', label: 'local', home: port, local: true }], {
      actionTimeoutMs: 30_000,
      statusTimeoutMs: 5_000,
      waitMs: 5_000,
      now: Date.now,
    });
    panel.readHome();
    const early = panel.prefetch();
    const first = await panel.pollDaemon();
    expect(first).toBe(await early);
    expect(first.nodes.map((node) => [node.node, node.local, node.view?.ok])).toEqual([['local', true, true]]);
    expect(first.pid).toBe(supervisordPid(home));
    expect(await panel.pollDaemon()).not.toBe(first);
  });
});

describe('one node session at start-up', () => {
  const counted = () => {
    const seen = { reads: 0, watching: [] as string[] };
    const session = createNodeSession(
      {
        read: () => ((seen.reads += 1), wireHome(home.home, process.env)),
        watch: () => (seen.watching.push('started'), () => seen.watching.push('stopped')),
      },
      { actionTimeoutMs: 30_000, statusTimeoutMs: 5_000 },
    );
    return { session, seen };
  };

  it('reads the home once, whoever asks first, until ~/etc changes', async () => {
    const { session, seen } = counted();
    const polled = session.pollDaemon();
    session.readHome();
    session.readHome();
    await polled;
    await session.pollDaemon();
    expect(seen.reads).toBe(1);
  });

  it('starts watching ~/etc once supervisord has answered, and then reads the files again', async () => {
    const { session, seen } = counted();
    const changes: string[] = [];
    const stop = session.watch(() => changes.push('read'));
    session.readHome();
    expect(seen.watching).toEqual([]);
    await session.pollDaemon();
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen.watching).toEqual(['started']);
    // One read covers what may have changed before the watcher started.
    expect(changes).toEqual(['read']);
    session.readHome();
    session.readHome();
    expect(seen.reads).toBe(2);
    stop();
    expect(seen.watching).toEqual(['started', 'stopped']);
  });
});
