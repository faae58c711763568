/** Keys that arrive together in one read (over SSH they do): each is one press, in order (issue 10). */
import { afterEach, describe, expect, it } from 'vitest';
import { fakeSession } from '../support/fake-session.js';
import { renderApp, type Rendered } from '../support/render-app.js';

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

  it('Esc then y in one read (Alt-y) at a y/N question does not confirm', async () => {
    const session = fakeSession();
    app = await renderApp(session);
    await app.press('t');
    expect(messageLine(app.frame())).toBe('Stop rabbitmq-server? [y/N]');
    await app.press('\u001By');
    expect(messageLine(app.frame())).toBe('Cancelled');
    expect(session.requests).toEqual([]);
  });
});
