/** SPEC 9: `l` opens the selected row's log, following; keys of its own; Esc returns to the same row. */
import { afterEach, describe, expect, it } from 'vitest';
import { fakeSession } from '../support/fake-session.js';
import { KEYS, renderApp, type Rendered } from '../support/render-app.js';

let app: Rendered | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

const lines = (frame: string) => frame.split('\n');

describe('the log screen', () => {
  it('shows the last lines under the header, follows new ones, and Esc returns to the same row', async () => {
    const session = fakeSession();
    session.logLines = Array.from({ length: 50 }, (_, i) => `line ${i + 1}`);
    app = await renderApp(session, { color: false });
    await app.press(KEYS.down, 'l');
    const frame = await app.waitFor((text) => text.includes('── log: mongodb'), 'the log screen');
    expect(lines(frame)[2]).toMatch(/^── log: mongodb {2}stdout\+stderr {2}following ─+$/);
    expect(lines(frame)[3]).toBe('line 34');
    expect(lines(frame)[19]).toBe('line 50');
    expect(lines(frame)[22]).toBe('Esc panels  End follow  Tab streams  w wrap  / search  n/N next  s/t/r act');
    expect(session.logWatches[0]).toMatchObject({
      targets: [{ kind: 'process', name: 'mongodb' }],
      streams: ['stdout', 'stderr'],
    });
    session.logWatches[0]!.handlers.onLines(['written just now'], false);
    expect(lines(await app.waitFor((text) => text.includes('written just now'), 'the new line'))[19]).toBe(
      'written just now',
    );
    await app.press(KEYS.esc);
    const panels = await app.waitFor((text) => text.includes('── BACKEND'), 'the panels');
    expect(panels.split('\n').find((line) => line.startsWith('›'))).toMatch(/mongodb/);
    expect(session.logWatches[0]!.signal.aborted).toBe(true);
  });

  it('scrolls back (no longer following), finds with / and n, and End follows again', async () => {
    const session = fakeSession();
    session.logLines = Array.from({ length: 50 }, (_, i) => (i === 9 ? 'ERROR boom' : `line ${i + 1}`));
    app = await renderApp(session, { color: false });
    await app.press('l');
    await app.waitFor((text) => text.includes('following'), 'the log screen');
    await app.press(KEYS.pageUp);
    expect(app.frame()).toMatch(/line 17 of 50 \(End follows\)/);
    await app.press('/', 'b', 'o', 'o', 'm');
    expect(lines(app.frame()).at(-3)).toBe('/boom');
    await app.press(KEYS.enter);
    const found = app.frame();
    expect(found).toMatch(/line 10 of 50/);
    expect(lines(found)[3]).toBe('ERROR boom');
    await app.press(KEYS.end);
    expect(app.frame()).toMatch(/following/);
  });

  it('Tab reads the streams one by one; s acts on the logged row, its question answered in place', async () => {
    const session = fakeSession();
    app = await renderApp(session, { color: false });
    await app.press('l');
    await app.waitFor((text) => text.includes('── log: rabbitmq-server'), 'the log screen');
    await app.press(KEYS.tab);
    await app.waitFor((text) => text.includes('rabbitmq-server  stdout '), 'stdout alone');
    expect(session.logWatches.map((watch) => watch.streams)).toEqual([['stdout', 'stderr'], ['stdout']]);
    await app.press('r');
    expect(lines(app.frame()).at(-2)).toBe('Restart rabbitmq-server? [y/N]');
    await app.press('y');
    expect(session.requests).toMatchObject([{ scope: 'row', verb: 'restart', name: 'rabbitmq-server' }]);
    expect(app.frame()).toContain('── log: rabbitmq-server');
  });
});
