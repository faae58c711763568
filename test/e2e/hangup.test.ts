/**
 * SPEC 11, a dropped link: the terminal of a `hypcontrol restart`, then of a panel's `h` restart, goes away
 * while an initscript's stop is halfway. The restart completes, the script's stop is not killed, the
 * journal says how it ended; then the process ends. A run killed with -9 is named by the next one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  clientFor,
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
let term: Terminal | undefined;

/** An initscript whose stop kills its daemon, then takes 2 s to clean its pid file (killed midway: "dead but pid file exists"). */
function slowInitscript(home: TestHome): void {
  const pidfile = `${home.home}/var/run/slowdb.pid`;
  home.write(
    'etc/init.d/slowdb',
    [
      '#!/bin/sh',
      `PIDFILE=${pidfile}`,
      'alive() { [ -f $PIDFILE ] && kill -0 "$(cat $PIDFILE)" 2>/dev/null; }',
      'case "$1" in',
      `  start) alive && exit 0; setsid ${home.home}/bin/lingerer </dev/null >/dev/null 2>&1 & echo $! > $PIDFILE; exit 0 ;;`,
      '  stop) [ -f $PIDFILE ] || exit 0; kill "$(cat $PIDFILE)" 2>/dev/null; sleep 2; rm -f $PIDFILE; exit 0 ;;',
      '  status) alive && { echo "slowdb is running"; exit 0; }; [ -f $PIDFILE ] && { echo "slowdb is dead but its pid file exists"; exit 1; }; exit 3 ;;',
      '  restart) "$0" stop; "$0" start ;;',
      '  *) exit 2 ;;',
      'esac',
      '',
    ].join('\n'),
    0o755,
  );
}

beforeEach(async () => {
  home = makeHome({ bundled: false });
  writeLeaver(home);
  slowInitscript(home);
  writeSupervisordConf(home, ['[program:web]', 'command=sleep 300', 'autostart=false', 'startsecs=0']);
  home.write('etc/hypcontrol.conf', 'BACKEND=(slowdb)\nMIDDLEWARE=()\nFRONTEND=(web)\n');
  await startSupervisord(home);
  expect((await runBin('hypcontrol', ['start'], home)).exitCode).toBe(0);
});

afterEach(async () => {
  await term?.close();
  term = undefined;
  await destroyHome(home);
});

