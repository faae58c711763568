/** Leftovers after a stop and readiness after a start (SPEC 8), over fakes: the logic, not the daemons. */
import { describe, expect, it } from 'vitest';
import { createControlEngine } from '../../src/control/engine.js';
import { runServiceAction, type ServiceDeps } from '../../src/control/service-actions.js';
import { formatActionResult } from '../../src/core/model/outcomes.js';
import type { ProbeResult, ReadyProbePort } from '../../src/core/ports.js';
import type { ProcessEntry } from '../../src/core/model/process-entry.js';
import type { Target } from '../../src/core/plan/resolver.js';
import { parseReadyCheck, type ReadyCheck } from '../../src/core/config/settings.js';
import { fakeScripts, fakeSupervisor, fakeTree, info, memoryLeftovers, steppingClock } from '../support/fakes.js';

const rabbit: Target = { kind: 'process', name: 'rabbitmq-server', group: 'rabbitmq-server' };
const beam: ProcessEntry = { pid: 1234, startTicks: 99, name: 'beam.smp' };
const wrapper: ProcessEntry = { pid: 1200, startTicks: 90, name: 'rabbitmq-server' };

function deps(partial: Partial<ServiceDeps>): ServiceDeps {
  return {
    supervisor: fakeSupervisor({
      getProcessInfo: (name) => Promise.resolve(info(name, name, 'RUNNING', { pid: 1200 })),
    }),
    initscripts: fakeScripts({}),
    launcher: undefined,
    clock: steppingClock(),
    ...partial,
  };
}

describe('a stop that leaves processes running', () => {
  it('fails, names them with their pids, and keeps them for the other commands', async () => {
    const living = new Set([1234]);
    const store = memoryLeftovers();
    const results = await runServiceAction(
      'stop',
      [rabbit],
      deps({ processTree: fakeTree({ 1200: [wrapper, beam] }, living), leftoverStore: store }),
      { timeoutMs: 1000, massive: false },
    );
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ ok: false, leftovers: [beam] });
    expect(formatActionResult(results[0]!)).toBe('rabbitmq-server: stopped, but left running: beam.smp (pid 1234)');
    expect(store.data.get('rabbitmq-server')).toEqual([beam]);
  });

  it('with kill-leftovers: TERM, KILL after the grace to what outlived it, and says what it killed', async () => {
    const stubborn = { pid: 1300, startTicks: 5, name: 'stubborn' };
    const living = new Set([1234, 1300]);
    const tree = fakeTree({ 1200: [wrapper, beam, stubborn] }, living);
    const store = memoryLeftovers();
    const results = await runServiceAction('stop', [rabbit], deps({ processTree: tree, leftoverStore: store }), {
      timeoutMs: 1000,
      massive: false,
      killLeftovers: true,
      leftoverGraceMs: 2000,
    });
    expect(tree.signals).toEqual(['SIGTERM 1234', 'SIGTERM 1300', 'SIGKILL 1300']);
    expect(results[0]).toMatchObject({ ok: true, outcome: 'stopped', killed: [beam, stubborn] });
    expect(formatActionResult(results[0]!)).toBe(
      'rabbitmq-server: stopped (killed what it left running: beam.smp (pid 1234), stubborn (pid 1300))',
    );
    expect(store.data.size).toBe(0);
  });

  it('a restart does not start a second one over what its stop left', async () => {
    const supervisor = fakeSupervisor({
      getProcessInfo: (name) => Promise.resolve(info(name, name, 'RUNNING', { pid: 1200 })),
    });
    const results = await runServiceAction(
      'restart',
      [rabbit],
      deps({
        supervisor,
        processTree: fakeTree({ 1200: [wrapper, beam] }, new Set([1234])),
        leftoverStore: memoryLeftovers(),
      }),
      { timeoutMs: 1000, massive: false },
    );
    expect(results.map(formatActionResult)).toEqual([
      'rabbitmq-server: stopped, but left running: beam.smp (pid 1234)',
      'rabbitmq-server: ERROR (not started again: its stop left processes running (--kill-leftovers))',
    ]);
    expect(supervisor.calls.filter((call) => call.startsWith('startProcess'))).toEqual([]);
  });

  it('K kills only what stops left: the process itself, running again, is not stopped', async () => {
    const supervisor = fakeSupervisor();
    const living = new Set([1234]);
    const tree = fakeTree({}, living);
    const store = memoryLeftovers(new Map([['rabbitmq-server', [beam]]]));
    const results = await createControlEngine(
      deps({ supervisor, processTree: tree, leftoverStore: store }),
    ).killLeftovers([rabbit], 1000);
    expect(results).toEqual([
      {
        name: 'rabbitmq-server',
        kind: 'supervisord',
        action: 'stop',
        ok: true,
        outcome: 'not running',
        killed: [beam],
      },
    ]);
    expect(tree.signals).toEqual(['SIGTERM 1234']);
    expect(supervisor.calls).toEqual([]);
    expect(store.data.size).toBe(0);
  });

  it('a start over what an earlier stop left running refuses before it begins, naming it', async () => {
    const supervisor = fakeSupervisor();
    const store = memoryLeftovers(new Map([['rabbitmq-server', [beam]]]));
    const options = { timeoutMs: 1000, massive: false };
    const results = await runServiceAction(
      'start',
      [rabbit],
      deps({ supervisor, processTree: fakeTree({}, new Set([1234])), leftoverStore: store }),
      options,
    );
    expect(results.map(formatActionResult)).toEqual([
      'rabbitmq-server: ERROR (not started: an earlier stop left running beam.smp (pid 1234) (--kill-leftovers kills them first))',
    ]);
    expect(supervisor.calls.filter((call) => call.startsWith('startProcess'))).toEqual([]);
  });

  it('with --kill-leftovers, a start kills them first and says so, then starts', async () => {
    const supervisor = fakeSupervisor();
    const notices: string[] = [];
    const store = memoryLeftovers(new Map([['rabbitmq-server', [beam]]]));
    const tree = fakeTree({}, new Set([1234]));
    const options = {
      timeoutMs: 1000,
      massive: false,
      killLeftovers: true,
      onNotice: (line: string) => notices.push(line),
    };
    const results = await runServiceAction(
      'start',
      [rabbit],
      deps({ supervisor, processTree: tree, leftoverStore: store }),
      options,
    );
    expect(notices).toEqual(['rabbitmq-server: killed what an earlier stop left running: beam.smp (pid 1234)']);
    expect(results.map(formatActionResult)).toEqual(['rabbitmq-server: started']);
  });
});

