/**
 * SPEC 10 with ink-testing-library: the panel over three nodes, through the real panel session over scripted
 * supervisords (each node's port a fake). Exact frames; keys act on the row's node only; a silent node is
 * said in the header while the others keep their rows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createPanelSession } from '../../src/control/panel-session.js';
import { parseHypcontrolConf } from '../../src/core/config/hypcontrol-conf.js';
import type { HomeFiles, HomePort } from '../../src/core/home.js';
import type { InitscriptPort, ProcessInfo, SupervisorPort } from '../../src/core/ports.js';
import { NO_SETTINGS, parseSettings } from '../../src/core/config/settings.js';
import { SupervisorError } from '../../src/core/model/supervisor-error.js';
import { fakeScripts, fakeSupervisor, info, instantClock } from '../support/fakes.js';
import { config, NOW, type FakeSession } from '../support/fake-session.js';
import { KEYS, renderApp, type Rendered } from '../support/render-app.js';

let app: Rendered | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

const HYPCONTROL = 'BACKEND=(mongodb)\nMIDDLEWARE=("amqp2engines*")\nFRONTEND=(webserver)\n';
const running = (group: string, name: string, pid: number): ProcessInfo => {
  return info(group, name, 'RUNNING', { pid, start: NOW / 1000 - 600, now: NOW / 1000 });
};

// engine-che is a program of n2's files; nowhere names nothing on any node.
const SETTINGS = parseSettings(
  '[ready]\nengine-che = tcp://127.0.0.1:1\nnowhere = tcp://127.0.0.1:2\n',
  '/opt/canopsis/etc/canopsis-tui.ini',
);

const groupOf = (local: boolean) => (local ? 'mongodb' : 'amqp2engines');

function nodePort(
  supervisor: SupervisorPort,
  local: boolean,
  initscripts: InitscriptPort = fakeScripts({}),
  hypcontrol = HYPCONTROL,
  read = false,
) {
  const files: HomeFiles = {
    home: '/opt/canopsis',
    etc: '/opt/canopsis/etc',
    supervisordConf: '/opt/canopsis/etc/supervisord.conf',
    // The home's own files name mongodb only (its settings two [ready] keys, when `read`); another node's
    // are on its host (its amqp2engines, when `read` over its ssh).
    config:
      local || read ? { ...config, groups: config.groups.filter((group) => group.name === groupOf(local)) } : undefined,
    daemon: { mainFile: 'x', access: supervisor.access, pidfile: undefined, logfile: undefined, loglevel: 'info' },
    lsb: [],
    lsbNotExecutable: [],
    hypcontrol: parseHypcontrolConf(hypcontrol, '/opt/canopsis/etc/hypcontrol.conf'),
    settings: local && read ? SETTINGS : NO_SETTINGS,
  };
  const deps = { supervisor, initscripts, launcher: undefined, clock: instantClock };
  const port: HomePort = { read: () => ({ files, deps }), watch: () => () => undefined };
  return port;
}

/** n2's initscripts, as its ssh would run them: redis-server, running until stopped. */
function remoteScripts(): InitscriptPort & { calls: string[] } {
  const calls: string[] = [];
  let running = true;
  return {
    calls,
    list: async () => ({ names: ['redis-server'] }),
    async run(name, action) {
      calls.push(`${name} ${action}`);
      if (action === 'stop') running = false;
      const code = action === 'status' && !running ? 3 : 0;
      return {
        code,
        signal: undefined,
        timedOut: false,
        output: `${name} is ${running ? 'running' : 'not running'}`,
        error: undefined,
      };
    },
  };
}

function threeNodes(third: Partial<SupervisorPort> = {}, withScripts = false, n2Files = false, n3Problem?: string) {
  const answer = (list: ProcessInfo[]) => {
    return { getAllProcessInfo: () => Promise.resolve(list), readMainLog: () => Promise.reject(new Error('no log')) };
  };
  const core = fakeSupervisor(answer([running('mongodb', 'mongodb', 11)]));
  const n2 = fakeSupervisor(
    answer([running('amqp2engines', 'engine-alerts-0', 21), running('amqp2engines', 'engine-alerts-1', 22)]),
  );
  const n3Runs = [running('amqp2engines', 'engine-alerts-0', 31), running('webserver', 'webserver', 32)];
  const n3 = fakeSupervisor({ ...answer(n3Runs), ...third });
  const ports = [core, n2, n3];
  const n2Scripts = remoteScripts();
  const nodes = ['core', 'n2', 'n3'].map((name, index) => {
    const hypcontrol = withScripts ? HYPCONTROL.replace('(mongodb)', '(mongodb redis-server)') : HYPCONTROL;
    const home = nodePort(
      ports[index]!,
      index === 0,
      index === 1 ? n2Scripts : undefined,
      hypcontrol,
      n2Files && index < 2,
    );
    const problem = index === 2 && n3Problem ? { filesProblem: n3Problem } : {};
    const label = index === 0 ? name : `${name} (http://10.0.0.${index + 1}:9001)`;
    return { name, label, home, local: index === 0, ...problem };
  });
  const session = createPanelSession(nodes, {
    actionTimeoutMs: 5_000,
    statusTimeoutMs: 5_000,
    waitMs: 100,
    now: Date.now,
  });
  return { session: session as unknown as FakeSession, core, n2, n3, n2Scripts };
}

