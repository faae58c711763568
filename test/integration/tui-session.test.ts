/** What the panel asks of the engine, against a real supervisord: the header's pid follows the daemon. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wireHome } from '../../src/cli/wiring.js';
import { createTuiSession, type TuiSession } from '../../src/control/tui-session.js';
import { destroyHome, makeHome, pidAlive, signalPid, startSupervisord, supervisordPid, type TestHome } from '../support/home.js';

let home: TestHome;
let session: TuiSession;

beforeAll(async () => {
  home = makeHome();
  await startSupervisord(home);
  session = createTuiSession({ read: () => wireHome(home.home, process.env), watch: () => () => undefined }, { actionTimeoutMs: 30_000, statusTimeoutMs: 5_000 });
  session.readHome();
});
afterAll(async () => destroyHome(home));

describe('the panel session', () => {
  it('gives the pid and start of the supervisord answering now, even when it was replaced between two polls', async () => {
    const first = await session.pollDaemon();
    expect(first.pid).toBe(supervisordPid(home));
    signalPid(first.pid!, 'SIGTERM');
    while (pidAlive(first.pid!)) await new Promise((resolve) => setTimeout(resolve, 50));
    await startSupervisord(home);
    const second = await session.pollDaemon();
    expect(second.view.ok).toBe(true);
    expect(second.pid).toBe(supervisordPid(home));
    expect(second.pid).not.toBe(first.pid);
    expect(second.startedAt).toBeGreaterThan(first.startedAt!);
  });
});