/** Probes answering from a script: each call takes the next answer (the last one repeats). */
function scriptedProbes(answers: ProbeResult[]): ReadyProbePort & { calls: number } {
  const probes = {
    calls: 0,
    tcp: () => Promise.resolve(answers[Math.min(probes.calls++, answers.length - 1)]!),
    http: () => Promise.resolve({ ok: false, reason: 'unused' }),
    exec: () => Promise.resolve({ ok: false, reason: 'unused' }),
  };
  return probes;
}

const tcpCheck = parseReadyCheck('tcp://127.0.0.1:5672') as ReadyCheck;
const refused = { ok: false, reason: 'tcp 127.0.0.1:5672: connection refused' };

describe('a start that waits for readiness', () => {
  it('is done once the check passes, and says after how long', async () => {
    const probes = scriptedProbes([refused, refused, { ok: true, reason: 'accepts' }]);
    const results = await runServiceAction('start', [rabbit], deps({ probes }), {
      timeoutMs: 1000,
      massive: false,
      readiness: { checks: new Map([['rabbitmq-server', [tcpCheck]]]), timeoutMs: 60_000 },
    });
    expect(results[0]).toMatchObject({ ok: true, outcome: 'started', readyAfterMs: 500 });
    expect(formatActionResult(results[0]!)).toBe('rabbitmq-server: started (ready after 0.5s)');
  });

  it('fails at the timeout with the check’s last error', async () => {
    const results = await runServiceAction('start', [rabbit], deps({ probes: scriptedProbes([refused]) }), {
      timeoutMs: 1000,
      massive: false,
      readiness: { checks: new Map([['rabbitmq-server', [tcpCheck]]]), timeoutMs: 3_000 },
    });
    expect(formatActionResult(results[0]!)).toBe(
      'rabbitmq-server: ERROR (not ready after 3s: tcp 127.0.0.1:5672: connection refused)',
    );
  });

  it('stops waiting as soon as the process is no longer up', async () => {
    const supervisor = fakeSupervisor({
      getProcessInfo: (name) => Promise.resolve(info(name, name, 'BACKOFF', { spawnerr: 'Exited too quickly' })),
    });
    const probes = scriptedProbes([refused]);
    const results = await runServiceAction('start', [rabbit], deps({ supervisor, probes }), {
      timeoutMs: 1000,
      massive: false,
      readiness: { checks: new Map([['rabbitmq-server', [tcpCheck]]]), timeoutMs: 60_000 },
    });
    expect(results[0]?.reason).toBe(
      'not ready: it is BACKOFF (Exited too quickly) (tcp 127.0.0.1:5672: connection refused)',
    );
    expect(probes.calls).toBe(1);
  });

  it('log: counts only lines written after the start was asked', async () => {
    const log = ['old run: server ready\n', 'booting\n', 'server ready\n'];
    let size = log[0]!.length;
    const supervisor = fakeSupervisor({
      getProcessInfo: (name) => Promise.resolve(info(name, name, 'RUNNING', { pid: 10 })),
      logSize: (stream) => Promise.resolve(stream === 'stdout' ? size : Promise.reject(new Error('NO_FILE'))),
      readProcessLog: (_stream, _name, offset) => {
        const text = log.join('').slice(offset, size);
        size = Math.min(log.join('').length, size + log[1]!.length);
        return Promise.resolve(text);
      },
    });
    const check = parseReadyCheck('log:server ready') as ReadyCheck;
    const results = await runServiceAction('start', [rabbit], deps({ supervisor }), {
      timeoutMs: 1000,
      massive: false,
      readiness: { checks: new Map([['rabbitmq-server', [check]]]), timeoutMs: 60_000 },
    });
    expect(results[0]).toMatchObject({ ok: true, readyAfterMs: expect.any(Number) });
    expect(results[0]!.readyAfterMs).toBeGreaterThan(0);
  });
});
