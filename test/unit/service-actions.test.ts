import { describe, expect, it } from 'vitest';
import { runServiceAction, type ServiceDeps } from '../../src/control/service-actions.js';
import { FaultCode } from '../../src/core/model/faults.js';
import type { Target } from '../../src/core/plan/resolver.js';
import { SupervisorError } from '../../src/core/model/supervisor-error.js';
import { down, fakeScripts, fakeSupervisor, fault, info, instantClock, run, fakeLauncher } from '../support/fakes.js';

const group: Target = {
  kind: 'group',
  name: 'amqp2engines',
  processes: ['amqp2engines:a-0', 'amqp2engines:b-0', 'amqp2engines:c-0'],
};
const options = { timeoutMs: 1000, massive: false };

function deps(partial: Partial<ServiceDeps>): ServiceDeps {
  return {
    supervisor: fakeSupervisor(),
    initscripts: fakeScripts({}),
    launcher: fakeLauncher(),
    clock: instantClock,
    ...partial,
  };
}

describe('runServiceAction on supervisord', () => {
  it('reads a group call: left-out members were already running, a spawn error gets its reason', async () => {
    const supervisor = fakeSupervisor({
      startProcessGroup: () =>
        Promise.resolve([
          { name: 'a-0', group: 'amqp2engines', status: FaultCode.SUCCESS, description: 'OK' },
          {
            name: 'c-0',
            group: 'amqp2engines',
            status: FaultCode.SPAWN_ERROR,
            description: 'SPAWN_ERROR: amqp2engines:c-0',
          },
        ]),
      getProcessInfo: (name) =>
        Promise.resolve(
          name.endsWith('b-0')
            ? info('amqp2engines', 'b-0', 'RUNNING')
            : info('amqp2engines', name, 'BACKOFF', { spawnerr: 'Exited too quickly (process log may have details)' }),
        ),
    });
    const results = await runServiceAction('start', [group], deps({ supervisor }), options);
    expect(results.map((r) => [r.name, r.outcome, r.reason])).toEqual([
      ['amqp2engines:a-0', 'started', undefined],
      ['amqp2engines:b-0', 'already started', undefined],
      ['amqp2engines:c-0', 'failed', 'spawn error: Exited too quickly (process log may have details)'],
    ]);
    expect(supervisor.calls).toContain('startProcessGroup amqp2engines');
  });

  it('STARTING and BACKOFF are not "already started": the start waits for the outcome another start began', async () => {
    const states: Record<string, string[]> = {
      'amqp2engines:a-0': ['STARTING', 'STARTING', 'RUNNING'],
      'amqp2engines:b-0': ['BACKOFF', 'STARTING', 'FATAL'],
    };
    const supervisor = fakeSupervisor({
      startProcess: () => fault(FaultCode.ALREADY_STARTED, 'ALREADY_STARTED'),
      getProcessInfo: (name) => {
        const statename = states[name]!.length > 1 ? states[name]!.shift()! : states[name]![0]!;
        const spawnerr = statename === 'FATAL' ? 'Exited too quickly (process log may have details)' : '';
        return Promise.resolve(info('amqp2engines', name.split(':')[1]!, statename, { spawnerr }));
      },
    });
    const processes: Target[] = ['amqp2engines:a-0', 'amqp2engines:b-0'].map((name) => ({
      kind: 'process',
      name,
      group: 'amqp2engines',
    }));
    const results = await runServiceAction('start', processes, deps({ supervisor }), options);
    expect(results.map((r) => [r.name, r.ok, r.outcome, r.reason])).toEqual([
      ['amqp2engines:a-0', true, 'started', 'was STARTING'],
      [
        'amqp2engines:b-0',
        false,
        'failed',
        'was STARTING, then FATAL: Exited too quickly (process log may have details)',
      ],
    ]);
  });

  it('massive: issues every start before any has answered', async () => {
    const pending: Array<() => void> = [];
    const supervisor = fakeSupervisor({
      startProcess: () => new Promise((resolve) => pending.push(() => resolve(true))),
    });
    const processes: Target[] = group.processes.map((name) => ({ kind: 'process', name, group: 'amqp2engines' }));
    const done = runServiceAction('start', processes, deps({ supervisor }), { ...options, massive: true });
    while (pending.length < 3) await new Promise((resolve) => setImmediate(resolve));
    expect(supervisor.calls.filter((c) => c.startsWith('startProcess '))).toHaveLength(3);
    pending.forEach((resolve) => resolve());
    expect((await done).every((r) => r.outcome === 'started')).toBe(true);
  });

  it('massive on a whole group is one group call', async () => {
    const supervisor = fakeSupervisor();
    await runServiceAction('start', [group], deps({ supervisor }), { ...options, massive: true });
    expect(supervisor.calls.filter((c) => c.startsWith('start'))).toEqual(['startProcessGroup amqp2engines']);
  });

  it('takes ALREADY_STARTED and NOT_RUNNING as successes (LSB rule)', async () => {
    const supervisor = fakeSupervisor({
      startProcess: () => fault(FaultCode.ALREADY_STARTED, 'ALREADY_STARTED: x'),
      stopProcess: () => fault(FaultCode.NOT_RUNNING, 'NOT_RUNNING: x'),
    });
    const target: Target = { kind: 'process', name: 'x', group: 'x' };
    expect(await runServiceAction('start', [target], deps({ supervisor }), options)).toMatchObject([
      { ok: true, outcome: 'already started' },
    ]);
    expect(await runServiceAction('stop', [target], deps({ supervisor }), options)).toMatchObject([
      { ok: true, outcome: 'not running' },
    ]);
  });

  it('restart is stop then start', async () => {
    const supervisor = fakeSupervisor();
    await runServiceAction('restart', [{ kind: 'process', name: 'x', group: 'x' }], deps({ supervisor }), options);
    expect(supervisor.calls.filter((c) => c.includes('Process '))).toEqual(['stopProcess x', 'startProcess x']);
  });

  it('stop with supervisord down succeeds without starting it', async () => {
    let launched = 0;
    const supervisor = fakeSupervisor({ getState: down });
    const results = await runServiceAction(
      'stop',
      [group],
      deps({
        supervisor,
        launcher: fakeLauncher(() => void (launched += 1)),
      }),
      options,
    );
    expect(results.every((r) => r.ok && r.outcome === 'not running' && r.reason === 'supervisord is not running')).toBe(
      true,
    );
    expect(launched).toBe(0);
  });

  it('start with supervisord down launches it and waits for it to answer', async () => {
    let launched = false;
    const supervisor = fakeSupervisor({
      getState: () => (launched ? Promise.resolve({ statecode: 1, statename: 'RUNNING' }) : down()),
    });
    const results = await runServiceAction(
      'start',
      [{ kind: 'process', name: 'x', group: 'x' }],
      deps({
        supervisor,
        launcher: fakeLauncher(() => void (launched = true)),
      }),
      options,
    );
    expect(results).toMatchObject([{ ok: true, outcome: 'started' }]);
    expect(supervisor.calls.filter((c) => c === 'getState').length).toBeGreaterThanOrEqual(2);
  });

  it('a restart whose supervisord shuts down during the stop phase reports it and never launches a new one', async () => {
    let launched = 0;
    let gone = false;
    const supervisor = fakeSupervisor({
      getState: () => (gone ? down() : Promise.resolve({ statecode: 1, statename: 'RUNNING' })),
      stopProcess: () => {
        gone = true;
        return Promise.resolve(true);
      },
    });
    const launcher = fakeLauncher(() => void (launched += 1));
    const results = await runServiceAction(
      'restart',
      [{ kind: 'process', name: 'x', group: 'x' }],
      deps({ supervisor, launcher }),
      options,
    );
    expect(launched).toBe(0);
    expect(results).toMatchObject([
      { action: 'stop', ok: true },
      {
        action: 'start',
        ok: false,
        reason:
          'supervisord went away during the restart (supervisord is not running: socket /fake.sock does not exist); not started again',
      },
    ]);
  });

  it('start against a daemon that refuses the credentials fails with that reason and launches nothing', async () => {
    let launched = false;
    const supervisor = fakeSupervisor({
      getState: () => Promise.reject(new SupervisorError('auth', 'supervisord refused the credentials (HTTP 401)')),
    });
    const results = await runServiceAction(
      'start',
      [{ kind: 'process', name: 'x', group: 'x' }],
      deps({
        supervisor,
        launcher: fakeLauncher(() => void (launched = true)),
      }),
      options,
    );
    expect(results).toMatchObject([{ ok: false, reason: 'supervisord refused the credentials (HTTP 401)' }]);
    expect(launched).toBe(false);
  });
});

