/** Keys that arrive together in one read (over SSH they do): each is one press, in order (issue 10). */
import { afterEach, describe, expect, it } from 'vitest';
import { fakeSession } from '../support/fake-session.js';
import { KEYS, renderApp, type Rendered } from '../support/render-app.js';

let app: Rendered | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

const selected = (frame: string) => frame.split('\n').find((line) => line.startsWith('›')) ?? '';
const messageLine = (frame: string) => frame.split('\n').at(-2) ?? '';

describe('keys arriving together', () => {
  it('jjj in one read moves three rows, as three presses do', async () => {
    app = await renderApp(fakeSession());
    expect(selected(app.frame())).toMatch(/rabbitmq-server/);
    await app.press('jjj');
    expect(selected(app.frame())).toMatch(/collectd/);
    await app.press('kk');
    expect(selected(app.frame())).toMatch(/mongodb/);
  });

  it('ty in one read asks, then confirms: the stop runs', async () => {
    const session = fakeSession();
    app = await renderApp(session);
    await app.press('ty');
    expect(session.requests).toMatchObject([{ scope: 'row', verb: 'stop', name: 'rabbitmq-server' }]);
  });

  it('keys after one that opens a menu go to that menu, in the same read', async () => {
    // h, then two downs and Enter, all in one read: the platform menu's Restart, asked.
    const session = fakeSession();
    app = await renderApp(session);
    await app.press('hjj\r');
    expect(messageLine(app.frame())).toBe('Restart the whole platform (hypcontrol restart)? [y/N]');
    await app.press('y');
    expect(session.requests).toEqual([{ scope: 'platform', verb: 'restart' }]);
  });

  it("Enter then j and Enter in one read choose the row menu's item below the one it opened on", async () => {
    // The menu of a running row opens on Restart; j moves to Log, Enter opens the log.
    const session = fakeSession();
    app = await renderApp(session);
    await app.press('\rj\r');
    await app.waitFor((text) => session.logWatches.length === 1 && text.includes('rabbitmq-server'), 'the log');
    expect(session.logWatches[0]!.targets).toEqual([
      { kind: 'process', name: 'rabbitmq-server', group: 'rabbitmq-server', node: 'local' },
    ]);
  });

  it('a menu item is chosen by its own key; a stopped row opens its menu on Start', async () => {
    const session = fakeSession();
    session.runs({ 'rabbitmq-server': { statename: 'STOPPED', pid: 0, start: 1 } });
    app = await renderApp(session);
    await app.waitFor((text) => /STOPPED/.test(text), 'the stopped row');
    await app.press('\r');
    expect(app.frame()).toContain('❯ Start  s');
    await app.press('t');
    expect(messageLine(app.frame())).toBe('Stop rabbitmq-server? [y/N]');
  });

  it('Esc then / in one read: the help closes, then the filter opens and takes what follows', async () => {
    const session = fakeSession();
    app = await renderApp(session, { columns: 100, rows: 40 });
    await app.press('?');
    expect(app.frame()).toContain('Any key closes.');
    // Ink hands useInput this read as "/" alone: the Esc is a press of its own all the same.
    await app.press('\u001B/alerts');
    const typed = await app.waitFor((text) => text.includes('filter: alerts_'), 'the filter typed');
    expect(typed).not.toContain('Any key closes.');
    expect(session.requests).toEqual([]);
  });

  it('Esc then y in one read (Alt-y) at a y/N question does not confirm', async () => {
    const session = fakeSession();
    app = await renderApp(session);
    await app.press('t');
    expect(messageLine(app.frame())).toBe('Stop rabbitmq-server? [y/N]');
    await app.press('\u001By');
    expect(messageLine(app.frame())).toBe('Cancelled');
    expect(session.requests).toEqual([]);
  });

  it('l then /boom in one read: the log opens and searches for boom (its keys wait until it is up)', async () => {
    const session = fakeSession();
    session.logLines = Array.from({ length: 50 }, (_, i) => (i === 9 ? 'ERROR boom' : `line ${i + 1}`));
    app = await renderApp(session, { color: false });
    await app.press('l/boom');
    const typed = await app.waitFor((text) => text.split('\n').at(-3) === '/boom', 'the search typed on the log');
    expect(typed).toContain('── log: rabbitmq-server');
    expect(typed).not.toContain('filter:');
    await app.press('\r');
    expect(app.frame().split('\n')[3]).toBe('ERROR boom');
  });

  it('Esc then /alerts in one read on the log: back on the panels, whose filter takes alerts', async () => {
    const session = fakeSession();
    app = await renderApp(session, { columns: 100, rows: 40, color: false });
    await app.press('l');
    await app.waitFor((text) => text.includes('── log: rabbitmq-server'), 'the log screen');
    await app.press('\u001B/alerts');
    const typed = await app.waitFor((text) => text.includes('filter: alerts_'), 'the filter typed');
    expect(typed).not.toContain('── log:');
    expect(typed).not.toMatch(/^\/alerts/m);
  });

  it('a and Esc in one read: the history opens and closes again, and the panels have the keys', async () => {
    const session = fakeSession();
    app = await renderApp(session);
    expect(selected(app.frame())).toMatch(/rabbitmq-server/);
    await app.press(`a${'\u001B'}`);
    const panels = (text: string) => text.includes('── BACKEND') && !text.includes('actions on this home');
    await app.waitFor(panels, 'the panels');
    await app.press('j');
    expect(selected(app.frame())).toMatch(/mongodb/);
  });

  it('keys typed on the log while the terminal is too small are not replayed once it is large again', async () => {
    const session = fakeSession();
    app = await renderApp(session, { color: false });
    await app.press('l');
    await app.waitFor((text) => text.includes('── log: rabbitmq-server'), 'the log screen');
    const resize = (columns: number, rows: number) => {
      Object.defineProperty(app!.stdout, 'columns', { value: columns, configurable: true });
      Object.defineProperty(app!.stdout, 'rows', { value: rows, configurable: true });
      app!.stdout.emit('resize');
    };
    resize(30, 8);
    await app.waitFor((text) => text.includes('Terminal too small'), 'the size message');
    await app.press(KEYS.esc);
    resize(80, 24);
    await app.waitFor((text) => text.includes('following'), 'the log again, read');
    await app.press('j');
    expect(app.frame()).toContain('── log: rabbitmq-server');
  });
});
