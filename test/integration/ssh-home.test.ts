/**
 * Another node's `~/etc` read with this home's reader (SPEC 10): the fetch that ssh runs on the node, run
 * here with sh in a Canopsis home, gives the very config that reading the home from disk gives (every
 * group, process, option, warning), and the same initscripts.
 */
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readHome } from '../../src/adapters/config-files.js';
import { supervisordProblems } from '../../src/core/home.js';
import { FETCH_SCRIPT, nodeFilesFrom, parseTree } from '../../src/adapters/ssh-home.js';
import { destroyHome, makeCanopsisHome, type TestHome } from '../support/home.js';

describe("a node's ~/etc fetched as ssh fetches it", () => {
  let home: TestHome | undefined;
  afterEach(async () => {
    if (home) await destroyHome(home);
  });

  it('reads as the home read from disk: the same config, warnings and initscripts', async () => {
    home = makeCanopsisHome();
    // What the reader warns about is read the same way too (a folder its include matches); an initscript,
    // and a file that is not one.
    fs.mkdirSync(path.join(home.etc, 'supervisord.d', 'odd.conf'));
    home.write('etc/init.d/redis-server', '#!/bin/sh\nexit 0\n', 0o755);
    home.write('etc/init.d/notes', 'not a script');
    const fetched = await execa('sh', ['-c', FETCH_SCRIPT], { cwd: home.home, encoding: 'buffer' });
    const tree = parseTree(Buffer.from(fetched.stdout));
    if (typeof tree === 'string') throw new Error(tree);
    expect(tree.home).toBe(home.home);
    const onDisk = readHome(home.home, { HOME: home.home, USER: tree.user, LOGNAME: tree.user });
    const overSsh = nodeFilesFrom(tree, onDisk);
    expect(overSsh.config).toEqual(onDisk.config);
    expect(supervisordProblems(overSsh).join('\n')).toContain('odd.conf');
    expect({ lsb: overSsh.lsb, not: overSsh.lsbNotExecutable }).toEqual({
      lsb: onDisk.lsb,
      not: onDisk.lsbNotExecutable,
    });
    expect(onDisk.lsbNotExecutable).toContain('notes');
  });
});
