/**
 * Issue 23 in a real terminal against a real supervisord: a group of 20 engines, one failing at start.
 * From launch to "I know why it failed and it is restarting" is counted in keys, at 120x40 and 80x24.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientFor,
  destroyHome,
  makeHome,
  REPO,
  startSupervisord,
  writeSupervisordConf,
  type TestHome,
} from '../support/home.js';
import { openTerminal, type Terminal } from '../support/tmux.js';

let home: TestHome;
const selected = (screen: string) => screen.split('\n').find((line) => line.startsWith('›')) ?? '';
const REFUSED = 'ConnectionRefusedError: [Errno 111] Connection refused';

/** 20 engines in one group; engine-context-0 writes why to stderr and exits at once, every start. */
function engines(): string[] {
  const names = Array.from({ length: 20 }, (_, index) => `engine-${String(index).padStart(2, '0')}`);
  names[7] = 'engine-context';
  const programs = names.map((name) => {
    const command =
      name === 'engine-context'
        ? `command=sh -c 'echo "Traceback (most recent call last):" >&2; echo "${REFUSED}" >&2; exit 1'`
        : 'command=sleep 100000';
    return [
      `[program:${name}]`,
      command,
      'process_name=%(program_name)s-%(process_num)d',
      'autostart=true',
      'startsecs=1',
      'startretries=1',
      'stopwaitsecs=2',
      'redirect_stderr=false',
      '',
    ].join('\n');
  });
  // As Canopsis' own engine files: stdout and stderr into one file.
  const twice = [
    '[program:twice]',
    `command=sh -c 'echo to-stdout; echo to-stderr >&2; exec sleep 100000'`,
    'autostart=true',
    'startsecs=0',
    'stdout_logfile=%(here)s/../var/log/twice.log',
    'stderr_logfile=%(here)s/../var/log/twice.log',
    '',
  ].join('\n');
  return [...programs, `[group:amqp2engines]\nprograms=${names.join(',')}\n`, twice];
}

/** The panel on the test's home in a real terminal of that size, closed whatever `body` does. */
async function inPanel(size: { columns: number; rows: number }, body: (term: Terminal) => Promise<void>) {
  const command = `${path.join(REPO, 'bin/canopsis-tui')} --home ${home.home} --interval 0.5`;
  const term = await openTerminal(command, { ...size, env: { CI: '0', TERM: 'xterm-256color' } });
  try {
    await body(term);
  } finally {
    await term.close();
  }
}

beforeAll(async () => {
  home = makeHome({ bundled: false });
  writeSupervisordConf(home, engines());
  home.write('etc/hypcontrol.conf', 'BACKEND=()\nMIDDLEWARE=("amqp2engines*")\nFRONTEND=()\n');
  await startSupervisord(home);
}, 60_000);
afterAll(async () => destroyHome(home));