const journal = () =>
  fs
    .readFileSync(path.join(home.home, 'var/log/canopsis-tui/actions.log'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

async function gone(pid: number, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (processRuns(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  return !processRuns(pid);
}

/** The node process the pane's shell runs. */
async function programPid(terminal: Terminal): Promise<number> {
  const shell = await terminal.format('#{pane_pid}');
  return Number(
    String((await execa('pgrep', ['-P', shell, '-x', 'node'], { reject: false })).stdout)
      .trim()
      .split('\n')[0],
  );
}

async function platformIsUp() {
  const web = await clientFor(home).getProcessInfo('web');
  const status = await execa(path.join(home.etc, 'init.d/slowdb'), ['status'], { reject: false });
  return { web: web.statename, slowdb: String(status.stdout), code: status.exitCode };
}

describe('the link drops mid-restart', () => {
  it('hypcontrol restart completes, journals ok, then ends; the initscript’s stop is not killed', async () => {
    const before = await clientFor(home).getProcessInfo('web');
    term = await openTerminal(`${path.join(REPO, 'bin/hypcontrol')} --home ${home.home} restart`, {
      columns: 100,
      rows: 30,
      env: { CI: '0' },
    });
    await term.waitFor((s) => s.includes('Stopping backend'), 'the backend stop', 10_000);
    const pid = await programPid(term);
    await term.close();
    term = undefined;
    expect(await gone(pid)).toBe(true);
    expect(await platformIsUp()).toEqual({ web: 'RUNNING', slowdb: 'slowdb is running', code: 0 });
    expect((await clientFor(home).getProcessInfo('web')).pid).not.toBe(before.pid);
    expect(journal().at(-1)).toMatchObject({ action: 'platform restart', outcome: 'ok', command: 'hypcontrol', pid });
  }, 60_000);

  it('the panel’s h restart completes, journals ok, then the panel ends', async () => {
    term = await openTerminal(`${path.join(REPO, 'bin/canopsis-tui')} --home ${home.home}`, {
      columns: 100,
      rows: 30,
      env: { CI: '0' },
    });
    await term.waitFor((s) => /web +sup +RUNNING/.test(s), 'the panel');
    await term.keys('h');
    await term.waitFor((s) => s.includes('Whole platform (hypcontrol)'), 'the platform menu');
    // One key at a time, each seen on the screen: the menu is not what this test is about.
    await term.keys('Down');
    await term.waitFor((s) => /❯ Stop the platform/.test(s), 'Stop highlighted');
    await term.keys('Down');
    await term.waitFor((s) => /❯ Restart the platform/.test(s), 'Restart highlighted');
    await term.keys('Enter');
    await term.waitFor((s) => s.includes('[y/N]'), 'the question');
    await term.keys('y');
    await term.waitFor((s) => /slowdb +lsb +stopping/.test(s), 'the backend stop', 10_000);
    const pid = await programPid(term);
    await term.close();
    term = undefined;
    expect(await gone(pid)).toBe(true);
    expect(await platformIsUp()).toEqual({ web: 'RUNNING', slowdb: 'slowdb is running', code: 0 });
    expect(journal().at(-1)).toMatchObject({ action: 'platform restart', outcome: 'ok', command: 'canopsis-tui', pid });
  }, 60_000);

  it('a run killed with -9 is named by the next one, and journaled interrupted', async () => {
    const run = execa(path.join(REPO, 'bin/hypcontrol'), ['--home', home.home, 'restart'], {
      reject: false,
      stdin: 'ignore',
      env: { CANOPSIS_HOME: '' },
    });
    const lock = path.join(home.home, 'var/run/canopsis-tui-platform.lock');
    while (!fs.existsSync(lock)) await new Promise((resolve) => setTimeout(resolve, 20));
    signalPid(run.pid!, 'SIGKILL');
    await run;
    const start = await runBin('hypcontrol', ['start'], home);
    expect(start.stderr).toMatch(
      new RegExp(
        `^hypcontrol: the platform restart \\(pid ${run.pid}, since \\d\\d:\\d\\d:\\d\\d, by \\S+ from .+\\) died before it ended; taken over by this start: check the platform's state$`,
        'm',
      ),
    );
    expect(start.exitCode).toBe(0);
    const entries = journal();
    const dead = entries.find((entry) => entry.outcome === 'interrupted')!;
    expect(dead).toMatchObject({ action: 'platform restart', command: 'hypcontrol' });
    expect(String(dead.reason)).toContain(`the platform restart (pid ${run.pid}`);
    expect(entries.indexOf(dead)).toBe(entries.length - 2);
    expect(await platformIsUp()).toEqual({ web: 'RUNNING', slowdb: 'slowdb is running', code: 0 });
  }, 60_000);

  it('while a platform run holds the home, a service action refuses, naming the run and who runs it', async () => {
    const stop = execa(path.join(REPO, 'bin/hypcontrol'), ['--home', home.home, 'stop'], {
      reject: false,
      stdin: 'ignore',
      env: { CANOPSIS_HOME: '' },
    });
    const lock = path.join(home.home, 'var/run/canopsis-tui-platform.lock');
    while (!fs.existsSync(lock)) await new Promise((resolve) => setTimeout(resolve, 20));
    const restart = await runBin('service', ['web', 'restart'], home);
    expect(restart.exitCode).toBe(1);
    expect(restart.stdout).toMatch(
      new RegExp(
        `^web: ERROR \\(refused: a platform stop \\(pid ${stop.pid}, since \\d\\d:\\d\\d:\\d\\d, by \\S+ from .+\\) is running; wait for it to end\\)$`,
      ),
    );
    expect((await stop).exitCode).toBe(0);
    expect(
      (
        await clientFor(home)
          .getState()
          .catch(() => ({ statename: 'down' }))
      ).statename,
    ).toBe('down');
    await startSupervisord(home);
    expect((await clientFor(home).getProcessInfo('web')).statename).toBe('STOPPED');
  }, 60_000);
});
