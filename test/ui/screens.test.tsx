import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseHypcontrolConf } from '../../src/core/config/hypcontrol-conf.js';
import { fakeSession, HYPCONTROL, NOW, processes } from '../support/fake-session.js';
import { KEYS, renderApp, type Rendered } from '../support/render-app.js';

let app: Rendered | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
  vi.useRealTimers();
});

const lines = (frame: string) => frame.split('\n');

describe('screens', () => {
  it('? shows every key from the keymap, and any key closes it', async () => {
    app = await renderApp(fakeSession());
    await app.press('?');
    const help = app.frame();
    for (const entry of [
      '↑/k    previous row',
      'End    last row',
      't      stop',
      'S      massive start: all at once',
      'h      platform (hypcontrol)',
      'q      quit (services keep running)',
    ]) {
      expect(help).toContain(entry);
    }
    await app.press('x');
    expect(app.frame()).toContain('── BACKEND');
  });

  it('says in the header and the rows when supervisord cannot be reached, and recovers by itself', async () => {
    const session = fakeSession();
    session.daemon = {
      view: {
        ok: false,
        reason: 'permission denied on /opt/canopsis/tmp/s.sock: run as the account that owns supervisord',
        down: false,
      },
      pid: undefined,
      startedAt: undefined,
    };
    app = await renderApp(session, { intervalMs: 50 });
    const down = app.frame();
    expect(lines(down)[1]).toBe('supervisord: permission denied on /opt/canopsis/tmp/s.sock: run as the account …');
    expect(down).toMatch(/^›\? rabbitmq-server +sup +UNKNOWN +supervisord unreachable$/m);
    expect(down).toMatch(/^ ● redis-server +lsb +RUNNING/m);
    session.daemon = { view: { ok: true, processes: processes() }, pid: 42, startedAt: NOW - 60_000 };
    const up = await app.waitFor((text) => text.includes('supervisord: running'));
    expect(up).toMatch(/^›● rabbitmq-server +sup +RUNNING/m);
  });

  it('says supervisord runs but does not answer, never DOWN, when its pid lives and its socket is elsewhere', async () => {
    const session = fakeSession();
    const reason =
      'supervisord is running (pid 4242), but not answering at unix:///opt/canopsis/tmp/s.sock: check [unix_http_server] file and [supervisorctl] serverurl';
    session.daemon = { view: { ok: false, reason, down: false }, pid: undefined, startedAt: undefined };
    app = await renderApp(session, { columns: 160 });
    const frame = app.frame();
    expect(lines(frame)[1]).toBe(`supervisord: ${reason.slice('supervisord is '.length)}`);
    expect(frame).not.toContain('DOWN');
    expect(frame).not.toMatch(/STOPPED/);
  });

  it('keeps the last good view of a broken file and shows FILE:LINE: problem until it is fixed', async () => {
    const session = fakeSession();
    app = await renderApp(session);
    session.home = {
      ...session.home,
      hypcontrol: undefined,
      problems: ['/opt/canopsis/etc/hypcontrol.conf:2:10: expansion or command substitution ($) is not allowed'],
    };
    session.touch();
    const broken = await app.waitFor((text) => text.includes('! /opt/canopsis'));
    // Wrapped, never cut: the cause is at the end.
    expect(lines(broken).slice(2, 4)).toEqual([
      '! /opt/canopsis/etc/hypcontrol.conf:2:10: expansion or command substitution ($)',
      '  is not allowed',
    ]);
    expect(broken).toContain('── MIDDLEWARE  2/2 up');
    session.home = {
      ...session.home,
      hypcontrol: parseHypcontrolConf(`${HYPCONTROL}\nFRONTEND=(webserver logger)\n`, 'x'),
      problems: [],
    };
    session.touch();
    const fixed = await app.waitFor((text) => !text.includes('! /opt'));
    expect(fixed).toContain('── FRONTEND  2/2 up');
    expect(fixed).not.toContain('── OTHER');
  });

  it('shows a name that resolves to nothing as unknown, in its stage', async () => {
    const session = fakeSession();
    session.home = { ...session.home, hypcontrol: parseHypcontrolConf('BACKEND=(rabbitmq-server nosuchd)\n', 'x') };
    app = await renderApp(session);
    expect(app.frame()).toMatch(/^ \? nosuchd +\? +UNKNOWN +Unknown service: nosuchd$/m);
  });

  it('at 60x20, hides columns and says so, never wraps', async () => {
    app = await renderApp(fakeSession(), { columns: 60, rows: 20 });
    const frame = app.frame();
    expect(lines(frame)).toHaveLength(19);
    expect(lines(frame).every((line) => line.length <= 60)).toBe(true);
    expect(lines(frame)[0]).toBe('canopsis-tui (hidden: kind, pid)  host1  /opt/canopsis');
    expect(frame).toMatch(/^›● rabbitmq-server +RUNNING +2h$/m);
  });

  it('at 60x16, scrolls an expanded group to keep the selection in sight', async () => {
    app = await renderApp(fakeSession(), { columns: 60, rows: 16 });
    await app.press(KEYS.down, KEYS.down, KEYS.down, KEYS.down, KEYS.enter, KEYS.end);
    const frame = await app.waitFor((text) => text.includes('above'));
    const rows = lines(frame);
    expect(rows).toHaveLength(15);
    expect(rows.every((line) => line.length <= 60)).toBe(true);
    expect(rows.at(-1)).toBe('Enter menu  s start  t stop  r restart  l log  h platform  …');
    expect(rows.at(-3)).toBe('↑ 5 above (PgUp/PgDn)');
    expect(rows.at(-4)).toMatch(/^›● logger +RUNNING +2h$/);
    await app.press(KEYS.home);
    expect(lines(app.frame())[2]).toBe('   NAME              STATE       UP   REASON');
    expect(lines(app.frame())[3]).toBe('── BACKEND  3/3 up ─────────────────────────────────────────');
    expect(app.frame()).toContain('↓ 5 below (PgUp/PgDn)');
  });

  it('below the minimum size says so instead of drawing', async () => {
    app = await renderApp(fakeSession(), { columns: 30, rows: 8 });
    expect(app.frame().replace(/\s+/g, ' ')).toContain('Terminal too small: 30x8, need at least 40x10.');
  });

  it('says when the data is getting old (a poll that hangs)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(NOW);
    const session = fakeSession();
    app = await renderApp(session, { now: () => Date.now() });
    session.pollDaemon = () => new Promise(() => undefined);
    await vi.advanceTimersByTimeAsync(6000);
    // Ink draws at most every few milliseconds, on a (fake) timer: let the last frame out.
    await vi.advanceTimersByTimeAsync(50);
    const frame = await app.waitFor((text) => text.includes('old'));
    expect(lines(frame)[1]).toBe('supervisord: running, pid 42, up 3h  ! data 6s old');
  });
});

