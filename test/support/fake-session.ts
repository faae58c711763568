/** A scripted TuiSession over a small in-memory home, for ink-testing-library tests of the panel. */
import type { JournalEntry } from '../../src/core/report/journal.js';
import type { ReloadAnswer } from '../../src/core/plan/config-update.js';
import type { UpdatePreview } from '../../src/control/config-update.js';
import type { PlatformEvent, PlatformOutcome } from '../../src/control/platform.js';
import type { DaemonPoll, HomeSnapshot, LogHandlers, TuiSession } from '../../src/control/tui-session-api.js';
import type { NodeTarget } from '../../src/core/plan/node-resolver.js';
import { parseHypcontrolConf } from '../../src/core/config/hypcontrol-conf.js';
import type { ActionResult } from '../../src/core/model/outcomes.js';
import type { LogStream, ProcessInfo } from '../../src/core/ports.js';
import type { ProcessEntry } from '../../src/core/model/process-entry.js';
import type { LogEvent } from '../../src/core/report/restart-history.js';
import type { StatusRow } from '../../src/core/report/status.js';
import { readSupervisordConfig } from '../../src/core/config/supervisord-config.js';
import type { ActionRequest, Verb } from '../../src/core/panel/tui-state.js';
import { info } from './fakes.js';

const ETC = '/opt/canopsis/etc';
const FILES: Record<string, string> = {
  [`${ETC}/supervisord.conf`]:
    '[supervisord]\n[unix_http_server]\nfile=/opt/canopsis/tmp/s.sock\n[include]\nfiles=supervisord.d/*.conf\n',
  [`${ETC}/supervisord.d/a.conf`]: [
    '[program:rabbitmq-server]\ncommand=x',
    '[program:mongodb]\ncommand=x',
    '[program:collectd]\ncommand=x',
    '[program:webserver]\ncommand=x',
    '[program:logger]\ncommand=x',
    '[program:engine-alerts]\ncommand=x\nnumprocs=2\nprocess_name=%(program_name)s-%(process_num)d',
    '[program:engine-che]\ncommand=x\nprocess_name=%(program_name)s-%(process_num)d',
    '[group:amqp2engines]\nprograms=engine-alerts,engine-che',
  ].join('\n'),
};
export const HYPCONTROL =
  'BACKEND=(rabbitmq-server mongodb redis-server)\nMIDDLEWARE=(collectd "amqp2engines*")\nFRONTEND=(webserver)\n';
export const NOW = 1_800_000_000_000;

export const config = readSupervisordConfig(
  {
    read: (file) => ({ ok: true, text: FILES[file] ?? '' }),
    glob: (pattern) => (pattern.endsWith('*.conf') ? [`${ETC}/supervisord.d/a.conf`] : []),
    isDirectory: () => true,
  },
  `${ETC}/supervisord.conf`,
  { env: {}, hostname: 'host' },
);

/** Every configured process RUNNING (pids from 100), then `overrides` by namespec. */
export function processes(overrides: Record<string, Partial<ProcessInfo>> = {}): ProcessInfo[] {
  let pid = 100;
  return config.groups.flatMap((group) =>
    group.processes.map((p) => {
      pid += 1;
      const base = info(group.name, p.name, 'RUNNING', { pid, start: NOW / 1000 - 7200, now: NOW / 1000 });
      return { ...base, ...overrides[p.namespec] };
    }),
  );
}

export interface FakeSession extends TuiSession {
  requests: ActionRequest[];
  home: HomeSnapshot;
  daemon: DaemonPoll;
  lsb: StatusRow[];
  /** What the leftover store holds, by process name. */
  leftovers: Map<string, ProcessEntry[]>;
  /** Readiness answers by name (absent: no check); the names asked, each poll. */
  readiness: Map<string, string | undefined>;
  readinessAsked: string[][];
  /** The last line of log of failed processes, by name. */
  lastLines: Map<string, string>;
  /** What supervisord's main log says (spawns, unexpected exits). */
  mainLog: LogEvent[];
  /** The lines a log opens with, and each log watched (its handlers stay live for the test to feed). */
  logLines: string[];
  logWatches: Array<{ targets: NodeTarget[]; streams: LogStream[]; handlers: LogHandlers; signal: AbortSignal }>;
  /** What the journal gives at each poll, in turn (then nothing new). */
  journalReads: Array<{ entries: JournalEntry[]; others: JournalEntry[] }>;
  /** What `u` is told, and each update applied. */
  updatePreview: UpdatePreview;
  updatesApplied: ReloadAnswer[];
  /** Pending row actions, resolved by the test. */
  finish(results: ActionResult[]): void;
  /** Simulates a save under ~/etc. */
  touch(): void;
  /** supervisord answers every configured process RUNNING, then `overrides` by namespec (`processes`). */
  runs(overrides: Record<string, Partial<ProcessInfo>>): void;
  platformEvents: PlatformEvent[];
  /** Ends the platform run in flight: an outcome, or an error it throws. */
  endPlatform(outcome: PlatformOutcome | { error: string } | Error): void;
}

