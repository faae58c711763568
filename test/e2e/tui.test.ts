/** canopsis-tui in a real terminal (tmux) against a real supervisord on a copy of the bundled home. */
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessInfo } from '../../src/core/ports.js';
import { REPO, clientFor, destroyHome, makeHome, signalPid, type TestHome } from '../support/home.js';
import { openTerminal, type Terminal } from '../support/tmux.js';

let home: TestHome;
let term: Terminal;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const infos = (): Promise<ProcessInfo[]> => clientFor(home).getAllProcessInfo();
const pidOf = async (name: string) => (await infos()).find((p) => p.name === name)!.pid;
const messageLine = (screen: string) => screen.trimEnd().split('\n').at(-2) ?? '';

/** Bytes written over `ms` with nothing changing. */
async function idleBytes(ms: number): Promise<number> {
  const before = term.bytesWritten();
  await sleep(ms);
  return term.bytesWritten() - before;
}

/** Waits (bounded) until the terminal has had no bytes for a second: the last poll's frame is drawn. */
async function settled(): Promise<void> {
  const deadline = Date.now() + 10_000;
  let last = term.bytesWritten();
  let quietSince = Date.now();
  while (Date.now() - quietSince < 1000 && Date.now() < deadline) {
    await sleep(100);
    const now = term.bytesWritten();
    if (now !== last) [last, quietSince] = [now, Date.now()];
  }
}

beforeAll(async () => {
  home = makeHome();
  term = await openTerminal(`${path.join(REPO, 'bin/canopsis-tui')} --home ${home.home} --interval 0.5`, {
    columns: 100,
    rows: 32,
    env: { CI: '0', TERM: 'xterm-256color' },
  });
});
afterAll(async () => {
  await term.close();
  await destroyHome(home);
});

