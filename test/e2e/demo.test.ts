/** The README's first command: bin/demo opens the panel on a private home; q leaves no process behind. */
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from '../support/home.js';
import { openTerminal, type Terminal } from '../support/tmux.js';

let term: Terminal | undefined;
afterAll(async () => term?.close());

const leftovers = async () =>
  String((await execa('pgrep', ['-af', 'canopsis-demo\\.'], { reject: false })).stdout).trim();

describe('bin/demo', () => {
  it('opens the panel on a private demo home, starts the platform, and q leaves no process behind', async () => {
    expect(await leftovers()).toBe('');
    term = await openTerminal(path.join(REPO, 'bin/demo'), { columns: 100, rows: 30, env: {} });
    const first = await term.waitFor((s) => s.includes('FRONTEND'), 'the panel', 120_000);
    expect(first).toMatch(/canopsis-tui {2}\S+ {2}\/tmp\/canopsis-demo\./);
    // No key: the platform starts by itself, stage after stage, each once its services are ready.
    const backend = await term.waitFor(
      (s) => /── BACKEND {2}3\/3 up {2}· ok/.test(s),
      'the backend up and ready',
      60_000,
    );
    expect(backend).toMatch(/── MIDDLEWARE .*· (in progress|ok)/);
    await term.waitFor(
      (s) => s.includes('hypcontrol start: done') && /── FRONTEND {2}1\/1 up {2}· ok/.test(s),
      'the platform up',
      60_000,
    );
    expect(await leftovers()).toMatch(/supervisord -c \/tmp\/canopsis-demo\./);
    await term.keys('q');
    // It says what it does while it stops the platform, instead of a blank screen.
    await term.waitFor(
      (s) => s.includes('demo: stopping the demo platform and its supervisord'),
      'the demo saying so',
      10_000,
    );
    const end = await term.waitFor((s) => s.includes('EXIT=0'), 'the demo to end', 30_000);
    expect(end).toContain('supervisord: stopped');
    expect(end).toContain('demo: done, nothing left running');
    expect(await leftovers()).toBe('');
  }, 240_000);
});
