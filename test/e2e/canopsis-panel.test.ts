/**
 * canopsis-tui in a real terminal (tmux) on a Canopsis 2.x-style home, run as the Canopsis account (HOME
 * set, no --home), against a real supervisord: every stage with the right pids, then files that break
 * the reading (a FIFO, a symbolic link loop, ~/etc moved away) while the panel stays usable and recovers.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canopsisEnv,
  clientFor,
  destroyHome,
  makeCanopsisHome,
  REPO,
  runAsAccount,
  type TestHome,
} from '../support/home.js';
import { openTerminal, type Terminal } from '../support/tmux.js';

let home: TestHome;
let term: Terminal;
const engines = () => path.join(home.etc, 'engines');

/** Waits until the problem lines no longer mention `what`, and says how long that took. */
async function recovers(what: string): Promise<number> {
  const started = Date.now();
  await term.waitFor(
    (s) => !s.includes(what) && /supervisord: running/.test(s),
    `the panel to recover from ${what}`,
    10_000,
  );
  return Date.now() - started;
}

beforeAll(async () => {
  home = makeCanopsisHome();
  expect((await runAsAccount('hypcontrol', ['start'], home)).exitCode).toBe(0);
  term = await openTerminal(`${path.join(REPO, 'bin/canopsis-tui')} --interval 0.5`, {
    columns: 120,
    rows: 36,
    env: { ...canopsisEnv(home), CI: '0', TERM: 'xterm-256color' },
  });
});
afterAll(async () => {
  await term.close();
  await destroyHome(home);
});

describe('canopsis-tui on a Canopsis 2.x home', () => {
  it('shows every stage with the pids supervisord reports', async () => {
    const all = await clientFor(home).getAllProcessInfo();
    const pid = (name: string) => all.find((p) => p.name === name)!.pid;
    const rows = ['rabbitmq-server', 'mongodb', 'collectd', 'webserver'].map(
      (name) => new RegExp(`${name} +sup +RUNNING +${pid(name)} `),
    );
    const screen = await term.waitFor(
      (s) => rows.every((row) => row.test(s)) && /amqp2engines +group +RUNNING +6\/6 running/.test(s),
      'every stage up',
    );
    expect(screen).toMatch(/── BACKEND +2\/2 up/);
    expect(screen).toMatch(/── MIDDLEWARE +4\/4 up/);
    expect(screen).toMatch(/── FRONTEND +1\/1 up/);
    expect(screen).toMatch(/supervisord: running, pid \d+/);
  });

  it('keys that arrive together are each handled, in order (send-keys -l)', async () => {
    await term.type('jjj');
    await term.waitFor((s) => /^›. ▸ amqp2engines /m.test(s), 'three rows down after jjj');
    await term.type('kk');
    await term.waitFor((s) => /^›. mongodb /m.test(s), 'mongodb selected after kk');
  });

  it('a FIFO matched by an include is named, the keys still work, and the panel recovers once it is gone', async () => {
    const fifo = path.join(engines(), 'zz-fifo.ini');
    fs.mkdirSync(engines(), { recursive: true });
    execFileSync('mkfifo', [fifo]);
    await term.waitFor((s) => s.includes('zz-fifo.ini: a FIFO, not a regular file'), 'the FIFO named');
    await term.keys('?');
    await term.waitFor((s) => s.includes('q      quit'), 'the help');
    await term.keys('x');
    await term.waitFor((s) => s.includes('── BACKEND'), 'the panels again');
    fs.rmSync(fifo);
    expect(await recovers('zz-fifo.ini')).toBeLessThan(2500);
  });

  it('a symbolic link loop is named at its path, and removing it is seen within a second or so', async () => {
    fs.symlinkSync('loop-b.ini', path.join(engines(), 'loop-a.ini'));
    fs.symlinkSync('loop-a.ini', path.join(engines(), 'loop-b.ini'));
    await term.waitFor((s) => s.includes('loop-a.ini: symbolic link loop'), 'the loop named');
    fs.rmSync(path.join(engines(), 'loop-a.ini'));
    fs.rmSync(path.join(engines(), 'loop-b.ini'));
    expect(await recovers('symbolic link loop')).toBeLessThan(2500);
  });

  it('~/etc moved away keeps the last good view, and moving it back recovers by itself', async () => {
    fs.renameSync(home.etc, `${home.etc}.away`);
    await term.waitFor((s) => s.includes('supervisord.conf: file not found'), 'the missing file named');
    fs.renameSync(`${home.etc}.away`, home.etc);
    expect(await recovers('file not found')).toBeLessThan(2500);
    expect(await term.screen()).toMatch(/webserver +sup +RUNNING/);
  });

  it('a broken supervisord.conf is named at FILE:LINE while the rows stay live, and its repair is seen', async () => {
    const good = fs.readFileSync(home.conf, 'utf8');
    fs.writeFileSync(home.conf, good.replace('chmod=0700', 'chmod=0700\noops'));
    const broken = await term.waitFor(
      (s) => s.includes('supervisord.conf:6: cannot parse line: "oops"'),
      'the broken line named',
    );
    expect(broken).toMatch(/webserver +sup +RUNNING +\d+ /);
    expect(broken).toMatch(/supervisord: running, pid \d+/);
    fs.writeFileSync(home.conf, good);
    expect(await recovers('cannot parse line')).toBeLessThan(2500);
  });

  it('q quits even while a FIFO sits in an include', async () => {
    execFileSync('mkfifo', [path.join(engines(), 'zz-fifo.ini')]);
    await term.waitFor((s) => s.includes('zz-fifo.ini: a FIFO'), 'the FIFO named');
    await term.keys('q');
    await term.waitFor((s) => s.includes('EXIT=0'), 'the shell');
    expect(await term.format('#{alternate_on}')).toBe('0');
  });
});