describe('the panel over three nodes', () => {
  it('lists the nodes in the header and each row with its node', async () => {
    const { session } = threeNodes();
    app = await renderApp(session, { color: false, columns: 80, rows: 15 });
    await app.press(KEYS.down, KEYS.right);
    const frame = await app.waitFor((text) => text.includes('engine-alerts-0@n3'), 'the engines unfolded');
    expect(frame.split('\n').map((line) => line.trimEnd())).toEqual([
      'canopsis-tui  host1  /opt/canopsis',
      'nodes: core: running · n2: running · n3: running',
      '   NAME                 KIND  STATE       PID     UP   REASON',
      '── BACKEND  1/1 up ─────────────────────────────────────────────────────────────',
      ' ● mongodb@core         sup   RUNNING     11      10m',
      '── MIDDLEWARE  1/1 up ──────────────────────────────────────────────────────────',
      '›● ▾ amqp2engines*      glob  RUNNING     3/3 running',
      ' ●   engine-alerts-0@n2 sup   RUNNING     21      10m',
      ' ●   engine-alerts-1@n2 sup   RUNNING     22      10m',
      ' ●   engine-alerts-0@n3 sup   RUNNING     31      10m',
      '── FRONTEND  1/1 up ────────────────────────────────────────────────────────────',
      ' ● webserver@n3         sup   RUNNING     32      10m',
      '',
      'Enter menu  s start  t stop  r restart  l log  h platform  ? help  q quit',
    ]);
  });

  it('t on a row of n2 stops it on n2 only; S on the glob starts what it names on each node', async () => {
    const { session, core, n2, n3 } = threeNodes();
    app = await renderApp(session, { color: false, columns: 80, rows: 14 });
    await app.press(KEYS.down, KEYS.right, KEYS.down);
    expect(app.frame()).toMatch(/›● +engine-alerts-0@n2/);
    await app.press('t');
    await app.waitFor((text) => text.includes('Stop amqp2engines:engine-alerts-0@n2? [y/N]'), 'the question');
    await app.press('y');
    await app.waitFor((text) => text.includes('amqp2engines:engine-alerts-0@n2: stopped'), 'the stop');
    expect(n2.calls.filter((call) => /^(stop|start)/.test(call))).toEqual(['stopProcess amqp2engines:engine-alerts-0']);
    expect([...core.calls, ...n3.calls].filter((call) => /^(stop|start)/.test(call))).toEqual([]);
    await app.press(KEYS.up, 'S');
    await app.waitFor(
      (text) => text.includes('Massive start of amqp2engines*: every process at once? [y/N]'),
      'the massive question',
    );
    await app.press('y');
    // Each node resolves the glob on its own names, as `service` does: n2's whole group is one group call;
    // n3's group has one member, which is a process to start.
    await app.waitFor(() => n3.calls.some((call) => call.startsWith('startProcess')), 'the starts');
    expect(n2.calls.filter((call) => call.startsWith('startProcessGroup'))).toEqual(['startProcessGroup amqp2engines']);
    expect(n3.calls.filter((call) => call.startsWith('start'))).toEqual(['startProcess amqp2engines:engine-alerts-0']);
  });

  it('a node that does not answer is said in the header; the others keep their rows', async () => {
    const { session } = threeNodes({ getAllProcessInfo: () => new Promise(() => undefined) });
    app = await renderApp(session, { color: false, columns: 80, rows: 14 });
    const frame = await app.waitFor((text) => /n3: no answer for \ds/.test(text), 'n3 silent');
    expect(frame).toMatch(/nodes: core: running · n2: running · n3: no answer for \ds/);
    expect(frame).toMatch(/mongodb@core +sup +RUNNING/);
    expect(frame).toMatch(/amqp2engines\* +glob +RUNNING +2\/2 running/);
  });

  it("u previews every node's update from its own supervisord, each under its name; y applies it there", async () => {
    const { session, core, n2, n3 } = threeNodes({
      reloadConfig: () => Promise.resolve({ added: [], changed: ['webserver'], removed: [] }),
    });
    app = await renderApp(session, { color: false, columns: 80, rows: 16 });
    await app.waitFor((text) => text.includes('webserver@n3'), 'the rows');
    await app.press('u');
    const frame = await app.waitFor((text) => text.includes('── update: 1 group(s) change'), 'the preview');
    expect(frame.split('\n').slice(2, 9)).toEqual([
      '── update: 1 group(s) change  wrap ─────────────────────────────────────────────',
      'core:',
      '  no change: supervisord runs what the files say',
      'n2 (http://10.0.0.2:9001):',
      '  no change: supervisord runs what the files say',
      'n3 (http://10.0.0.3:9001):',
      '  webserver: changed: the whole group is stopped, removed and added again',
    ]);
    await app.press('y');
    await app.waitFor((text) => text.includes('update: webserver@n3: changed'), 'the result');
    expect(n3.calls).toEqual(expect.arrayContaining(['removeProcessGroup webserver', 'addProcessGroup webserver']));
    expect([...core.calls, ...n2.calls].filter((call) => /ProcessGroup/.test(call))).toEqual([]);
  });

  it("says in the header how many processes differ from a node's files, when they are read", async () => {
    // n2's files (read over its ssh) name engine-che-0 too, which its supervisord has not loaded.
    const { session } = threeNodes({}, false, true);
    app = await renderApp(session, { color: false, columns: 140, rows: 14 });
    const frame = await app.waitFor((text) => text.includes('files differ'), 'the drift note');
    expect(frame.split('\n')[1]!.trimEnd()).toBe(
      'nodes: core: running · n2: running · n3: running  ! ' +
        'files differ from what supervisord loaded: n2: 1 process (u applies them)',
    );
  });

  it("says a group a node's files changed as its own supervisord says it (reloadConfig)", async () => {
    const changed = { reloadConfig: () => Promise.resolve({ added: [], changed: ['webserver'], removed: [] }) };
    const { session, n3 } = threeNodes(changed);
    app = await renderApp(session, { color: false, columns: 140, rows: 14 });
    const frame = await app.waitFor((text) => text.includes('files differ'), 'the drift note');
    expect(frame.split('\n')[1]!.trimEnd()).toBe(
      'nodes: core: running · n2: running · n3: running  ! ' +
        'files differ from what supervisord loaded: n3: webserver changed (u applies them)',
    );
    // Asked once, nothing applied: reloadConfig only rereads.
    expect(n3.calls.filter((call) => call.startsWith('reloadConfig'))).toHaveLength(1);
    expect(n3.calls.filter((call) => /ProcessGroup/.test(call))).toEqual([]);
  });

  it("says in the header why a node's own files could not be read over its ssh", async () => {
    const why = 'n3 (http://10.0.0.3:9001): ~/etc not read over ssh: Permission denied (publickey)';
    const { session } = threeNodes({}, false, false, why);
    app = await renderApp(session, { color: false, columns: 140, rows: 14 });
    const frame = await app.waitFor((text) => text.includes('not read over ssh'), 'the problem');
    expect(frame).toContain(`! ${why}`);
  });

  it('says a [ready] key once no node has what it names, after every node has answered', async () => {
    const { session } = threeNodes({}, false, true);
    app = await renderApp(session, { color: false, columns: 140, rows: 14 });
    const frame = await app.waitFor((text) => text.includes('[ready] nowhere'), 'the key that names nothing');
    expect(frame).toContain(
      '! /opt/canopsis/etc/canopsis-tui.ini:3: [ready] nowhere: matches no initscript, program, process or group',
    );
    expect(frame).not.toContain('[ready] engine-che');
  });

  it('h over a node whose reply is cut off fails the run by its name, never "done"', async () => {
    const cut = new SupervisorError(
      'network',
      "supervisord's reply to supervisor.getAllProcessInfo was cut off (ECONNRESET)",
    );
    const { session, n3 } = threeNodes({ getAllProcessInfo: () => Promise.reject(cut) });
    app = await renderApp(session, { color: false, columns: 80, rows: 14 });
    await app.waitFor((text) => text.includes("n3: supervisord's reply"), 'n3 said in the header');
    await app.press('h');
    await app.waitFor((text) => text.includes('Whole platform (hypcontrol)'), 'the platform menu');
    await app.press(KEYS.down, KEYS.enter, 'y');
    const frame = await app.waitFor((text) => text.includes('hypcontrol stop failed'), 'the end of the run');
    expect(frame).toContain('hypcontrol stop failed at frontend: n3 (http://10.0.0.3:9001): supervisord');
    expect(frame).not.toContain('done in');
    expect(n3.calls.filter((call) => /^stop/.test(call))).toEqual([]);
  });

  it("shows another node's initscript, listed over its ssh, as NAME@NODE; t stops it there", async () => {
    const { session, n2Scripts } = threeNodes({}, true);
    app = await renderApp(session, { color: false, columns: 80, rows: 16, lsbIntervalMs: 100 });
    const frame = await app.waitFor((text) => /redis-server@n2 +lsb +RUNNING/.test(text), 'the remote initscript');
    expect(frame).toMatch(/── BACKEND {2}2\/2 up/);
    await app.press(KEYS.down);
    expect(app.frame()).toMatch(/›● redis-server@n2 +lsb/);
    await app.press('t');
    await app.waitFor((text) => text.includes('Stop redis-server@n2? [y/N]'), 'the question');
    await app.press('y');
    await app.waitFor((text) => /redis-server@n2 +lsb +STOPPED/.test(text), 'the stop');
    expect(n2Scripts.calls).toContain('redis-server stop');
  });
});