describe('canopsis-tui end to end', () => {
  it('launches full screen with the three stages, says supervisord is down, and writes nothing while idle', async () => {
    const screen = await term.waitFor(
      (s) => s.includes('FRONTEND') && s.includes('supervisord: DOWN') && /redis-server +lsb +STOPPED/.test(s),
      'the first frame',
    );
    expect(screen.indexOf('BACKEND')).toBeLessThan(screen.indexOf('MIDDLEWARE'));
    expect(screen.indexOf('MIDDLEWARE')).toBeLessThan(screen.indexOf('FRONTEND'));
    expect(await term.format('#{alternate_on}')).toBe('1');
    await settled();
    expect(await idleBytes(3000)).toBe(0);
  });

  it('h starts the platform; the stages come up in order', async () => {
    await term.keys('h');
    await term.waitFor((s) => s.includes('Whole platform'), 'the platform menu');
    await term.keys('Enter');
    await term.waitFor((s) => s.includes('Start the whole platform (hypcontrol start)? [y/N]'), 'the question');
    await term.keys('y');
    const seen: string[] = [];
    const done = await term.waitFor(
      (s) => {
        for (const stage of ['BACKEND', 'MIDDLEWARE', 'FRONTEND'])
          if (new RegExp(`── ${stage} +\\d+/\\d+ up +· ok`).test(s) && !seen.includes(stage)) seen.push(stage);
        return s.includes('hypcontrol start: done');
      },
      'the platform up',
      40_000,
    );
    expect(seen).toEqual(['BACKEND', 'MIDDLEWARE', 'FRONTEND']);
    expect(done).toMatch(/supervisord: running, pid \d+/);
    const all = await infos();
    const backend = all.filter((p) => ['rabbitmq-server', 'mongodb'].includes(p.name)).map((p) => p.start);
    const middleware = all.filter((p) => p.group === 'amqp2engines' || p.name === 'collectd').map((p) => p.start);
    expect(Math.min(...middleware)).toBeGreaterThanOrEqual(Math.max(...backend) + 1);
    expect(all.every((p) => p.statename === 'RUNNING')).toBe(true);
  });

  it('writes nothing to the terminal while nothing changes', async () => {
    // Wait until no uptime is about to cross a minute (the coarse uptime would then rightly change).
    for (;;) {
      const all = await infos();
      if (all.every((p) => (p.now - p.start) % 60 < 50)) break;
      await sleep(1000);
    }
    await settled();
    expect(await idleBytes(5000)).toBe(0);
  });

  it('r on one engine restarts it (new pid)', async () => {
    await term.keys('Tab', 'Down', 'Enter');
    await term.waitFor((s) => s.includes('▾ amqp2engines*'), 'the expanded pattern');
    await term.keys('Down', 'Down');
    const screen = await term.waitFor((s) => /›● +engine-alerts-0/.test(s), 'engine-alerts-0 selected');
    expect(screen).toContain('engine-alerts-0');
    const before = await pidOf('engine-alerts-0');
    await term.keys('r');
    await term.waitFor((s) => messageLine(s).includes('Restart amqp2engines:engine-alerts-0? [y/N]'), 'the question');
    await term.keys('y');
    await term.waitFor(
      (s) => messageLine(s).includes('amqp2engines:engine-alerts-0: restarted'),
      'the restart',
      20_000,
    );
    const after = await pidOf('engine-alerts-0');
    expect(after).not.toBe(before);
    await term.waitFor((s) => new RegExp(`engine-alerts-0 +sup +RUNNING +${after}`).test(s), 'the new pid on screen');
  });

  it('keys typed in one write reach the menu the first opens: Enter Enter asks to restart the row', async () => {
    // The menu of a running row opens on Restart; the second Enter, in the same write, chooses it.
    await term.type('\r\r');
    await term.waitFor(
      (s) => messageLine(s).includes('Restart amqp2engines:engine-alerts-0? [y/N]'),
      'the question, from one write',
    );
    await term.keys('n');
    await term.waitFor((s) => messageLine(s).includes('Cancelled'), 'cancelled');
  });

  it('S on amqp2engines* starts every engine at once', async () => {
    await execa(path.join(REPO, 'bin/service'), ['--home', home.home, 'amqp2engines:engine-context-0', 'stop']);
    await term.keys('Up', 'Up');
    await term.waitFor((s) => /›. ▾ amqp2engines\*/.test(s), 'the pattern row selected');
    await term.keys('S');
    await term.waitFor(
      (s) => messageLine(s).includes('Massive start of amqp2engines*: every process at once? [y/N]'),
      'the question',
    );
    await term.keys('y');
    await term.waitFor(
      (s) => messageLine(s).includes('amqp2engines*: 1 started, 14 already started (at once)'),
      'the massive start',
      20_000,
    );
    expect((await infos()).find((p) => p.name === 'engine-context-0')!.statename).toBe('RUNNING');
  });

  it('shows an edited hypcontrol.conf and a new engine file within a second or so', async () => {
    const conf = path.join(home.etc, 'hypcontrol.conf');
    fs.writeFileSync(
      conf,
      fs
        .readFileSync(conf, 'utf8')
        .replace('"webserver"', '"webserver"\n    "collectd"')
        .replace('"collectd"\n    "amqp2engines*"', '"amqp2engines*"'),
    );
    home.write(
      'etc/engines/zz-newengine.ini',
      '[program:engine-newengine]\ncommand=node %(here)s/../demo/standin.mjs newengine\nautostart=false\n',
    );
    const started = Date.now();
    const screen = await term.waitFor(
      (s) => /── FRONTEND +2\/2 up/.test(s) && s.includes('engine-newengine'),
      'the reloaded view',
      5000,
    );
    expect(Date.now() - started).toBeLessThan(3000);
    expect(screen).toMatch(/engine-newengine +sup +NOT LOADED/);
    expect(screen).toContain('files differ from what supervisord loaded');
  });

  it('says when supervisord is killed, and recovers when it is back', async () => {
    const pid = Number(fs.readFileSync(path.join(home.home, 'var/run/supervisord.pid'), 'utf8'));
    signalPid(pid, 'SIGKILL');
    await term.waitFor((s) => /supervisord: DOWN: supervisord is not running/.test(s), 'the header saying so');
    await execa('pkill', ['-f', path.join(home.etc, 'demo/standin.mjs')], { reject: false });
    await execa('supervisord', ['-c', home.conf], { env: { ...process.env, HOME: home.home } });
    await term.waitFor(
      (s) => /supervisord: running, pid \d+/.test(s) && /rabbitmq-server +sup +STOPPED/.test(s),
      'the recovery',
    );
  });

  it('q leaves the terminal as it was: no alternate screen, cursor visible, services untouched', async () => {
    const running = (await infos()).filter((p) => p.statename === 'RUNNING').length;
    await term.keys('q');
    const screen = await term.waitFor((s) => s.includes('EXIT=0'), 'the shell');
    expect(screen).not.toContain('BACKEND');
    expect(await term.format('#{alternate_on}')).toBe('0');
    expect(await term.format('#{cursor_flag}')).toBe('1');
    expect((await infos()).filter((p) => p.statename === 'RUNNING').length).toBe(running);
  });
});

describe('canopsis-tui exits cleanly', () => {
  it('restores the terminal on SIGTERM', async () => {
    const second = await openTerminal(`${path.join(REPO, 'bin/canopsis-tui')} --home ${home.home}`, {
      columns: 80,
      rows: 24,
      env: { CI: '0' },
    });
    try {
      await second.waitFor((s) => s.includes('BACKEND'), 'the panel');
      const pid = Number(await second.format('#{pane_pid}'));
      const child = String((await execa('pgrep', ['-P', String(pid), '-f', 'canopsis-tui'], { reject: false })).stdout)
        .trim()
        .split('\n')[0];
      signalPid(Number(child), 'SIGTERM');
      await second.waitFor((s) => s.includes('EXIT=143'), 'the shell');
      expect(await second.format('#{alternate_on}')).toBe('0');
      expect(await second.format('#{cursor_flag}')).toBe('1');
    } finally {
      await second.close();
    }
  });

  it('refuses to run without a terminal and points at hypcontrol status', async () => {
    const run = await execa(path.join(REPO, 'bin/canopsis-tui'), ['--home', home.home], {
      reject: false,
      stdin: 'ignore',
    });
    expect(run.exitCode).toBe(2);
    expect(String(run.stderr)).toBe(
      'canopsis-tui: needs a terminal (stdin and stdout). For a one-shot view, use `hypcontrol status` or `service --status-all`.',
    );
  });
});
