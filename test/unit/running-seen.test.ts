/** When a supervisord's last answer stands for its getState (no round trip before an action), and when not. */
import { describe, expect, it } from 'vitest';
import { runningSeen } from '../../src/adapters/running-seen.js';

describe('runningSeen', () => {
  it('a call about processes answered less than a second ago says RUNNING; older, it says nothing', async () => {
    let clock = 5000;
    const seen = runningSeen(() => clock);
    expect(seen.state()).toBeUndefined();
    seen.answered('supervisor.getAllProcessInfo', []);
    expect(await seen.state()).toEqual({ statecode: 1, statename: 'RUNNING' });
    clock += 999;
    expect(seen.state()).toBeDefined();
    clock += 2;
    expect(seen.state()).toBeUndefined();
  });

  it('a getState counts only when it said RUNNING; a shutdown, a getPID and a failure do not', () => {
    const seen = runningSeen();
    seen.answered('supervisor.getState', { statecode: 2, statename: 'SHUTDOWN' });
    seen.answered('supervisor.shutdown', true);
    seen.answered('supervisor.getPID', 42);
    expect(seen.state()).toBeUndefined();
    seen.answered('supervisor.getState', { statecode: 1, statename: 'RUNNING' });
    expect(seen.state()).toBeDefined();
    seen.failed();
    expect(seen.state()).toBeUndefined();
  });
});
