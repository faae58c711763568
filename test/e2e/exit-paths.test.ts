/**
 * Every way out of the panel (q, SIGINT, SIGTERM, SIGHUP) while an initscript's status hangs: the terminal
 * is restored and the script is killed with its children, no temporary file left behind (issue 10).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, destroyHome, makeHome, signalPid, type TestHome } from '../support/home.js';
import { openTerminal } from '../support/tmux.js';

let home: TestHome;
const marker = `ctui-exit-${process.pid}`;
const alive = async (pattern: string) => (await execa('pgrep', ['-f', pattern], { reject: false })).exitCode === 0;
const leftovers = () => fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('canopsis-initscript-'));

beforeAll(() => {
  home = makeHome();
  home.write('etc/init.d/hang', `#!/bin/sh\nsh -c 'sleep 300; echo ${marker}-child' &\nexec sleep 301\n`, 0o755);
  // In no stage: the panel must never run it.
  home.write('etc/init.d/unstaged', `#!/bin/sh\ntouch "${home.home}/unstaged-ran"\nexit 3\n`, 0o755);
  const conf = path.join(home.etc, 'hypcontrol.conf');
  fs.writeFileSync(conf, fs.readFileSync(conf, 'utf8').replace('"redis-server"', '"redis-server"\n    "hang"'));
});
afterAll(async () => destroyHome(home));

describe('leaving the panel while a status hangs', () => {
  const ways: Array<{
    how: string;
    leave: (pid: number, keys: (key: string) => Promise<void>) => Promise<void>;
    code: number;
  }> = [
    { how: 'q', leave: (_pid, keys) => keys('q'), code: 0 },
    { how: 'SIGINT', leave: async (pid) => void signalPid(pid, 'SIGINT'), code: 130 },
    { how: 'SIGTERM', leave: async (pid) => void signalPid(pid, 'SIGTERM'), code: 143 },
    { how: 'SIGHUP', leave: async (pid) => void signalPid(pid, 'SIGHUP'), code: 129 },
  ];
  for (const { how, leave, code } of ways) {
    it(`${how} restores the terminal and kills the hung script with its children`, async () => {
      const before = leftovers();
      const term = await openTerminal(`${path.join(REPO, 'bin/canopsis-tui')} --home ${home.home}`, {
        columns: 100,
        rows: 30,
        env: { CI: '0' },
      });
      try {
        // The other scripts' rows come at once, not after the hung one's timeout (10 s).
        await term.waitFor((s) => /redis-server +lsb +STOPPED/.test(s), 'redis-server checked', 5_000);
        const deadline = Date.now() + 15_000;
        while (!(await alive(`${marker}-child`)) && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 50));
        expect(await alive(`${marker}-child`)).toBe(true);
        expect(fs.existsSync(`${home.home}/unstaged-ran`)).toBe(false);
        // The panel is the node process under the pane's shell (tmux's own command line names it too).
        const shell = await term.format('#{pane_pid}');
        const found = await execa('pgrep', ['-P', shell, '-x', 'node'], { reject: false });
        const panel = Number(String(found.stdout).trim().split('\n')[0]);
        await leave(panel, (key) => term.keys(key));
        await term.waitFor((s) => s.includes(`EXIT=${code}`), 'the shell');
        expect(await term.format('#{alternate_on}')).toBe('0');
        expect(await alive(`${marker}-child`)).toBe(false);
        expect(await alive(`${home.etc}/init.d/hang`)).toBe(false);
        expect(leftovers()).toEqual(before);
      } finally {
        await term.close();
      }
    });
  }
});