describe("runServiceAction on another node's supervisord (nothing to launch there)", () => {
  const far = (supervisor: ReturnType<typeof fakeSupervisor>) => deps({ supervisor, launcher: undefined });
  const x: Target = { kind: 'process', name: 'x', group: 'x' };

  it('a restart asks no state first: the stop, then the start', async () => {
    const supervisor = fakeSupervisor();
    const results = await runServiceAction('restart', [x], far(supervisor), options);
    expect(supervisor.calls).toEqual(['stopProcess x', 'startProcess x']);
    expect(results).toMatchObject([
      { action: 'stop', ok: true },
      { action: 'start', ok: true, outcome: 'started' },
    ]);
  });

  it('a node that does not answer fails the stop and the start, by reason: what runs there is unknown', async () => {
    const supervisor = fakeSupervisor({ stopProcess: down, stopProcessGroup: down, startProcess: down });
    const reason = 'supervisord is not running: socket /fake.sock does not exist';
    const stopped = await runServiceAction('stop', [x, group], far(supervisor), options);
    expect(stopped.map((r) => [r.name, r.ok, r.reason])).toEqual(
      ['x', ...group.processes].map((name) => [name, false, reason]),
    );
    const started = await runServiceAction('start', [x], far(supervisor), options);
    expect(started).toMatchObject([{ ok: false, reason }]);
    expect(supervisor.calls).not.toContain('getState');
  });

  it('a node shutting down refuses the stop: a failure, never "not running"', async () => {
    const supervisor = fakeSupervisor({ stopProcess: () => fault(FaultCode.SHUTDOWN_STATE, 'SHUTDOWN_STATE') });
    const [result] = await runServiceAction('stop', [x], far(supervisor), options);
    expect(result).toMatchObject({ ok: false, action: 'stop' });
    expect(result!.reason).toContain('SHUTDOWN_STATE');
  });
});

