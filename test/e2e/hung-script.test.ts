/**
 * SPEC 11, a hung initscript hides nothing: with one script's `status` hung (status_timeout = 60) and
 * lsb_interval = 2, another script of the same stage started from outside shows RUNNING within two of its
 * intervals, and the hung one shows as hung. A real panel in tmux.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, destroyHome, makeHome, type TestHome } from '../support/home.js';
import { openTerminal, type Terminal } from '../support/tmux.js';

let home: TestHome;
let term: Terminal | undefined;
let flag: string;

beforeAll(() => {
  home = makeHome();
  flag = path.join(home.home, 'var/run/other.up');
  home.write('etc/init.d/hang', `#!/bin/sh\nexec sleep 301\n`, 0o755);
  home.write(
    'etc/init.d/other',
    `#!/bin/sh\n[ "$1" = status ] || exit 0\n[ -f ${flag} ] && { echo "other is running"; exit 0; }\nexit 3\n`,
    0o755,
  );
  const conf = path.join(home.etc, 'hypcontrol.conf');
  fs.writeFileSync(
    conf,
    fs.readFileSync(conf, 'utf8').replace('"redis-server"', '"redis-server"\n    "hang"\n    "other"'),
  );
  const ini = path.join(home.etc, 'canopsis-tui.ini');
  fs.writeFileSync(ini, `[tui]\nstatus_timeout = 60\nlsb_interval = 2\n${fs.readFileSync(ini, 'utf8')}`);
});
afterAll(async () => {
  await term?.close();
  await destroyHome(home);
});

describe('one hung status among the stage’s initscripts', () => {
  it('the others stay true: a script started from outside shows RUNNING within two intervals', async () => {
    term = await openTerminal(`${path.join(REPO, 'bin/canopsis-tui')} --home ${home.home}`, {
      columns: 120,
      rows: 40,
      env: { CI: '0' },
    });
    await term.waitFor((s) => /other +lsb +STOPPED/.test(s), 'other checked');
    await term.waitFor(
      (s) => /hang +lsb +UNKNOWN +status has not answered for \ds/.test(s),
      'hang shown as hung',
      10_000,
    );
    fs.writeFileSync(flag, '');
    const began = Date.now();
    await term.waitFor((s) => /other +lsb +RUNNING/.test(s), 'other running', 10_000);
    const elapsed = Date.now() - began;
    console.log(`other's RUNNING showed ${elapsed} ms after it started (lsb_interval 2 s)`);
    expect(elapsed).toBeLessThanOrEqual(4_000);
    expect(await term.screen()).toMatch(/hang +lsb +UNKNOWN +status has not answered for \d+s/);
  }, 60_000);
});
