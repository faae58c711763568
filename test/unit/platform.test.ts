import { describe, expect, it } from 'vitest';
import { startPlatform, stopPlatform, type PlatformEvent, type PlatformNode } from '../../src/control/platform.js';
import { failureText } from '../../src/control/platform.js';
import type { ServiceDeps } from '../../src/control/service-actions.js';
import { FaultCode } from '../../src/core/model/faults.js';
import type { PlannedStage } from '../../src/core/plan/stage-plan.js';
import { createProgressPrinter } from '../../src/cli/platform-progress.js';
import { fakeScripts, fakeSupervisor, fault, info, instantClock, stageBegin, fakeLauncher } from '../support/fakes.js';

const proc = (name: string) => ({
  operand: name,
  resolution: {
    ok: true as const,
    operand: name,
    pattern: false,
    targets: [{ kind: 'process' as const, name, group: name }],
  },
});
const plan: PlannedStage[] = [
  { name: 'BACKEND', services: [proc('fast-fail'), proc('slow')] },
  { name: 'MIDDLEWARE', services: [proc('engine')] },
  { name: 'FRONTEND', services: [proc('web')] },
];

function deps(supervisor = fakeSupervisor()): ServiceDeps {
  return {
    supervisor,
    initscripts: fakeScripts({}),
    launcher: fakeLauncher(),
    clock: instantClock,
  };
}

/** A home of one node running `stages`. */
const home = (ports: ServiceDeps, stages = plan): PlatformNode[] => [
  { name: 'local', label: 'local', deps: ports, plan: stages, local: true, checks: new Map() },
];

describe('startPlatform', () => {
  it('awaits the whole failing stage, then starts nothing more', async () => {
    let releaseSlow = () => {};
    const supervisor = fakeSupervisor({
      startProcess: (name) => {
        if (name === 'fast-fail') return fault(FaultCode.SPAWN_ERROR, 'SPAWN_ERROR: fast-fail');
        if (name === 'slow') return new Promise((resolve) => (releaseSlow = () => resolve(true)));
        return Promise.resolve(true);
      },
      getProcessInfo: (name) => Promise.resolve(info(name, name, 'BACKOFF', { spawnerr: 'Exited too quickly' })),
    });
    const events: PlatformEvent[] = [];
    const running = startPlatform(home(deps(supervisor)), { timeoutMs: 1000, onEvent: (e) => events.push(e) });
    while (!events.some((e) => e.type === 'service-end')) await new Promise((r) => setImmediate(r));
    expect(events.some((e) => e.type === 'stage-end')).toBe(false);
    releaseSlow();
    const outcome = await running;
    expect(outcome).toMatchObject({ ok: false, aborted: false, stages: [{ name: 'BACKEND', ok: false }] });
    expect(outcome.stages[0]!.services.map((s) => [s.operand, s.ok, failureText(s)])).toEqual([
      ['fast-fail', false, 'fast-fail: spawn error: Exited too quickly'],
      ['slow', true, undefined],
    ]);
    expect(supervisor.calls.filter((c) => c.startsWith('startProcess'))).toEqual([
      'startProcess fast-fail',
      'startProcess slow',
    ]);
  });

  it('stops launching once aborted, after the stage in flight', async () => {
    const controller = new AbortController();
    const events: PlatformEvent[] = [];
    const outcome = await startPlatform(home(deps(), plan.slice(1)), {
      timeoutMs: 1000,
      signal: controller.signal,
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'stage-begin') controller.abort();
      },
    });
    expect(outcome).toMatchObject({ ok: false, aborted: true, stages: [{ name: 'MIDDLEWARE', ok: true }] });
    expect(events.at(-1)).toEqual({ type: 'aborted', stage: 'FRONTEND' });
  });
});

describe('stopPlatform', () => {
  it('stops the stages in reverse, then shuts supervisord down', async () => {
    const supervisor = fakeSupervisor();
    const outcome = await stopPlatform(home(deps(supervisor)), { timeoutMs: 1000 });
    expect(outcome.ok).toBe(true);
    expect(supervisor.calls.filter((c) => c.startsWith('stopProcess') || c === 'shutdown')).toEqual([
      'stopProcess web',
      'stopProcess engine',
      'stopProcess fast-fail',
      'stopProcess slow',
      'shutdown',
    ]);
  });
});

describe('progress lines', () => {
  const events: PlatformEvent[] = [
    stageBegin('BACKEND', 'start', 'rabbitmq-server', 'mongodb'),
    {
      type: 'service-end',
      stage: 'BACKEND',
      outcome: { operand: 'mongodb', node: 'local', ok: true, results: [], elapsedMs: 900 },
    },
    {
      type: 'service-end',
      stage: 'BACKEND',
      outcome: {
        operand: 'rabbitmq-server',
        node: 'local',
        ok: false,
        elapsedMs: 2100,
        results: [
          {
            name: 'rabbitmq-server',
            kind: 'supervisord',
            action: 'start',
            ok: false,
            outcome: 'failed',
            reason: 'spawn error: Exited too quickly',
          },
        ],
      },
    },
    { type: 'stage-end', stage: 'BACKEND', ok: false, elapsedMs: 2100 },
  ];

  it('writes whole lines when piped', () => {
    let out = '';
    const print = createProgressPrinter({ write: (t) => (out += t), columns: undefined }, 'plain');
    events.forEach(print);
    expect(out).toBe(
      'Starting backend: rabbitmq-server KO, mongodb ok  (2.1s)\n  KO rabbitmq-server: spawn error: Exited too quickly\n',
    );
  });

  it('redraws one live line on a terminal', () => {
    let out = '';
    const print = createProgressPrinter({ write: (t) => (out += t), columns: 80 }, 'tty');
    events.forEach(print);
    expect(out.split('\r\u001b[K')).toEqual([
      '',
      'Starting backend: rabbitmq-server ..., mongodb ...',
      'Starting backend: rabbitmq-server ..., mongodb ok',
      'Starting backend: rabbitmq-server KO, mongodb ok',
      'Starting backend: rabbitmq-server KO, mongodb ok  (2.1s)\n  KO rabbitmq-server: spawn error: Exited too quickly\n',
    ]);
  });
});