describe('runServiceAction on initscripts', () => {
  const lsb: Target = { kind: 'lsb', name: 'redis-server' };

  it("trusts status after the action, not the action's exit code", async () => {
    const initscripts = fakeScripts({ status: [run(3), run(0, 'running')], start: [run(1, 'warning: pidfile stale')] });
    expect(await runServiceAction('start', [lsb], deps({ initscripts }), options)).toMatchObject([
      { ok: true, outcome: 'started' },
    ]);
    expect(initscripts.calls).toEqual(['redis-server status', 'redis-server start', 'redis-server status']);
  });

  it('fails a stop after which status still says running, with both facts', async () => {
    const initscripts = fakeScripts({ status: [run(0), run(0, 'redis is running')], stop: [run(0, 'stopped')] });
    expect(await runServiceAction('stop', [lsb], deps({ initscripts }), options)).toMatchObject([
      { ok: false, reason: 'stop exited 0 (success): stopped; then status says RUNNING (redis is running)' },
    ]);
  });

  it('says a start that timed out was killed', async () => {
    const initscripts = fakeScripts({
      status: [run(3), run(3)],
      start: [run(null, '', { timedOut: true, signal: 'SIGTERM' })],
    });
    const [result] = await runServiceAction('start', [lsb], deps({ initscripts }), options);
    expect(result?.reason).toBe(
      'start did not finish within 1s: killed with its children; then status says STOPPED (LSB status 3)',
    );
  });
});