/** The one node of the fake home. */
const NODE = 'local';

export function fakeSession(): FakeSession {
  const poll = () => ({
    nodes: [{ node: NODE, local: true, view: session.daemon.view, last: undefined }],
    pid: session.daemon.pid,
    startedAt: session.daemon.startedAt,
  });
  let changed = () => {};
  let ending: (outcome: PlatformOutcome | { error: string } | Error) => void = () => undefined;
  const pending: Array<(results: ActionResult[]) => void> = [];
  const session: FakeSession = {
    requests: [],
    platformEvents: [],
    home: {
      hypcontrol: parseHypcontrolConf(HYPCONTROL, `${ETC}/hypcontrol.conf`),
      config,
      lsbNames: ['redis-server'],
      lsbNotExecutable: [],
      problems: [],
      readinessProblems: [],
      ready: [],
    },
    daemon: { view: { ok: true, processes: processes() }, pid: 42, startedAt: NOW - 3 * 3600_000 },
    lsb: [
      {
        name: 'redis-server',
        kind: 'lsb',
        state: 'RUNNING',
        pid: undefined,
        uptimeSeconds: undefined,
        detail: 'redis-server is running',
      },
    ],
    leftovers: new Map(),
    readiness: new Map(),
    readinessAsked: [],
    readHome: () => session.home,
    pollLeftovers: () => [...session.leftovers].map(([name, entries]) => ({ node: NODE, name, entries })),
    hasReadyCheck: (_node, name) => session.readiness.has(name),
    lastLines: new Map(),
    mainLog: [],
    logLines: [],
    logWatches: [],
    journalReads: [],
    updatePreview: {
      ok: true,
      answer: { added: [], changed: [], removed: [] },
      plan: { groups: [], unchanged: [] },
      unknown: [],
    },
    updatesApplied: [],
    previewUpdate: () => Promise.resolve([{ node: 'local', label: 'local', preview: session.updatePreview }]),
    async applyUpdate(answers, onGroup) {
      answers.forEach(({ answer }) => session.updatesApplied.push(answer));
      const preview = session.updatePreview;
      if (!preview.ok) return [{ node: 'local', run: preview }];
      const groups = preview.plan.groups.map((group) => ({
        group: group.group,
        change: group.change,
        ok: true,
        results: [],
      }));
      groups.forEach((group) => onGroup('local', group));
      return [{ node: 'local', run: { ok: true, plan: preview.plan, groups } }];
    },
    pollJournal: () => session.journalReads.shift() ?? { entries: [], others: [] },
    async watchLog(targets, streams, count, handlers, signal) {
      session.logWatches.push({ targets, streams, handlers, signal });
      handlers.onLines(session.logLines.slice(-count), true);
    },
    readMainLogEvents: () => Promise.resolve(session.mainLog.map((event) => ({ ...event, node: NODE }))),
    async readLastLines(asked, onLine) {
      asked
        .filter(({ name }) => session.lastLines.has(name))
        .forEach((one) => onLine(one, session.lastLines.get(one.name)!));
    },
    async pollReadiness(running, onAnswer) {
      session.readinessAsked.push(running.map(({ name }) => name));
      running
        .filter(({ name }) => session.readiness.has(name))
        .forEach((one) => onAnswer(one, session.readiness.get(one.name)));
    },
    pollDaemon: () => Promise.resolve(poll()),
    prefetch: () => Promise.resolve(poll()),
    async pollInitscripts(scripts, onRow) {
      const names = scripts.map(({ name }) => name);
      session.lsb.filter((row) => names.includes(row.name)).forEach((row) => onRow({ node: NODE, row }));
    },
    act(request) {
      session.requests.push(request);
      return new Promise((resolve) =>
        pending.push((results) => resolve(results.map((one) => ({ ...one, node: NODE })))),
      );
    },
    finish: (results) => pending.shift()?.(results),
    runPlatform(verb: Verb, _signal, onEvent) {
      session.requests.push({ scope: 'platform', verb });
      for (const event of session.platformEvents) onEvent(event);
      return new Promise((resolve, reject) => {
        ending = (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome));
      });
    },
    endPlatform: (outcome) => ending(outcome),
    watch(onChange) {
      changed = onChange;
      return () => undefined;
    },
    touch: () => changed(),
    runs(overrides) {
      session.daemon = { ...session.daemon, view: { ok: true, processes: processes(overrides) } };
    },
  };
  return session;
}
