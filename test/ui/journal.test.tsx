/** SPEC 9: other terminals' actions in the message line, and `a`, the history, newest first. */
import { afterEach, describe, expect, it } from 'vitest';
import { journalEntry, type Actor, type JournalEntry } from '../../src/core/report/journal.js';
import { fakeSession, NOW } from '../support/fake-session.js';
import { KEYS, renderApp, type Rendered } from '../support/render-app.js';

let app: Rendered | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

const BOB: Actor = { user: 'bob', origin: '10.0.0.7', command: 'service', pid: 7 };
const entry = (seconds: number, action: string, target: string, actor: Actor = BOB): JournalEntry =>
  journalEntry({ action, targets: [target], outcome: 'ok', durationMs: 1500 }, actor, NOW - seconds * 1000);
const clock = (entry: JournalEntry) => new Date(entry.time).toTimeString().slice(0, 8);
const lines = (frame: string) => frame.split('\n');

describe('the action journal in the panel', () => {
  it("says another terminal's action in the message line, and `a` lists every action newest first", async () => {
    const session = fakeSession();
    const old = [entry(300, 'stop', 'collectd'), entry(200, 'start', 'collectd')];
    session.journalReads.push({ entries: old, others: [] });
    app = await renderApp(session, { color: false });
    // The history the panel opens with is not news: only what is written while it runs is said.
    expect(app.frame()).not.toContain('bob@');
    const fresh = entry(1, 'restart', 'engine-alerts');
    session.journalReads.push({ entries: [fresh], others: [fresh] });
    const said = await app.waitFor((text) => text.includes('bob@10.0.0.7'), 'the message');
    expect(lines(said).at(-2)).toBe(`${clock(fresh)} bob@10.0.0.7: restart engine-alerts: ok`);
    await app.press('a');
    const history = await app.waitFor((text) => text.includes('── actions on this home: 3'), 'the history screen');
    expect(lines(history)[2]).toMatch(/^── actions on this home: 3 {2}newest first ─+$/);
    expect(lines(history).slice(3, 6)).toEqual([
      `${clock(fresh)} bob@10.0.0.7: restart engine-alerts: ok  (service, 1.5s)`,
      `${clock(old[1]!)} bob@10.0.0.7: start collectd: ok  (service, 1.5s)`,
      `${clock(old[0]!)} bob@10.0.0.7: stop collectd: ok  (service, 1.5s)`,
    ]);
    expect(lines(history).at(-1)).toBe('Esc panels  Home newest  w wrap  / search  n/N next');
    // What is written while it is open arrives on top.
    const newer = entry(0, 'mstop', 'amqp2engines');
    session.journalReads.push({ entries: [newer], others: [newer] });
    await app.waitFor((text) => lines(text)[3]?.includes('mstop amqp2engines') ?? false, 'the newest on top');
    await app.press('/', 's', 't', 'o', 'p', KEYS.enter);
    expect(app.frame()).toMatch(/line 1 of 4/);
    await app.press('n');
    expect(app.frame()).toMatch(/line 4 of 4/);
    await app.press(KEYS.esc);
    await app.waitFor((text) => text.includes('── BACKEND'), 'the panels');
  });
});
