/** The platform run's lifecycle in the panel: it always ends, whatever happened, and never locks the panel. */
import { afterEach, describe, expect, it } from 'vitest';
import type { PlatformOutcome } from '../../src/control/platform.js';
import { failed } from '../../src/core/model/outcomes.js';
import { stageBegin } from '../support/fakes.js';
import { fakeSession, type FakeSession } from '../support/fake-session.js';
import { KEYS, renderApp, type Rendered } from '../support/render-app.js';

let app: Rendered | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

const messageLine = (frame: string) => frame.split('\n').at(-2) ?? '';
const spawnError = failed('mongodb', 'supervisord', 'start', 'spawn error');
const failedAtBackend: PlatformOutcome = {
  ok: false,
  aborted: false,
  stages: [
    {
      name: 'BACKEND',
      ok: false,
      elapsedMs: 900,
      services: [{ operand: 'mongodb', node: 'local', ok: false, results: [spawnError], elapsedMs: 900 }],
    },
  ],
};

async function startPlatform(session: FakeSession, verb: 'start' | 'restart' = 'start'): Promise<Rendered> {
  const rendered = await renderApp(session);
  await rendered.press('h');
  await rendered.waitFor((text) => text.includes('Whole platform (hypcontrol)'));
  if (verb === 'restart') await rendered.press(KEYS.down, KEYS.down);
  await rendered.press(KEYS.enter, 'y');
  await rendered.waitFor((text) => text.includes(`hypcontrol ${verb}...`));
  return rendered;
}

describe('a platform run in the panel', () => {
  it("a run's result leaves the stage titles a minute after it ended; the message fades too", async () => {
    const session = fakeSession();
    session.platformEvents = [{ type: 'stage-end', stage: 'BACKEND', ok: true, elapsedMs: 3_500 }];
    let now = 1_000_000;
    app = await renderApp(session, { now: () => now });
    await app.press('h');
    await app.waitFor((text) => text.includes('Whole platform (hypcontrol)'));
    await app.press(KEYS.enter, 'y');
    const ok: PlatformOutcome = {
      ok: true,
      aborted: false,
      stages: [{ name: 'BACKEND', ok: true, elapsedMs: 3_500, services: [] }],
    };
    session.endPlatform(ok);
    const ended = await app.waitFor((text) => text.includes('hypcontrol start: done'), 'the end');
    expect(ended).toMatch(/── BACKEND +3\/3 up +· ok 3\.5s/);
    // Minutes later (the screen's clock moves every second), no title says that old result any more.
    now += 61_000;
    const later = await app.waitFor((text) => !text.includes('· ok 3.5s'), 'the stale result gone');
    expect(later).toMatch(/── BACKEND +3\/3 up ─/);
    expect(messageLine(later)).toBe('');
  });

  it('a restart says the whole run’s time, its stop phase included', async () => {
    const session = fakeSession();
    let now = 1_000_000;
    app = await renderApp(session, { now: () => now });
    await app.press('h');
    await app.waitFor((text) => text.includes('Whole platform (hypcontrol)'));
    await app.press(KEYS.down, KEYS.down);
    await app.press(KEYS.enter, 'y');
    await app.waitFor((text) => text.includes('hypcontrol restart...'));
    // The stop phase took 5.1 s; the start phase's stages (all the outcome holds) 10.6 s.
    now += 15_700;
    const started: PlatformOutcome = {
      ok: true,
      aborted: false,
      stages: [{ name: 'BACKEND', ok: true, elapsedMs: 10_600, services: [] }],
    };
    session.endPlatform(started);
    await app.waitFor((text) => messageLine(text) === 'hypcontrol restart: done in 15.7s');
  });

  it('after a failed run, row actions and the platform menu work again', async () => {
    const session = fakeSession();
    session.platformEvents = [
      stageBegin('BACKEND', 'start', 'rabbitmq-server', 'mongodb', 'redis-server'),
      { type: 'stage-end', stage: 'BACKEND', ok: false, elapsedMs: 900 },
    ];
    app = await startPlatform(session);
    session.endPlatform(failedAtBackend);
    const ended = await app.waitFor((text) =>
      messageLine(text).startsWith('hypcontrol start failed at backend: mongodb: spawn error'),
    );
    expect(ended).toContain('── BACKEND  3/3 up  · KO 0.9s');
    expect(ended).not.toContain('waiting');
    await app.press('s');
    expect(session.requests.at(-1)).toMatchObject({ scope: 'row', verb: 'start', name: 'rabbitmq-server' });
    await app.press('h');
    expect(app.frame()).toContain('Whole platform (hypcontrol)');
  });

  it('after a run that threw, the panel says why and is usable', async () => {
    const session = fakeSession();
    app = await startPlatform(session);
    session.endPlatform(new Error('cannot create the lock file'));
    await app.waitFor((text) => messageLine(text) === 'hypcontrol start: cannot create the lock file');
    await app.press('s');
    expect(session.requests.at(-1)).toMatchObject({ scope: 'row', verb: 'start' });
  });

  it('between the stop and start phases of a restart, a row action is refused', async () => {
    const session = fakeSession();
    session.platformEvents = ['FRONTEND', 'MIDDLEWARE', 'BACKEND'].flatMap((stage) => [
      { type: 'stage-begin' as const, stage: stage as 'BACKEND', verb: 'stop' as const, services: [] },
      { type: 'stage-end' as const, stage: stage as 'BACKEND', ok: true, elapsedMs: 100 },
    ]);
    app = await startPlatform(session, 'restart');
    await app.press('s');
    expect(messageLine(app.frame())).toBe('rabbitmq-server: an action is already running');
    expect(session.requests).toEqual([{ scope: 'platform', verb: 'restart' }]);
  });

  it('q while a run is in flight asks first, saying what quitting does', async () => {
    const session = fakeSession();
    app = await startPlatform(session);
    await app.press('q');
    expect(messageLine(app.frame())).toBe(
      'Quit during hypcontrol start? Launching stops after the stage in flight. [y/N]',
    );
    await app.press('n');
    expect(messageLine(app.frame())).toBe('Cancelled');
    expect(app.frame()).toContain('── BACKEND');
  });
});
