/**
 * Issue 24, a bad SSH link: what the panel writes to its terminal (tmux pipe-pane counts every byte), at
 * 120x40, against a real supervisord with 60 engines. One row changing state and one `j` cost a few hundred
 * bytes at most, not a frame; a list scrolled line by line is moved by the terminal; what is shown is right.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destroyHome, makeHome, REPO, startSupervisord, writeSupervisordConf, type TestHome } from '../support/home.js';
import { openTerminal, type Terminal } from '../support/tmux.js';
import { execa } from 'execa';

let home: TestHome;
let term: Terminal;
const NAMES = Array.from({ length: 60 }, (_, index) => `engine-${String(index).padStart(2, '0')}`);
const selected = (screen: string) => /^›\S +(\S+)/m.exec(screen)?.[1];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Bytes written from `act` until the terminal has been quiet for 700 ms (a poll is 500 ms). */
async function bytesOf(act: () => Promise<unknown>): Promise<number> {
  const before = term.bytesWritten();
  await act();
  let last = -1;
  while (term.bytesWritten() !== last) {
    last = term.bytesWritten();
    await sleep(700);
  }
  return term.bytesWritten() - before;
}

beforeAll(async () => {
  home = makeHome({ bundled: false });
  const programs = NAMES.map((name) =>
    [`[program:${name}]`, 'command=sleep 100000', 'autostart=true', 'startsecs=0', 'stopwaitsecs=2', ''].join('\n'),
  );
  writeSupervisordConf(home, programs);
  home.write('etc/hypcontrol.conf', `BACKEND=()\nMIDDLEWARE=(${NAMES.join(' ')})\nFRONTEND=()\n`);
  await startSupervisord(home);
  const command = `${path.join(REPO, 'bin/canopsis-tui')} --home ${home.home} --interval 0.5`;
  term = await openTerminal(command, { columns: 120, rows: 40, env: { CI: '0', TERM: 'xterm-256color' } });
  await term.waitFor((s) => /MIDDLEWARE +60\/60 up/.test(s), 'every engine running', 30_000);
}, 60_000);
afterAll(async () => {
  await term.close();
  await destroyHome(home);
});

describe('bytes on a slow link', () => {
  it('one j: the two rows whose selection changed, under 200 bytes', async () => {
    expect(await bytesOf(() => sleep(0))).toBe(0);
    const from = selected(await term.screen());
    const bytes = await bytesOf(() => term.keys('j'));
    const screen = await term.screen();
    expect(selected(screen)).not.toBe(from);
    console.log(`issue 24: one j wrote ${bytes} B`);
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThanOrEqual(200);
  });

  it('one row changing state: under 300 bytes, and the screen shows it', async () => {
    const bytes = await bytesOf(async () => {
      await execa('supervisorctl', ['-c', path.join(home.home, 'etc/supervisord.conf'), 'stop', 'engine-05']);
      await term.waitFor((s) => /engine-05 +sup +STOPPED/.test(s) && /59\/60 up/.test(s), 'engine-05 stopped');
    });
    console.log(`issue 24: one row changing state wrote ${bytes} B`);
    expect(bytes).toBeLessThanOrEqual(300);
  });

  it('45 moves down, past the bottom: the list scrolls, the screen as a fresh one would show it', async () => {
    const start = NAMES.indexOf(selected(await term.screen())!);
    const bytes = await bytesOf(async () => {
      for (let i = 0; i < 45; i += 1) await term.keys('j');
    });
    const screen = await term.screen();
    console.log(`issue 24: 45 moves wrote ${bytes} B`);
    expect(selected(screen)).toBe(NAMES[start + 45]);
    expect(screen).toMatch(/↑ \d+ above/);
    expect(bytes).toBeLessThanOrEqual(45 * 200);
    // What the terminal shows is what a redraw from nothing shows (a resize draws the frame whole).
    // (No line on it is 120 wide: one column less changes nothing but makes the panel draw it all again.)
    expect(await bytesOf(() => term.resize(119, 40))).toBeGreaterThan(1500);
    expect(await term.screen()).toBe(screen);
  });
});
