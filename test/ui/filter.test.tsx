/** SPEC 9: `/` filters the rows of every panel by name, counts kept; Esc clears it. */
import { afterEach, describe, expect, it } from 'vitest';
import { fakeSession } from '../support/fake-session.js';
import { KEYS, renderApp, type Rendered } from '../support/render-app.js';

let app: Rendered | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

const titles = (frame: string) =>
  frame
    .split('\n')
    .filter((line) => /^── /.test(line))
    .map((line) => line.replace(/ ─+$/, ''));
const names = (frame: string) =>
  frame
    .split('\n')
    .slice(2)
    .filter((line) => /^[› ] *[●○◔▲✖◌?!■◐]/u.test(line))
    .map((line) => line.replace(/^[› ] *\S\s+(?:[▸▾]\s+)?/u, '').split(/\s+/)[0]);

const selected = (frame: string) => frame.split('\n').find((line) => line.startsWith('›')) ?? '';

describe('the filter', () => {
  it('keeps the matching rows across panels as it is typed, groups with just their matching processes', async () => {
    const session = fakeSession();
    app = await renderApp(session, { color: false, columns: 100, rows: 40 });
    const before = titles(app.frame());
    // Typed in one read over a slow link: every key is text.
    app.stdin.write('/alerts');
    const typed = await app.waitFor((text) => text.includes('filter: alerts_'), 'the filter typed');
    expect(names(typed)).toEqual(['amqp2engines*', 'engine-alerts-0', 'engine-alerts-1']);
    // The panels keep their counts, and say how many rows match.
    expect(titles(typed).find((title) => title.includes('MIDDLEWARE'))).toMatch(
      /MIDDLEWARE {2}\d+\/\d+ up {2}· 1 shown/,
    );
    expect(titles(typed).find((title) => title.includes('BACKEND'))).toMatch(/· no match/);
    expect(titles(typed).map((title) => title.replace(/ {2}· .*$/, ''))).toEqual(before);
    await app.press(KEYS.enter);
    expect(app.frame()).toContain('filter: alerts (Esc clears)');
    await app.press(KEYS.esc);
    await app.waitFor((text) => !text.includes('filter:') && text.includes('mongodb'), 'the filter cleared');
  });

  it('Enter puts the cursor on the first process shown, not its group; Esc leaves it there', async () => {
    const session = fakeSession();
    app = await renderApp(session, { color: false, columns: 100, rows: 40 });
    app.stdin.write('/alerts');
    await app.waitFor((text) => text.includes('filter: alerts_'), 'the filter typed');
    await app.press(KEYS.enter);
    expect(selected(app.frame())).toMatch(/^›● +engine-alerts-0 /);
    await app.press('r');
    expect(app.frame()).toContain('Restart amqp2engines:engine-alerts-0? [y/N]');
    await app.press('n');
    await app.press(KEYS.esc);
    await app.waitFor((text) => !text.includes('filter:'), 'the filter cleared');
    expect(selected(app.frame())).toMatch(/^›● +engine-alerts-0 /);
    expect(app.frame()).toMatch(/▾ amqp2engines\*/);
  });

  it('takes a glob, and Backspace widens it again', async () => {
    const session = fakeSession();
    app = await renderApp(session, { color: false, columns: 100, rows: 40 });
    await app.press('/', 'm', 'o', '*');
    expect(names(app.frame())).toEqual(['mongodb']);
    await app.press('\u007F', '\u007F');
    expect(app.frame()).toContain('filter: m_');
    expect(names(app.frame())).toEqual(expect.arrayContaining(['rabbitmq-server', 'mongodb']));
    await app.press(KEYS.esc);
    expect(app.frame()).not.toContain('filter:');
  });
});
