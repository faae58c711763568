/** The panel's own states (SPEC 8): running but not ready, and what a stop left running, with K. */
import { afterEach, describe, expect, it } from 'vitest';
import { fakeSession, processes } from '../support/fake-session.js';
import { KEYS, renderApp, type Rendered } from '../support/render-app.js';

let app: Rendered | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

const beam = { pid: 1234, startTicks: 77, name: 'beam.smp' };

describe('running, not ready', () => {
  it('has its own glyph, state and reason, and the stage title counts it', async () => {
    const session = fakeSession();
    session.readiness.set('rabbitmq-server', 'tcp 127.0.0.1:5672: connection refused');
    session.readiness.set('webserver', undefined);
    app = await renderApp(session, { color: false });
    const frame = await app.waitFor((text) => text.includes('NOT READY'), 'the not-ready row');
    expect(frame.split('\n').slice(2, 7)).toEqual([
      '   NAME              KIND  STATE       PID     UP   REASON',
      '── BACKEND  2/3 up, 1 not ready ────────────────────────────────────────────────',
      '›◔ rabbitmq-server   sup   NOT READY   107     2h   tcp 127.0.0.1:5672: connect…',
      ' ● mongodb           sup   RUNNING     106     2h',
      ' ● redis-server      lsb   RUNNING',
    ]);
    // The whole reason of the selected row, under the panels.
    expect(frame.split('\n').at(-3)).toBe('rabbitmq-server: NOT READY · tcp 127.0.0.1:5672: connection refused');
    expect(frame).toMatch(/── FRONTEND {2}1\/1 up ─/);
    // Only running names are asked about; the session probes those with a check.
    expect(session.readinessAsked.flat()).toEqual(
      expect.arrayContaining(['rabbitmq-server', 'mongodb', 'amqp2engines:engine-che-0']),
    );
  });

  it('a check removed from the settings clears it', async () => {
    const session = fakeSession();
    session.readiness.set('rabbitmq-server', 'tcp 127.0.0.1:5672: connection refused');
    app = await renderApp(session, { color: false, lsbIntervalMs: 50 });
    await app.waitFor((text) => text.includes('NOT READY'), 'the not-ready row');
    session.readiness.delete('rabbitmq-server');
    const frame = await app.waitFor((text) => !text.includes('NOT READY'), 'the row without a check');
    expect(frame).toContain('── BACKEND  3/3 up ──');
  });

  it('a start that never got ready marks the row at once, with the check’s last error', async () => {
    const session = fakeSession();
    app = await renderApp(session, { color: false, lsbIntervalMs: 60_000 });
    await app.press('r', 'y');
    session.readiness.set('rabbitmq-server', 'tcp 127.0.0.1:5672: connection refused');
    session.finish([
      { name: 'rabbitmq-server', kind: 'supervisord', action: 'stop', ok: true, outcome: 'stopped' },
      {
        name: 'rabbitmq-server',
        kind: 'supervisord',
        action: 'start',
        ok: false,
        outcome: 'failed',
        reason: 'not ready after 60s: tcp 127.0.0.1:5672: connection refused',
        notReady: 'tcp 127.0.0.1:5672: connection refused',
      },
    ]);
    const frame = await app.waitFor((text) => text.includes('NOT READY'), 'the row marked');
    expect(frame).toContain('restart rabbitmq-server: not ready after 60s: tcp 127.0.0.1:5672: connecti');
  });

  it('a start that ends ready clears it at once', async () => {
    const session = fakeSession();
    session.readiness.set('rabbitmq-server', 'tcp 127.0.0.1:5672: connection refused');
    app = await renderApp(session, { color: false });
    await app.waitFor((text) => text.includes('NOT READY'), 'the not-ready row');
    await app.press('s');
    session.readiness.set('rabbitmq-server', undefined);
    session.finish([
      {
        name: 'rabbitmq-server',
        kind: 'supervisord',
        action: 'start',
        ok: true,
        outcome: 'already started',
        readyAfterMs: 2300,
      },
    ]);
    const frame = await app.waitFor(
      (text) => text.includes('rabbitmq-server: already started, ready after 2.3s'),
      'the message',
    );
    expect(frame).toContain('── BACKEND  3/3 up ──');
  });
});

