/**
 * The first screen of an incident (issue 23): a failed process is seen without unfolding its group, the
 * cursor starts on it, its whole reason and last words are under the panels, `f` goes to the next failure,
 * and the columns are named and as wide as the names.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fakeSession } from '../support/fake-session.js';
import { renderApp, type Rendered } from '../support/render-app.js';

let app: Rendered | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

const lines = (frame: string) => frame.split('\n').map((line) => line.trimEnd());
const selected = (frame: string) => lines(frame).find((line) => line.startsWith('›')) ?? '';
const WHY =
  'Exited too quickly (process log may have details) after 3 tries: the engine could not reach the broker, see below';
const LAST_WORDS = [
  'Traceback (most recent call last):',
  '  File "/opt/canopsis/bin/engine-che", line 12, in <module>',
  'ConnectionRefusedError: [Errno 111] Connection refused (amqp://cpsrabbit@localhost:5672/canopsis)',
];

/** engine-che-0 (in amqp2engines) FATAL, webserver FATAL too; every other process running. */
function incident() {
  const session = fakeSession();
  session.runs({
    'amqp2engines:engine-che-0': { statename: 'FATAL', pid: 0, spawnerr: WHY },
    webserver: { statename: 'FATAL', pid: 0, spawnerr: 'Exited too quickly (process log may have details)' },
  });
  session.lastLines.set('amqp2engines:engine-che-0', LAST_WORDS.join('\n'));
  return session;
}

describe('the first screen of an incident', () => {
  it('shows the failed engine under its folded group, the cursor on it, its whole reason and last words', async () => {
    const session = incident();
    app = await renderApp(session, { color: false, columns: 80, rows: 30 });
    const frame = await app.waitFor((text) => text.includes('│ Traceback'), 'the last words');
    const shown = lines(frame);
    // The group stays folded (▸) and lists its failed process; the cursor starts there.
    const group = shown.findIndex((line) => line.includes('▸ amqp2engines*'));
    expect(shown[group]).toMatch(/^ ◑ ▸ amqp2engines\* +glob +PARTIAL +2\/3 running, 1 FATAL$/);
    expect(shown[group + 1]).toMatch(/^›✖ {3}engine-che-0 +sup +FATAL +Exited too quickly/);
    expect(shown[2]).toBe('   NAME              KIND  STATE       PID     UP   REASON');
    // Under the panels: the whole reason, wrapped, never cut, then its last lines.
    const detail = shown.slice(shown.indexOf('') + 1, -2).filter(Boolean);
    expect(detail.join(' ')).toContain(
      `amqp2engines:engine-che-0: FATAL · ${WHY.replace(' (process log may have details)', '')}`,
    );
    expect(detail.every((line) => line.length <= 80)).toBe(true);
    expect(detail.filter((line) => line.startsWith('  │ '))).toHaveLength(4);
    expect(detail.join('\n')).toContain('Connection refused (amqp://cpsrabbit@localhost:5672/canopsis)');
  });

  it('f goes to the next failure, round; r then y restarts the failed engine: two keys', async () => {
    const session = incident();
    app = await renderApp(session, { color: false, columns: 80, rows: 30 });
    await app.waitFor((text) => /›✖ +engine-che-0/.test(text), 'the cursor on the failure');
    await app.press('f');
    expect(selected(app.frame())).toMatch(/^›✖ webserver +sup +FATAL/);
    await app.press('f');
    expect(selected(app.frame())).toMatch(/^›✖ {3}engine-che-0/);
    await app.press('r', 'y');
    expect(session.requests).toMatchObject([
      {
        verb: 'restart',
        name: 'amqp2engines:engine-che-0',
        targets: [{ kind: 'process', name: 'amqp2engines:engine-che-0', group: 'amqp2engines', node: 'local' }],
      },
    ]);
  });

  it('f with nothing failed says so', async () => {
    app = await renderApp(fakeSession(), { color: false });
    await app.press('f');
    expect(lines(app.frame()).at(-2)).toBe('No process has failed');
  });
});
