/** The panel's poll at scale: one full answer, then small glances while supervisord's log end stays put. */
import type { DaemonView } from '../../src/core/report/daemon-view.js';
import { describe, expect, it } from 'vitest';
import { createDaemonPoller } from '../../src/control/daemon-poll.js';
import type { ProcessInfo } from '../../src/core/ports.js';
import { fakeSupervisor, info } from '../support/fakes.js';

function setup(loglevel = 'info') {
  let clock = 0;
  let log = '2026-11-26 08:00:00,001 INFO spawned: x\n';
  let all: ProcessInfo[] = [info('a', 'a', 'RUNNING', { pid: 10 }), info('b', 'b', 'RUNNING', { pid: 11 })];
  const supervisor = fakeSupervisor({
    getAllProcessInfo: () => Promise.resolve(all),
    readMainLog: () => Promise.resolve(log),
    glance: (names) => Promise.resolve({ tail: log, processes: all.filter((p) => names.includes(p.name)) }),
  });
  const poller = createDaemonPoller(supervisor, undefined, { now: () => clock, fullEveryMs: 30_000, loglevel });
  return {
    supervisor,
    poller,
    tick: (ms: number) => (clock += ms),
    write: (line: string) => (log += line),
    set: (next: ProcessInfo[]) => (all = next),
  };
}

const states = (view: DaemonView) => (view.ok ? view.processes.map((p) => `${p.name}:${p.statename}`) : view.reason);

describe('the daemon poller', () => {
  it('asks for everything once, then only for the rows on screen while the log end stays the same', async () => {
    const s = setup();
    expect(states(await s.poller.poll(['a']))).toEqual(['a:RUNNING', 'b:RUNNING']);
    expect(s.poller.lastKind).toBe('full');
    s.supervisor.calls.length = 0;
    // A row on screen going STOPPING is not logged by supervisord: the glance itself brings it.
    s.set([info('a', 'a', 'STOPPING', { pid: 10 }), info('b', 'b', 'RUNNING', { pid: 11 })]);
    s.tick(1000);
    expect(states(await s.poller.poll(['a']))).toEqual(['a:STOPPING', 'b:RUNNING']);
    expect(s.supervisor.calls).toEqual(['glance a']);
    expect(s.poller.lastKind).toBe('glance');
  });

  it('asks for everything when the log moved, and at least every fullEveryMs', async () => {
    const s = setup();
    await s.poller.poll([]);
    s.set([info('a', 'a', 'RUNNING', { pid: 10 }), info('b', 'b', 'EXITED', { pid: 0 })]);
    s.write('2026-11-26 08:00:05,123 INFO exited: b (exit status 1; not expected)\n');
    s.supervisor.calls.length = 0;
    expect(states(await s.poller.poll([]))).toEqual(['a:RUNNING', 'b:EXITED']);
    expect(s.supervisor.calls).toEqual(['glance ', 'readMainLog', 'getAllProcessInfo']);
    s.supervisor.calls.length = 0;
    s.tick(29_000);
    await s.poller.poll([]);
    expect(s.supervisor.calls).toEqual(['glance ']);
    s.tick(1_000);
    await s.poller.poll([]);
    expect(s.supervisor.calls).toEqual(['glance ', 'readMainLog', 'getAllProcessInfo']);
  });

  it('asks for everything every time when the log cannot tell: loglevel warn, or a log it cannot read back', async () => {
    const warn = setup('warn');
    await warn.poller.poll([]);
    await warn.poller.poll([]);
    expect(warn.supervisor.calls.filter((call) => call === 'getAllProcessInfo')).toHaveLength(2);
    const syslog = setup();
    syslog.supervisor.readMainLog = () => Promise.reject(new Error('FAILED'));
    await syslog.poller.poll([]);
    await syslog.poller.poll([]);
    expect(syslog.supervisor.calls.filter((call) => call === 'getAllProcessInfo')).toHaveLength(2);
  });

  it('a daemon gone is said at once, and the next answer is a full one', async () => {
    const s = setup();
    await s.poller.poll([]);
    s.supervisor.glance = () => Promise.reject(new Error('socket gone'));
    expect((await s.poller.poll([])).ok).toBe(false);
    s.supervisor.calls.length = 0;
    await s.poller.poll([]);
    expect(s.supervisor.calls).toContain('getAllProcessInfo');
  });
});
