/** SPEC 8 in a real terminal against a real supervisord: a not-ready row turning ready, a stop's leftovers, K. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  destroyHome,
  makeHome,
  processRuns,
  REPO,
  runBin,
  signalPid,
  startSupervisord,
  type TestHome,
  writeLeaver,
  writeSupervisordConf,
} from '../support/home.js';
import { openTerminal, type Terminal } from '../support/tmux.js';

let home: TestHome;
let term: Terminal;
const lingerers: number[] = [];
const messageLine = (screen: string) => screen.trimEnd().split('\n').at(-2) ?? '';
const rowOf = (screen: string, name: string) => screen.split('\n').find((line) => line.includes(` ${name} `)) ?? '';

beforeAll(async () => {
  home = makeHome({ bundled: false });
  writeLeaver(home);
  writeSupervisordConf(home, [
    '[program:leaver]',
    `command=${home.home}/bin/leaver`,
    'autostart=false',
    'startsecs=0',
    '[program:late]',
    `command=node ${path.join(REPO, 'etc/demo/standin.mjs')} late`,
    'autostart=false',
    'startsecs=0',
  ]);
  home.write('etc/hypcontrol.conf', 'BACKEND=(late leaver)\nMIDDLEWARE=()\nFRONTEND=()\n');
  home.write(
    'etc/canopsis-tui.ini',
    `[tui]\nlsb_interval = 0.5\n[platform]\nleftover_grace = 1\n[ready]\nlate = exec:test -f ${home.home}/var/run/late-ok\n`,
  );
  await startSupervisord(home);
  expect((await runBin('service', ['late', 'start', '--no-wait'], home)).exitCode).toBe(0);
  expect((await runBin('service', ['leaver', 'start'], home)).exitCode).toBe(0);
  term = await openTerminal(`${path.join(REPO, 'bin/canopsis-tui')} --home ${home.home} --interval 0.5`, {
    columns: 100,
    rows: 24,
    env: { CI: '0', TERM: 'xterm-256color' },
  });
});

afterAll(async () => {
  await term.close();
  for (const pid of lingerers) if (processRuns(pid)) signalPid(pid, 'SIGKILL');
  await destroyHome(home);
});

describe('the panel on SPEC 8', () => {
  it('shows a running service whose check fails as NOT READY with the reason, then RUNNING once it passes', async () => {
    const screen = await term.waitFor((s) => /◔ late +sup +NOT READY/.test(s), 'the not-ready row');
    expect(rowOf(screen, 'late')).toMatch(/NOT READY +\d+ +<1m +exec test: exit 1$/);
    expect(screen).toMatch(/── BACKEND {2}1\/2 up, 1 not ready/);
    fs.writeFileSync(path.join(home.home, 'var/run/late-ok'), '');
    const ready = await term.waitFor((s) => /● late +sup +RUNNING/.test(s), 'the row turning ready', 5000);
    expect(ready).toMatch(/── BACKEND {2}2\/2 up ─/);
  });

  it('a stop that leaves a process shows LEFTOVERS on the row; K, y kills it and the row is STOPPED', async () => {
    await term.keys('Down');
    await term.waitFor((s) => rowOf(s, 'leaver').startsWith('›'), 'leaver selected');
    await term.keys('t');
    await term.waitFor((s) => messageLine(s).includes('Stop leaver? [y/N]'), 'the question');
    await term.keys('y');
    const left = await term.waitFor((s) => /▲ leaver +sup +LEFTOVERS/.test(s), 'the leftover row', 10_000);
    expect(rowOf(left, 'leaver')).toMatch(/LEFTOVERS +still runs: lingerer \(pid \d+\)$/);
    expect(
      messageLine(await term.waitFor((s) => messageLine(s).startsWith('stop leaver:'), 'the stop message')),
    ).toMatch(/^stop leaver: stopped, but left running: lingerer \(pid \d+\) \(K kills\)/);
    const pid = Number(
      /lingerer \(pid (\d+)\)/.exec(messageLine(left))?.[1] ?? /lingerer \(pid (\d+)\)/.exec(left)?.[1],
    );
    lingerers.push(pid);
    expect(processRuns(pid)).toBe(true);
    await term.type('K');
    await term.waitFor(
      (s) => messageLine(s).includes(`Kill lingerer (pid ${pid}), left running by a stop of leaver? [y/N]`),
      'the kill question',
    );
    await term.keys('y');
    const after = await term.waitFor(
      (s) => messageLine(s).includes(`leaver: killed lingerer (pid ${pid})`),
      'the kill reported',
      10_000,
    );
    expect(rowOf(after, 'leaver')).toMatch(/○ leaver +sup +STOPPED/);
    expect(processRuns(pid)).toBe(false);
  });
});
