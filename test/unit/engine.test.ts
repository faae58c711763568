/** The control engine returns every failure as a result, even an unexpected throw from a port. */
import { describe, expect, it } from 'vitest';
import { createControlEngine } from '../../src/control/engine.js';
import { runPlatformVerb } from '../../src/control/platform.js';
import type { ServiceDeps } from '../../src/core/ports.js';
import { buildCatalog } from '../../src/core/plan/catalog.js';
import { fakeScripts, fakeSupervisor, info, instantClock, fakeLauncher } from '../support/fakes.js';

const broken = () => Promise.reject(new TypeError('socket exploded'));

function deps(partial: Partial<ServiceDeps> = {}): ServiceDeps {
  return {
    supervisor: fakeSupervisor(),
    initscripts: fakeScripts({}),
    launcher: undefined,
    clock: instantClock,
    ...partial,
  };
}

describe('createControlEngine', () => {
  it('turns a throw while acting into a failed result per target, reported as it comes', async () => {
    // The home's own node (a launcher): its start checks supervisord first, and that check throws.
    const engine = createControlEngine(
      deps({ supervisor: fakeSupervisor({ getState: broken }), launcher: fakeLauncher() }),
    );
    const seen: string[] = [];
    const results = await engine.act('start', [{ kind: 'process', name: 'webserver', group: 'webserver' }], {
      timeoutMs: 1000,
      massive: false,
      onResult: (r) => seen.push(r.name),
    });
    expect(results).toMatchObject([
      { name: 'webserver', ok: false, action: 'start', reason: 'internal error: socket exploded' },
    ]);
    expect(seen).toEqual(['webserver']);
  });

  it('turns a throw in a platform run into a failed outcome that says why', async () => {
    const launcher = fakeLauncher();
    const ports = deps({ supervisor: fakeSupervisor({ getState: broken }), launcher });
    const plan = [
      {
        name: 'BACKEND' as const,
        services: [
          {
            operand: 'webserver',
            resolution: {
              ok: true as const,
              operand: 'webserver',
              pattern: false,
              targets: [{ kind: 'process' as const, name: 'webserver', group: 'webserver' }],
            },
          },
        ],
      },
    ];
    const nodes = [{ name: 'local', label: 'local', deps: ports, plan, local: true, checks: new Map() }];
    const run = await runPlatformVerb('start', nodes, { timeoutMs: 1000 });
    expect(run.started).toMatchObject({ ok: false, stages: [], daemonProblem: 'internal error: socket exploded' });
  });

  it('turns a throw while reading status into UNKNOWN rows with the reason', async () => {
    const engine = createControlEngine(
      deps({ initscripts: { run: () => Promise.reject(new TypeError('tmp exploded')) } }),
    );
    const catalog = buildCatalog({ config: undefined, loaded: [], lsb: ['redis-server'] });
    const rows = await engine.status(
      [{ kind: 'lsb', name: 'redis-server' }],
      { ok: true, processes: [] },
      catalog,
      1000,
    );
    expect(rows).toMatchObject([
      { name: 'redis-server', kind: 'lsb', state: 'UNKNOWN', detail: 'internal error: tmp exploded' },
    ]);
  });
});

describe('status and supervisord main log', () => {
  const catalog = buildCatalog({ config: undefined, loaded: [info('collectd', 'collectd', 'RUNNING')], lsb: [] });
  const target = [{ kind: 'process' as const, name: 'collectd', group: 'collectd' }];
  const viewWith = (start: number) => ({
    ok: true as const,
    processes: [info('collectd', 'collectd', 'RUNNING', { pid: 5, start, now: 100_000 })],
  });

  it('reads the main log for a process started within the hour, and not for one up longer', async () => {
    const supervisor = fakeSupervisor({ readMainLog: () => Promise.resolve('') });
    const engine = createControlEngine(deps({ supervisor }));
    await engine.status(target, viewWith(100_000 - 7200), catalog, 1000);
    expect(supervisor.calls).toEqual([]);
    await engine.status(target, viewWith(100_000 - 60), catalog, 1000);
    expect(supervisor.calls).toEqual(['readMainLog']);
  });
});
