import { afterEach, describe, expect, it } from 'vitest';
import type { ActionRequest } from '../../src/core/panel/tui-state.js';
import { stageBegin } from '../support/fakes.js';
import { fakeSession, processes } from '../support/fake-session.js';
import { KEYS, renderApp, type Rendered } from '../support/render-app.js';

let app: Rendered | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

const lines = (frame: string) => frame.split('\n');
const messageLine = (frame: string) => lines(frame).at(-2) ?? '';

describe('actions from keys', () => {
  it('s starts the selected row at once, shows it in flight, refuses a second press, then says what happened', async () => {
    const session = fakeSession();
    session.daemon = {
      ...session.daemon,
      view: { ok: true, processes: processes({ mongodb: { statename: 'STOPPED', pid: 0, start: 0 } }) },
    };
    app = await renderApp(session);
    await app.press(KEYS.down, 's');
    const running = await app.waitFor((text) => text.includes('starting...'));
    expect(lines(running).find((line) => line.includes('mongodb'))).toMatch(/^›… mongodb +sup +starting\.\.\./);
    expect(session.requests).toEqual([
      {
        scope: 'row',
        verb: 'start',
        massive: false,
        rowKey: 'BACKEND:mongodb',
        name: 'mongodb',
        targets: [{ kind: 'process', name: 'mongodb', group: 'mongodb', node: 'local' }],
        startsDaemon: false,
      },
    ]);
    await app.press('s');
    expect(messageLine(app.frame())).toBe('mongodb: an action is already running');
    expect(session.requests).toHaveLength(1);
    session.finish([{ name: 'mongodb', kind: 'supervisord', action: 'start', ok: true, outcome: 'started' }]);
    const done = await app.waitFor((text) => messageLine(text) === 'mongodb: started');
    expect(done).not.toContain('starting...');
  });

  it('says why an action failed', async () => {
    const session = fakeSession();
    app = await renderApp(session);
    await app.press('s');
    session.finish([
      {
        name: 'rabbitmq-server',
        kind: 'supervisord',
        action: 'start',
        ok: false,
        outcome: 'failed',
        reason: 'spawn error: Exited too quickly (process log may have details)',
      },
    ]);
    const frame = await app.waitFor((text) =>
      messageLine(text).startsWith('start rabbitmq-server: spawn error: Exited too quickly (process log'),
    );
    expect(messageLine(frame)).toBe('start rabbitmq-server: spawn error: Exited too quickly (process log may have de…');
  });

  it('t asks y/N first: n cancels, y stops', async () => {
    const session = fakeSession();
    app = await renderApp(session);
    await app.press('t');
    expect(messageLine(app.frame())).toBe('Stop rabbitmq-server? [y/N]');
    await app.press('n');
    expect(messageLine(app.frame())).toBe('Cancelled');
    expect(session.requests).toEqual([]);
    await app.press('t', 'y');
    expect(session.requests).toMatchObject([{ scope: 'row', verb: 'stop', name: 'rabbitmq-server' }]);
  });

  it('S/T/R act on a group or pattern only; with --yes they run without asking', async () => {
    const session = fakeSession();
    app = await renderApp(session, { confirm: false });
    await app.press('R');
    expect(messageLine(app.frame())).toBe('R: massive actions act on a group or pattern row; use r here');
    await app.press(KEYS.tab, KEYS.down, 'R');
    const request = session.requests[0] as Extract<ActionRequest, { scope: 'row' }>;
    expect(request).toMatchObject({ verb: 'restart', massive: true, name: 'amqp2engines*' });
    expect(request.targets).toEqual([
      {
        kind: 'group',
        name: 'amqp2engines',
        processes: ['amqp2engines:engine-alerts-0', 'amqp2engines:engine-alerts-1', 'amqp2engines:engine-che-0'],
        node: 'local',
      },
    ]);
    await app.waitFor((text) => /▸ amqp2engines\* +glob +restarting…/.test(text));
  });

  it('read-only refuses every action and says so', async () => {
    const session = fakeSession();
    app = await renderApp(session, { readOnly: true });
    expect(lines(app.frame())[0]).toBe('canopsis-tui  host1  /opt/canopsis  [read-only]');
    await app.press('r');
    expect(messageLine(app.frame())).toBe('Read-only (--read-only): restart is disabled');
    await app.press('h');
    expect(messageLine(app.frame())).toBe('Read-only (--read-only): platform actions are disabled');
    expect(session.requests).toEqual([]);
  });

  it('Enter on a row opens the action menu on what fits it (Restart: it runs); Enter asks, y runs it', async () => {
    const session = fakeSession();
    app = await renderApp(session);
    await app.press(KEYS.enter);
    const menu = await app.waitFor((text) => text.includes('rabbitmq-server: RUNNING'));
    expect(menu).toContain('❯ Restart  r');
    expect(menu).toContain('  Log  l');
    await app.press(KEYS.enter);
    await app.waitFor((text) => messageLine(text) === 'Restart rabbitmq-server? [y/N]');
    await app.press('y');
    expect(session.requests).toMatchObject([{ verb: 'restart', name: 'rabbitmq-server' }]);
  });

  it("h runs the whole platform and shows each stage's progress in its panel", async () => {
    const session = fakeSession();
    session.platformEvents = [
      stageBegin('BACKEND', 'start', 'rabbitmq-server', 'mongodb', 'redis-server'),
      { type: 'stage-end', stage: 'BACKEND', ok: true, elapsedMs: 1100 },
      stageBegin('MIDDLEWARE', 'start', 'collectd', 'amqp2engines*'),
    ];
    app = await renderApp(session);
    await app.press('h');
    await app.waitFor((text) => text.includes('Whole platform (hypcontrol)'));
    await app.press(KEYS.enter, 'y');
    const frame = await app.waitFor((text) => text.includes('MIDDLEWARE  2/2 up  · in progress...'));
    expect(frame).toContain('── BACKEND  3/3 up  · ok 1.1s');
    expect(frame).toContain('── FRONTEND  1/1 up  · waiting');
    expect(frame).toMatch(/… collectd +sup +starting\.\.\./);
    expect(session.requests).toEqual([{ scope: 'platform', verb: 'start' }]);
  });

  it('s on a supervisord service while supervisord is down offers to start supervisord', async () => {
    const session = fakeSession();
    session.daemon = {
      view: {
        ok: false,
        reason: 'supervisord is not running: socket /opt/canopsis/tmp/s.sock does not exist',
        down: true,
      },
      pid: undefined,
      startedAt: undefined,
    };
    app = await renderApp(session);
    await app.press('s');
    expect(messageLine(app.frame())).toBe(
      'supervisord is not running. Start supervisord, then start rabbitmq-server? [y/N]',
    );
    await app.press('y');
    expect(session.requests).toMatchObject([{ verb: 'start', startsDaemon: true }]);
  });
});
