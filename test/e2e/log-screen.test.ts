/** SPEC 9 in a real terminal against a real supervisord: a crashing engine's reason, its log, follow, search, Esc. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destroyHome, makeHome, REPO, runBin, startSupervisord, type TestHome } from '../support/home.js';
import { openTerminal, type Terminal } from '../support/tmux.js';

let home: TestHome;
let term: Terminal;
const selected = (screen: string) => screen.split('\n').find((line) => line.startsWith('›')) ?? '';
const ENGINE = 'amqp2engines:engine-context-0';

beforeAll(async () => {
  home = makeHome();
  home.write('etc/demo/crash-engine-context-0', '');
  await startSupervisord(home);
  expect((await runBin('service', [ENGINE, 'start'], home)).exitCode).toBe(1);
  term = await openTerminal(`${path.join(REPO, 'bin/canopsis-tui')} --home ${home.home} --interval 0.5`, {
    columns: 120,
    rows: 32,
    env: { CI: '0', TERM: 'xterm-256color' },
  });
});
afterAll(async () => {
  await term.close();
  await destroyHome(home);
});

describe('the log screen end to end', () => {
  it('a crashing engine is the first thing on screen: no key, the cursor on it, its last stderr line', async () => {
    // Its group stays folded and lists it; the cursor starts on it.
    const screen = await term.waitFor(
      (s) => selected(s).includes('engine-context-0') && selected(s).includes('ConnectionRefusedError'),
      'the engine with its reason',
      15_000,
    );
    expect(selected(screen)).toMatch(/engine-context-0 +sup +(FATAL|BACKOFF|EXITED) +.*· ConnectionRefusedError/);
    expect(screen).toMatch(/▸ amqp2engines\*/);
    // Its retries, read from supervisord's main log (this panel started after them): flapping, first.
    const given = await term.waitFor(
      (s) => / FATAL +flapping · /.test(selected(s)) && selected(s).includes('ConnectionRefusedError'),
      'the flapping marker',
      20_000,
    );
    expect(selected(given)).toMatch(
      /engine-context-0 +sup +FATAL +flapping · Exited too quickly · ConnectionRefusedError/,
    );
  });

  it('l opens its log, follows a new line, / finds, Esc and / typed fast filter the panels', async () => {
    await term.keys('l');
    const log = await term.waitFor(
      (s) => s.includes(`── log: ${ENGINE}`) && s.includes('ConnectionRefusedError: [Errno 111]'),
      'the log screen',
    );
    expect(log).toMatch(/following/);
    const marker = `written-after-open-${Date.now()}`;
    const written = Date.now();
    fs.appendFileSync(path.join(home.home, 'var/log/engine-context-0.log'), `${marker}\n`);
    await term.waitFor((s) => s.includes(marker), 'the new line', 5000);
    expect(Date.now() - written).toBeLessThan(1000);
    await term.type('/Traceback');
    await term.keys('Enter');
    const found = await term.waitFor((s) => /line \d+ of \d+ \(End follows\)/.test(s), 'the search result');
    const titleAt = found.split('\n').findIndex((line) => line.startsWith('── log:'));
    expect(found.split('\n')[titleAt + 1]).toBe('Traceback (most recent call last):');
    // Esc and a filter in one write, as a fast typist over SSH sends them: the Esc leaves the log, and the
    // panels' filter takes the rest (the log screen used to keep the whole read).
    await term.type('\u001B/context');
    const filtered = (s: string) => s.includes('── MIDDLEWARE') && s.includes('filter: context_');
    const back = await term.waitFor(filtered, 'the panels, filtered');
    expect(back).not.toContain('── log:');
    expect(selected(back)).toMatch(/engine-context-0/);
  });
});