describe('80x24 (issue 23)', () => {
  const lines80 = (frame: string) => frame.split('\n').map((line) => line.trimEnd());

  it('wraps a file problem in the header so that its cause shows; says how many more there are', async () => {
    const session = fakeSession();
    const cause = 'unexpected end of value: a quote opened at column 9 is never closed';
    session.home = {
      ...session.home,
      problems: [
        `/opt/canopsis/etc/supervisord.d/amqp2engines.conf:14: [program:engine-alerts] command: ${cause}`,
        '/opt/canopsis/etc/hypcontrol.conf:2: MIDDLEWARE: unbalanced parenthesis',
        '/opt/canopsis/etc/canopsis-tui.ini:3: [ready] nowhere: matches no initscript, program, process or group',
      ],
    };
    app = await renderApp(session, { color: false, columns: 80, rows: 24 });
    const frame = await app.waitFor((text) => text.includes('never closed'), 'the cause');
    const shown = lines80(frame);
    expect(shown.every((line) => line.length <= 80)).toBe(true);
    // A sixth of the screen at most: three lines at 80x24.
    expect(shown.slice(2, 6)).toEqual([
      '! /opt/canopsis/etc/supervisord.d/amqp2engines.conf:14: [program:engine-alerts]',
      '  command: unexpected end of value: a quote opened at column 9 is never closed',
      '! ... and 2 more problems',
      '   NAME              KIND  STATE       PID     UP   REASON',
    ]);
  });

  it('the help fits: every key and its whole text, and the closing note', async () => {
    app = await renderApp(fakeSession(), { color: false, columns: 80, rows: 24 });
    await app.press('?');
    const shown = lines80(app.frame());
    expect(shown.every((line) => line.length <= 80)).toBe(true);
    expect(shown.some((line) => line.includes('…'))).toBe(false);
    expect(shown.join('\n')).toContain("the row's log (follows; Esc returns)");
    expect(shown.join(' ')).toContain('Any key closes.');
  });
});
