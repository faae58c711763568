/**
 * SPEC 9 in real terminals against a real supervisord: another terminal's action shows in the panel within
 * a second, `service --history --json` lists both with who and from where, `/` filters, and the bash
 * completion completes `service amqp2<Tab>` in a real bash.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destroyHome, makeHome, REPO, runBin, startSupervisord, type TestHome } from '../support/home.js';
import { completionShell, openTerminal, type Terminal } from '../support/tmux.js';

let home: TestHome;
let panel: Terminal;
const selected = (screen: string) => screen.split('\n').find((line) => line.startsWith('›')) ?? '';

beforeAll(async () => {
  home = makeHome();
  await startSupervisord(home);
  panel = await openTerminal(`${path.join(REPO, 'bin/canopsis-tui')} --home ${home.home} --interval 0.5`, {
    columns: 120,
    rows: 32,
    env: { CI: '0', TERM: 'xterm-256color' },
  });
  await panel.waitFor((s) => s.includes('MIDDLEWARE') && s.includes('supervisord: running'), 'the panel');
});
afterAll(async () => {
  await panel.close();
  await destroyHome(home);
});

describe('who did what, across terminals', () => {
  it("shows a service command's action in the open panel within a second", async () => {
    const run = await runBin('service', ['collectd', 'start'], home, { SSH_CLIENT: '10.0.0.7 51234 22' });
    expect(run.exitCode).toBe(0);
    const ended = Date.now();
    await panel.waitFor(
      (s) => /\d\d:\d\d:\d\d \S+@10\.0\.0\.7: start collectd: ok/.test(s),
      'the other terminal’s action',
      5_000,
    );
    const seenAfterMs = Date.now() - ended;
    expect(seenAfterMs).toBeLessThan(1_000);
    // The row follows at the next poll of supervisord (the journal and supervisord are read on their own clocks).
    await panel.waitFor((s) => /collectd +sup +RUNNING/.test(s), 'the row RUNNING', 3_000);
  });

  it('/ filters in the panel; an action there is journaled too, and --history --json lists both with user and origin', async () => {
    await panel.type('/collect');
    await panel.waitFor((s) => s.includes('filter: collect_'), 'the filter typed');
    await panel.keys('Enter');
    const filtered = await panel.waitFor(
      (s) => s.includes('filter: collect (Esc clears)') && selected(s).includes('collectd'),
      'the filtered rows',
    );
    expect(filtered).not.toMatch(/mongodb|webserver|rabbitmq/);
    expect(filtered).toMatch(/MIDDLEWARE +\d+\/\d+ up +· 1 shown/);
    await panel.keys('t');
    await panel.waitFor((s) => s.includes('Stop collectd? [y/N]'), 'the question');
    await panel.keys('y');
    await panel.waitFor((s) => /collectd: stopped/.test(s), 'the stop');
    await panel.keys('Escape');
    await panel.waitFor((s) => !s.includes('filter:') && s.includes('mongodb'), 'the filter cleared');

    const history = await runBin('service', ['--history', '--json'], home);
    expect(history.exitCode).toBe(0);
    const entries = JSON.parse(history.stdout).history as Array<Record<string, unknown>>;
    expect(entries.map(({ command, action, targets, outcome }) => ({ command, action, targets, outcome }))).toEqual([
      { command: 'service', action: 'start', targets: ['collectd'], outcome: 'ok' },
      { command: 'canopsis-tui', action: 'stop', targets: ['collectd'], outcome: 'ok' },
    ]);
    expect(entries[0]).toMatchObject({ origin: '10.0.0.7' });
    expect(entries[1]!.origin).toMatch(/^\/dev\/pts\/\d+$/);
    for (const entry of entries) expect(entry.user).toEqual(expect.any(String));
    // `a` shows the same history in the panel, newest first.
    await panel.keys('a');
    const shown = await panel.waitFor((s) => s.includes('── actions on this home: 2'), 'the history screen');
    const lines = shown.split('\n');
    const top = lines.findIndex((line) => line.startsWith('── actions'));
    expect(lines[top + 1]).toMatch(/@\/dev\/pts\/\d+: stop collectd: ok {2}\(canopsis-tui, \d+\.\ds\)/);
    expect(lines[top + 2]).toMatch(/@10\.0\.0\.7: start collectd: ok {2}\(service, \d+\.\ds\)/);
    await panel.keys('Escape');
    await panel.waitFor((s) => s.includes('── BACKEND'), 'the panels');
  });
});

describe('bash completion', () => {
  it('completes service amqp2<Tab> in a real bash, a namespec past its colon, then the actions', async () => {
    const bash = await completionShell(home.home, REPO);
    try {
      await bash.type('service amqp2');
      await bash.keys('Tab');
      await bash.waitFor((s) => /^\$ service amqp2engines$/m.test(s), 'the group completed');
      await bash.type(':engine-ale');
      await bash.keys('Tab');
      await bash.waitFor(
        (s) => /^\$ service amqp2engines:engine-alerts-$/m.test(s),
        'the process completed past the colon',
      );
      await bash.type('0 mr');
      await bash.keys('Tab');
      await bash.waitFor(
        (s) => /^\$ service amqp2engines:engine-alerts-0 mrestart ?$/m.test(s),
        'the action completed',
      );
    } finally {
      await bash.close();
    }
  });
});
