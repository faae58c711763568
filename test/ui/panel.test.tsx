import { afterEach, describe, expect, it } from 'vitest';
import { fakeSession } from '../support/fake-session.js';
import { KEYS, renderApp, type Rendered } from '../support/render-app.js';

let app: Rendered | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

const selectedLine = (frame: string) => frame.split('\n').find((line) => line.startsWith('›')) ?? '';

describe('the panel at 80x24', () => {
  it('draws the header, every stage in order, OTHER, the footer', async () => {
    app = await renderApp(fakeSession());
    const frame = await app.waitFor((text) => /redis-server +lsb +RUNNING/.test(text));
    expect(frame).toBe(
      [
        'canopsis-tui  host1  /opt/canopsis',
        'supervisord: running, pid 42, up 3h',
        '   NAME              KIND  STATE       PID     UP   REASON',
        '── BACKEND  3/3 up ─────────────────────────────────────────────────────────────',
        '›● rabbitmq-server   sup   RUNNING     107     2h',
        ' ● mongodb           sup   RUNNING     106     2h',
        ' ● redis-server      lsb   RUNNING',
        '── MIDDLEWARE  2/2 up ──────────────────────────────────────────────────────────',
        ' ● collectd          sup   RUNNING     104     2h',
        ' ● ▸ amqp2engines*   glob  RUNNING     3/3 running',
        '── FRONTEND  1/1 up ────────────────────────────────────────────────────────────',
        ' ● webserver         sup   RUNNING     108     2h',
        '── OTHER  1/1 up ───────────────────────────────────────────────────────────────',
        ' ● logger            sup   RUNNING     105     2h',
        ...Array(8).fill(''),
        'Enter menu  s start  t stop  r restart  l log  h platform  ? help  q quit',
      ].join('\n'),
    );
  });

  it('moves with arrows, j/k, Home/End and Tab between panels', async () => {
    app = await renderApp(fakeSession());
    await app.press(KEYS.down, 'j');
    expect(selectedLine(app.frame())).toContain('redis-server');
    await app.press('k');
    expect(selectedLine(app.frame())).toContain('mongodb');
    await app.press(KEYS.tab);
    expect(selectedLine(app.frame())).toContain('collectd');
    await app.press(KEYS.tab, KEYS.tab);
    expect(selectedLine(app.frame())).toContain('logger');
    await app.press(KEYS.shiftTab);
    expect(selectedLine(app.frame())).toContain('webserver');
    await app.press(KEYS.home);
    expect(selectedLine(app.frame())).toContain('rabbitmq-server');
    await app.press(KEYS.end);
    expect(selectedLine(app.frame())).toContain('logger');
  });

  it('expands a pattern into its processes with Enter, and folds it with Left', async () => {
    app = await renderApp(fakeSession());
    await app.press(KEYS.down, KEYS.down, KEYS.down, KEYS.down, KEYS.enter);
    const open = await app.waitFor((text) => text.includes('▾ amqp2engines*'));
    expect(
      open.split('\n').filter((line) => /^ ● {3}engine-(alerts-[01]|che-0) +sup +RUNNING/.test(line)),
    ).toHaveLength(3);
    await app.press(KEYS.down, KEYS.left);
    const closed = await app.waitFor((text) => text.includes('▸ amqp2engines*'));
    expect(selectedLine(closed)).toContain('amqp2engines*');
    expect(closed).not.toMatch(/engine-alerts-0/);
  });
});
