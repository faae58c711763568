/** README behaviours of the panel that had no test: --yes, PgUp/PgDn, T, Ctrl-C, platform stop and restart, the header's words. */
import { afterEach, describe, expect, it } from 'vitest';
import { fakeSession } from '../support/fake-session.js';
import { KEYS, renderApp, type Rendered } from '../support/render-app.js';

let app: Rendered | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

const messageLine = (frame: string) => frame.split('\n').at(-2) ?? '';
const selected = (frame: string) => frame.split('\n').find((line) => line.startsWith('›')) ?? '';

describe('the panel, as the README says', () => {
  it('--yes runs a stop at once, without asking', async () => {
    const session = fakeSession();
    app = await renderApp(session, { confirm: false });
    await app.press('t');
    expect(session.requests).toMatchObject([{ scope: 'row', verb: 'stop', name: 'rabbitmq-server' }]);
  });

  it('PgDn and PgUp move a page (several rows) at a time', async () => {
    const order = ['rabbitmq-server', 'mongodb', 'redis-server', 'collectd', 'amqp2engines*', 'webserver', 'logger'];
    const at = (frame: string) => order.findIndex((name) => selected(frame).includes(` ${name} `));
    app = await renderApp(fakeSession(), { rows: 14 });
    await app.press(KEYS.pageDown);
    const down = at(app.frame());
    expect(down).toBeGreaterThan(1);
    await app.press(KEYS.down, KEYS.pageUp);
    expect(at(app.frame())).toBeLessThan(down);
    expect(down + 1 - at(app.frame())).toBeGreaterThan(1);
  });

  it('T on a pattern row asks, then stops every matched process at once', async () => {
    const session = fakeSession();
    app = await renderApp(session);
    await app.press(KEYS.down, KEYS.down, KEYS.down, KEYS.down);
    expect(selected(app.frame())).toMatch(/amqp2engines\*/);
    await app.press('T');
    expect(messageLine(app.frame())).toBe('Massive stop of amqp2engines*: every process at once? [y/N]');
    await app.press('y');
    expect(session.requests).toMatchObject([{ scope: 'row', verb: 'stop', massive: true, name: 'amqp2engines*' }]);
  });

  it('Ctrl-C quits like q: the panel takes no key after it', async () => {
    app = await renderApp(fakeSession());
    await app.press('j');
    expect(selected(app.frame())).toMatch(/mongodb/);
    const before = app.frames.length;
    await app.press('\u0003', 'j');
    // Ink may write a last (empty) frame as it leaves; no frame after Ctrl-C has moved to the next row.
    expect(app.frames.slice(before).some((frame) => /^›. redis-server/m.test(frame))).toBe(false);
  });

  it('the platform menu offers stop and restart, each asked first', async () => {
    for (const [downs, verb, question] of [
      [1, 'stop', 'Stop the whole platform (hypcontrol stop)? [y/N]'],
      [2, 'restart', 'Restart the whole platform (hypcontrol restart)? [y/N]'],
    ] as const) {
      const session = fakeSession();
      app = await renderApp(session);
      await app.press('h');
      await app.waitFor((text) => text.includes('Whole platform (hypcontrol)'));
      for (let i = 0; i < downs; i += 1) await app.press(KEYS.down);
      await app.press(KEYS.enter);
      expect(messageLine(app.frame())).toBe(question);
      await app.press('y');
      expect(session.requests).toEqual([{ scope: 'platform', verb }]);
      app.unmount();
    }
    app = undefined;
  });

  it('the header tells apart down, refused credentials, permission denied and no answer in time', async () => {
    const views = [
      [
        { reason: 'supervisord is not running: socket /opt/canopsis/tmp/s.sock does not exist', down: true },
        'supervisord: DOWN: supervisord is not running: socket /opt/canopsis/tmp/s.sock does not exist',
      ],
      [
        { reason: 'supervisord refused the credentials (HTTP 401) as user "cps"', down: false },
        'supervisord: refused the credentials (HTTP 401) as user "cps"',
      ],
      [
        { reason: 'permission denied on /opt/canopsis/tmp/s.sock', down: false },
        'supervisord: permission denied on /opt/canopsis/tmp/s.sock',
      ],
      [
        { reason: 'supervisord did not answer supervisor.getAllProcessInfo within 10s', down: false },
        'supervisord: did not answer supervisor.getAllProcessInfo within 10s',
      ],
    ] as const;
    for (const [view, header] of views) {
      const session = fakeSession();
      session.daemon = { view: { ok: false, ...view }, pid: undefined, startedAt: undefined };
      app = await renderApp(session, { columns: 140 });
      expect(app.frame().split('\n')[1]).toBe(header);
      app.unmount();
    }
    app = undefined;
  });
});
