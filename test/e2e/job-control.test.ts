/**
 * Ctrl-Z and `fg` in a real shell with job control (bash -i in tmux): the panel gives the terminal back,
 * then comes back in raw mode on the alternate screen, redrawn; SIGTSTP from outside does the same.
 */
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, destroyHome, makeHome, signalPid, type TestHome } from '../support/home.js';
import { openTerminal, type Terminal } from '../support/tmux.js';

let home: TestHome;
let term: Terminal;

/** The panel's pid: the canopsis-tui process under the shell. */
async function panelPid(): Promise<number> {
  const found = await execa('pgrep', ['-f', `canopsis-tui --home ${home.home}`], { reject: false });
  return Number(String(found.stdout).trim().split('\n')[0]);
}

/** Waits until the terminal is (or is not) on the alternate screen. */
async function alternate(on: boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await term.format('#{alternate_on}')) !== (on ? '1' : '0')) {
    if (Date.now() > deadline)
      throw new Error(`alternate screen never turned ${on ? 'on' : 'off'}; screen:\n${await term.screen()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  home = makeHome();
  term = await openTerminal('bash --norc --noprofile -i', {
    columns: 100,
    rows: 30,
    env: { CI: '0', PS1: 'shell$ ', TERM: 'xterm-256color' },
  });
  await term.waitFor((s) => s.includes('shell$'), 'the shell');
  await term.type(`${path.join(REPO, 'bin/canopsis-tui')} --home ${home.home}\n`);
  await term.waitFor((s) => s.includes('── BACKEND') && /^›/m.test(s), 'the panel');
});
afterAll(async () => {
  await term.close();
  await destroyHome(home);
});

describe('job control', () => {
  it('Ctrl-Z gives the shell back with the terminal restored', async () => {
    await term.keys('C-z');
    await alternate(false);
    const shell = await term.waitFor((s) => /Stopped/.test(s) && /^shell\$\s*$/m.test(s), 'the shell prompt');
    expect(shell).not.toContain('── BACKEND');
  });

  it('fg resumes on the alternate screen, redrawn, keys handled in raw mode (not echoed)', async () => {
    await term.type('fg\n');
    await alternate(true);
    const back = await term.waitFor(
      (s) => s.includes('── BACKEND') && /Resumed at \d\d:\d\d:\d\d/.test(s),
      'the panel redrawn',
    );
    expect(await term.format('#{alternate_on}')).toBe('1');
    expect(back).toMatch(/^›. rabbitmq-server/m);
    await term.type('j');
    await term.waitFor((s) => /^›. mongodb/m.test(s), 'j handled');
    expect(await term.screen()).not.toMatch(/^j$/m);
  });

  it('SIGTSTP from outside takes the same path, and q still quits after fg', async () => {
    signalPid(await panelPid(), 'SIGTSTP');
    await alternate(false);
    await term.waitFor((s) => /Stopped/.test(s) && /^shell\$\s*$/m.test(s), 'the shell again');
    await term.type('fg\n');
    await alternate(true);
    // Redrawn even though the frame is the one it drew before the stop (same second, same message).
    await term.waitFor((s) => s.includes('── BACKEND') && /^›. mongodb/m.test(s), 'the panel again');
    const pid = await panelPid();
    await term.type('q');
    // A job resumed with fg runs alone (bash drops the rest of its command list): watch the process.
    await alternate(false);
    const alive = async () => (await execa('kill', ['-0', String(pid)], { reject: false })).exitCode === 0;
    for (let tries = 0; tries < 200 && (await alive()); tries += 1)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await alive()).toBe(false);
    expect(await term.screen()).not.toContain('── BACKEND');
  });
});
