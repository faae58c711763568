/** The panel reads the home's own files once for each change under ~/etc, not once more for each question. */
import { describe, expect, it } from 'vitest';
import { createPanelSession } from '../../src/control/panel-session.js';
import type { HomeFiles, HomePort } from '../../src/core/home.js';
import { NO_SETTINGS } from '../../src/core/config/settings.js';
import { fakeScripts, fakeSupervisor, instantClock } from '../support/fakes.js';
import { config } from '../support/fake-session.js';

function countedHome() {
  const supervisor = fakeSupervisor();
  const files: HomeFiles = {
    home: '/opt/canopsis',
    etc: '/opt/canopsis/etc',
    supervisordConf: '/opt/canopsis/etc/supervisord.conf',
    config,
    daemon: { mainFile: 'x', access: supervisor.access, pidfile: undefined, logfile: undefined, loglevel: 'info' },
    lsb: [],
    lsbNotExecutable: [],
    hypcontrol: { file: '/opt/canopsis/etc/hypcontrol.conf', stages: [] },
    settings: NO_SETTINGS,
  };
  let reads = 0;
  const deps = { supervisor, initscripts: fakeScripts({}), launcher: undefined, clock: instantClock };
  const home: HomePort = {
    read: () => ((reads += 1), { files, deps }),
    watch: () => () => undefined,
  };
  return { home, reads: () => reads };
}

describe("the panel's readings of the home", () => {
  it('reads the home once for its first frame and its later questions, when nothing changed', () => {
    const { home, reads } = countedHome();
    const session = createPanelSession([{ name: 'local', label: 'local', home, local: true }], {
      actionTimeoutMs: 5_000,
      statusTimeoutMs: 5_000,
      waitMs: 100,
      now: Date.now,
    });
    const snapshot = session.readHome();
    expect(snapshot.config?.groups.length).toBe(config.groups.length);
    session.readHome();
    expect(reads()).toBe(1);
  });
});