describe('what a stop left running', () => {
  it('shows LEFTOVERS on the row, and K asks, then kills through the session', async () => {
    const session = fakeSession();
    session.daemon = {
      ...session.daemon,
      view: { ok: true, processes: processes({ 'rabbitmq-server': { statename: 'STOPPED', pid: 0, start: 1 } }) },
    };
    session.leftovers.set('rabbitmq-server', [beam]);
    app = await renderApp(session, { color: false });
    const frame = await app.waitFor((text) => text.includes('LEFTOVERS'), 'the leftover row');
    expect(frame.split('\n')[4]).toBe('›▲ rabbitmq-server   sup   LEFTOVERS   still runs: beam.smp (pid 1234)');
    await app.press('K');
    expect(app.frame()).toContain('Kill beam.smp (pid 1234), left running by a stop of rabbitmq-server? [y/N]');
    await app.press('y');
    expect(session.requests.at(-1)).toMatchObject({ scope: 'row', verb: 'kill', name: 'rabbitmq-server' });
    session.leftovers.clear();
    session.finish([
      {
        name: 'rabbitmq-server',
        kind: 'supervisord',
        action: 'stop',
        ok: true,
        outcome: 'not running',
        killed: [beam],
      },
    ]);
    const after = await app.waitFor(
      (text) => text.includes('rabbitmq-server: killed beam.smp (pid 1234)'),
      'the message',
    );
    expect(after.split('\n')[4]).toMatch(/^›○ rabbitmq-server +sup +STOPPED/);
  });

  it('a start over leftovers asks to kill them first, even with --yes; K on a clean row says there is nothing', async () => {
    const session = fakeSession();
    session.daemon = {
      ...session.daemon,
      view: { ok: true, processes: processes({ 'rabbitmq-server': { statename: 'STOPPED', pid: 0, start: 1 } }) },
    };
    session.leftovers.set('rabbitmq-server', [beam]);
    app = await renderApp(session, { color: false, confirm: false });
    await app.waitFor((text) => text.includes('LEFTOVERS'), 'the leftover row');
    await app.press('s');
    const question = 'Kill beam.smp (pid 1234), left by a stop of rabbitmq-server, then start? [y/N]';
    expect(app.frame()).toContain(question);
    await app.press('n');
    expect(session.requests).toEqual([]);
    await app.press('s');
    expect(app.frame()).toContain(question);
    await app.press('y');
    expect(session.requests.at(-1)).toMatchObject({
      scope: 'row',
      verb: 'start',
      name: 'rabbitmq-server',
      killLeftovers: true,
    });
    session.finish([{ name: 'rabbitmq-server', kind: 'supervisord', action: 'start', ok: true, outcome: 'started' }]);
    await app.waitFor((text) => text.includes('rabbitmq-server: started'), 'the message');
    await app.press(KEYS.down, 'K');
    expect(app.frame()).toContain('mongodb: no stop of it left anything running');
  });

  it('the row menu offers the kill', async () => {
    const session = fakeSession();
    session.daemon = {
      ...session.daemon,
      view: { ok: true, processes: processes({ 'rabbitmq-server': { statename: 'STOPPED', pid: 0, start: 1 } }) },
    };
    session.leftovers.set('rabbitmq-server', [beam]);
    app = await renderApp(session, { color: false });
    await app.waitFor((text) => text.includes('LEFTOVERS'), 'the leftover row');
    await app.press(KEYS.enter);
    expect(app.frame()).toContain('Kill what stops left running (1)  K');
  });
});

describe('--start-platform (the demo)', () => {
  it('starts the whole platform once, after the first poll, without asking', async () => {
    const session = fakeSession();
    app = await renderApp(session, { startPlatform: true });
    await app.waitFor((text) => text.includes('hypcontrol start...'), 'the run begun');
    session.touch();
    await app.waitFor((text) => text.includes('hypcontrol start...'), 'a re-read');
    expect(session.requests).toEqual([{ scope: 'platform', verb: 'start' }]);
  });
});