describe('the first screen of an incident, keys counted', () => {
  for (const [columns, rows] of [
    [120, 40],
    [80, 24],
  ] as const) {
    it(`at ${columns}x${rows}: the failure and its reason with no key; restarting it takes two (r, y)`, async () => {
      await inPanel({ columns, rows }, async (term) => {
        const keys: string[] = [];
        const first = await term.waitFor(
          (s) => /›✖ +engine-context-0 +sup +FATAL/.test(s) && s.includes(REFUSED),
          'the failed engine selected, its reason under the panels',
          30_000,
        );
        // The group is folded: its 19 running engines are counted, the failed one listed.
        expect(first).toMatch(/▸ amqp2engines\* +glob +PARTIAL +19\/20 running, 1 FATAL/);
        // The whole reason, never cut: the detail under the panels has supervisord's and the engine's words.
        const detail = first.split('\n').filter((line) => line.includes(REFUSED) || line.includes('FATAL · '));
        // (the second run finds it flapping: the first one restarted it)
        expect(detail.join(' ')).toMatch(/amqp2engines:engine-context-0: FATAL · (flapping · )?Exited too quickly/);
        expect(first.split('\n').every((line) => line.length <= columns)).toBe(true);
        keys.push('r');
        await term.keys('r');
        await term.waitFor((s) => s.includes('Restart amqp2engines:engine-context-0? [y/N]'), 'asked');
        keys.push('y');
        await term.keys('y');
        await term.waitFor(
          (s) => /engine-context-0 +sup +(restarting|STARTING|BACKOFF)/.test(s) || /restart amqp2engines/.test(s),
          'the restart under way',
        );
        console.log(`issue 23: ${columns}x${rows}: ${keys.length} keys from launch to a restarting engine`);
        expect(keys).toEqual(['r', 'y']);
        expect(selected(await term.screen())).toMatch(/engine-context-0/);
      });
    }, 60_000);
  }

  it('/ then Enter puts the cursor on the first matching process: r asks for that process, not the group', async () => {
    await inPanel({ columns: 100, rows: 30 }, async (term) => {
      await term.waitFor((s) => s.includes('amqp2engines*'), 'the panel');
      await term.type('/engine-05');
      await term.waitFor((s) => s.includes('filter: engine-05_'), 'the filter typed');
      await term.keys('Enter');
      await term.waitFor((s) => /›● +engine-05-0 /.test(s), 'the cursor on the process');
      await term.keys('r');
      await term.waitFor((s) => s.includes('Restart amqp2engines:engine-05-0? [y/N]'), 'the question for the process');
      await term.keys('n', 'Escape');
      const cleared = await term.waitFor((s) => !s.includes('filter:') && s.includes('engine-11-0'), 'cleared');
      expect(selected(cleared)).toMatch(/engine-05-0/);
    });
  }, 60_000);

  it("a program changed in the files is said in the header, as supervisord's reloadConfig says it", async () => {
    await inPanel({ columns: 120, rows: 30 }, async (term) => {
      await term.waitFor((s) => s.includes('amqp2engines*'), 'the panel');
      // The same processes, one command changed: only supervisord can tell (its own reread).
      const conf = fs.readFileSync(path.join(home.home, 'etc/supervisord.conf'), 'utf8');
      home.write(
        'etc/supervisord.conf',
        conf.replace('[program:engine-05]\ncommand=sleep 100000', '[program:engine-05]\ncommand=sleep 100001'),
      );
      await term.waitFor(
        (s) => s.includes('files differ from what supervisord loaded: amqp2engines changed'),
        'the drift note',
      );
    });
  }, 60_000);

  it('80x24: the help fits whole; l on a file that stdout and stderr share shows each line once', async () => {
    await inPanel({ columns: 80, rows: 24 }, async (term) => {
      await term.waitFor((s) => s.includes('amqp2engines*'), 'the panel');
      await term.keys('?');
      const help = await term.waitFor((s) => s.includes('Any key'), 'the help');
      expect(help).toContain("the row's log (follows; Esc returns)");
      expect(help.replace(/\s+/g, ' ')).toContain('Any key closes.');
      const keys = help.split('\n').slice(help.split('\n').findIndex((line) => line.startsWith('Keys')));
      expect(keys.some((line) => line.includes('…'))).toBe(false);
      // Esc and the search in one write, as a fast typist over SSH sends them: the Esc closes the help, the
      // search takes the rest (Ink alone would hand the panel the `/` without its Esc).
      await term.type('\u001B/twice');
      await term.keys('Enter');
      await term.waitFor((s) => /›● +twice /.test(s), 'the twice row');
      await term.keys('l');
      const log = await term.waitFor((s) => s.includes('── log: twice') && s.includes('to-stderr'), 'its log');
      const body = log.split('\n');
      expect(body.filter((line) => line.includes('to-stdout'))).toHaveLength(1);
      expect(body.filter((line) => line.includes('to-stderr'))).toHaveLength(1);
    });
  }, 60_000);

  it('an engine killed by SIGKILL says so on its row once supervisord restarted it (from its main log)', async () => {
    await inPanel({ columns: 140, rows: 30 }, async (term) => {
      await term.waitFor((s) => s.includes('amqp2engines*'), 'the panel');
      const pid = (await clientFor(home).getProcessInfo('amqp2engines:engine-11-0')).pid;
      process.kill(pid, 'SIGKILL');
      await term.type('/engine-11');
      await term.keys('Enter');
      await term.waitFor(
        (s) => /engine-11-0 +sup +RUNNING .*1 unexpected exit \(terminated by SIGKILL\)/.test(s),
        'how it ended, on its row',
        30_000,
      );
    });
  }, 60_000);
});
