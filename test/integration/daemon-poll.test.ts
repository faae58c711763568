/** The panel's poll against a real supervisord: glances while nothing happens, a full answer after any change. */
import type { DaemonView } from '../../src/core/report/daemon-view.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDaemonPoller } from '../../src/control/daemon-poll.js';
import type { SupervisorPort } from '../../src/core/ports.js';
import { destroyHome, makeHome, startSupervisord, writeSupervisordConf, type TestHome } from '../support/home.js';

let home: TestHome;
let supervisor: SupervisorPort;

beforeAll(async () => {
  home = makeHome({ bundled: false });
  const program = (name: string, extra: string[] = []) => {
    return [`[program:${name}]`, 'command=sleep 300', 'autostart=false', 'startsecs=0', 'stopwaitsecs=1', ...extra];
  };
  writeSupervisordConf(home, [
    ...program('one'),
    ...program('two'),
    '[group:pair]',
    'programs=one,two',
    ...program('lone'),
  ]);
  supervisor = await startSupervisord(home);
});
afterAll(async () => destroyHome(home));

const stateOf = (view: DaemonView, name: string) =>
  view.ok ? view.processes.find((p) => p.name === name)?.statename : undefined;

describe('the daemon poller on a real supervisord', () => {
  it('glances in one multicall while idle, and sees a start made elsewhere at its next poll', async () => {
    const poller = createDaemonPoller(supervisor, undefined, { now: Date.now, fullEveryMs: 60_000, loglevel: 'info' });
    expect(stateOf(await poller.poll(['lone']), 'one')).toBe('STOPPED');
    expect(poller.lastKind).toBe('full');
    const glanced = await poller.poll(['lone', 'pair:one', 'nosuch']);
    expect(poller.lastKind).toBe('glance');
    expect(stateOf(glanced, 'lone')).toBe('STOPPED');
    // Another terminal starts a process no row on screen shows: supervisord logs it, the next poll is full.
    await supervisor.startProcess('pair:two', true, 10_000);
    const after = await poller.poll(['lone']);
    expect(poller.lastKind).toBe('full');
    expect(stateOf(after, 'two')).toBe('RUNNING');
    await poller.poll(['lone']);
    expect(poller.lastKind).toBe('glance');
    // A glance brings the rows on screen as supervisord has them now.
    const direct = await supervisor.glance(['pair:two', 'lone'], 512);
    expect(direct.processes.map((p) => `${p.name}:${p.statename}`)).toEqual(['two:RUNNING', 'lone:STOPPED']);
    expect(direct.tail).toMatch(/success: two entered RUNNING state|spawned: 'two'/);
  });
});
