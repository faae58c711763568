/**
 * One node of the panel (SPEC 6, 10): its files, one poll of its supervisord, its initscripts' status, its
 * readiness checks, its logs, row actions and updates on it. The panel's session (control/panel-session)
 * holds one per node of the home, the home's own first; names here are the node's own.
 */
import { ConfigError } from '../core/model/config-error.js';
import { supervisordProblems, type HomePort, type HomeReading } from '../core/home.js';
import { buildCatalog, catalogNames } from '../core/plan/catalog.js';
import { bindReadyRules, NO_CHECKS, readinessOf, type ReadyChecks } from '../core/plan/readiness.js';
import type { ProcessInfo } from '../core/ports.js';
import { LOCAL_NODE } from '../core/config/nodes.js';
import { parseMainLog } from '../core/report/restart-history.js';
import { initscriptStatus } from './initscript-actions.js';
import { followLogs, lastErrorLines, logReadersOf, tailLogs } from './logs.js';
import { readLastHourOfMainLog } from './service-status.js';
import { pollRuns } from './readiness.js';
import { createControlEngine } from './engine.js';
import { createJournalFeed } from './journal-feed.js';
import { deferredWatch } from './home-watch.js';
import { createDaemonPoller, createPidTracker, type DaemonPoller } from './daemon-poll.js';

import type { DaemonPoll, HomeSnapshot, NodeSession, SessionOptions } from './tui-session-api.js';
export type { NodeSession, SessionOptions } from './tui-session-api.js';

/** How many of a failed process's last lines the panel shows. */
const LAST_WORDS = 3;

/** A full getAllProcessInfo at least this often, whatever supervisord's log says. */
export const FULL_POLL_MS = 30_000;

/** One `make` per reading of the home, kept while that reading is the current one. */
function perReading<T>(current: () => HomeReading, make: (reading: HomeReading) => T): () => T {
  const made = new WeakMap<HomeReading, T>();
  return () => {
    const now = current();
    if (!made.has(now)) made.set(now, make(now));
    return made.get(now)!;
  };
}

export function createNodeSession(home: HomePort, options: SessionOptions): NodeSession {
  // Read on first use (by whichever asks first), then again at the first readHome after a change under ~/etc.
  let reading: HomeReading | undefined;
  let dirty = false;
  let broken = false;
  const current = (): HomeReading => (reading ??= home.read());
  let firstAnswer: () => void = () => undefined;
  const deps = () => current().deps;
  // The control engine and the poller of the supervisord the panel reaches now (built anew with the reading).
  const engine = perReading(current, (now) => createControlEngine(now.deps, options.journalName));
  const poller = perReading(current, (now): DaemonPoller => {
    const loglevel = now.files.daemon instanceof ConfigError ? 'info' : now.files.daemon.loglevel;
    const pollerOptions = { now: () => now.deps.clock.now(), fullEveryMs: FULL_POLL_MS, loglevel };
    return createDaemonPoller(now.deps.supervisor, now.deps.supervisorProblem, pollerOptions);
  });
  const journal = createJournalFeed();
  const daemonPid = createPidTracker();

  let checks: ReadyChecks = NO_CHECKS;
  let boundTo: readonly ProcessInfo[] | undefined;
  /** The run (pid and start) of each process whose `log:` check passed. */
  const logSeen = new Map<string, string>();
  const refresh = () => {
    const next = home.read();
    // A supervisord.conf that no longer names the socket keeps the last good way to reach the daemon.
    const keepDaemon =
      reading !== undefined &&
      next.files.daemon instanceof ConfigError &&
      !(reading.files.daemon instanceof ConfigError);
    reading =
      keepDaemon && reading
        ? {
            files: next.files,
            deps: {
              ...next.deps,
              supervisor: reading.deps.supervisor,
              launcher: reading.deps.launcher,
              supervisorProblem: undefined,
            },
          }
        : next;
  };
  const snapshotOf = perReading(current, ({ files }): HomeSnapshot => {
    const { config, hypcontrol, lsb } = files;
    const readable = config instanceof ConfigError ? undefined : config;
    const readiness = readinessOf(files.settings, buildCatalog({ ...files, config: readable, loaded: undefined }));
    checks = readiness.checks;
    const hypcontrolProblems = hypcontrol instanceof ConfigError ? [hypcontrol.message] : [];
    const problems = [...supervisordProblems(files), ...hypcontrolProblems, ...readiness.problems];
    broken = problems.length > 0;
    return {
      hypcontrol: hypcontrol instanceof ConfigError ? undefined : hypcontrol,
      config: config instanceof ConfigError ? undefined : config,
      lsbNames: lsb,
      lsbNotExecutable: files.lsbNotExecutable,
      problems,
      readinessProblems: readiness.problems.filter((problem) => !files.settings.problems.includes(problem)),
      ready: files.settings.ready,
    };
  });

  const poll = async (visible: readonly string[]): Promise<DaemonPoll> => {
    const view = await poller().poll(visible);
    // Another node's files are on its host: its checks are bound to the names its supervisord answers
    // (again only when the answer changed: an idle poll hands back the same list).
    if (view.ok && current().files.config === undefined && view.processes !== boundTo) {
      boundTo = view.processes;
      const answered = buildCatalog({ config: undefined, loaded: view.processes, lsb: [], remote: true });
      checks = bindReadyRules(current().files.settings.ready, answered).checks;
      if (options.node !== undefined) deps().names?.remember(options.node, catalogNames(answered));
    }
    firstAnswer();
    firstAnswer = () => undefined;
    return { view, ...(await daemonPid(view, deps())) };
  };

  return {
    readHome() {
      if (dirty) refresh();
      dirty = false;
      return snapshotOf();
    },
    pollDaemon: (visible = []) => poll(visible),
    async pollInitscripts(names, onRow) {
      await Promise.all(
        names.map(async (name) => onRow(await initscriptStatus(deps().initscripts, name, options.statusTimeoutMs))),
      );
    },
    pollLeftovers: () => deps().leftoverStore?.read() ?? new Map(),
    pollReadiness: (running, onAnswer) => pollRuns(running, checks, logSeen, deps(), onAnswer),
    hasReadyCheck: (name) => (checks.get(name)?.length ?? 0) > 0,
    async watchLog(targets, streams, count, { onLines, onProblem }, signal) {
      const { files, deps: ports } = current();
      const readers = await logReadersOf(targets, { home: files.home, logs: files.settings.logs }, ports, streams);
      if (typeof readers === 'string') return onProblem(readers);
      const tail = await tailLogs(readers, count);
      if (signal.aborted) return;
      onLines(tail.lines, true);
      if (tail.problems.length > 0) onProblem(tail.problems.join('; '));
      await followLogs(readers, tail.ends, (lines) => onLines(lines, false), ports.clock, signal);
    },
    async readMainLogEvents() {
      const supervisor = deps().supervisor;
      const text = supervisor ? await readLastHourOfMainLog(supervisor, deps().clock.now()) : undefined;
      return text === undefined ? undefined : parseMainLog(text);
    },
    async readLastLines(names, onLine) {
      const supervisor = deps().supervisor;
      if (!supervisor) return;
      await Promise.all(
        names.map(async (name) => {
          // Its last words: the row says the last line, the detail under the panels all of them.
          const lines = await lastErrorLines(supervisor, name, LAST_WORDS);
          if (lines.length > 0) onLine(name, lines.join('\n'));
        }),
      );
    },
    pollJournal: () => journal.poll(deps().journal),
    act(request) {
      const platform = current().files.settings.platform;
      if (request.verb === 'kill') return engine().killLeftovers(request.targets, platform.leftoverGraceMs);
      return engine().act(request.verb, request.targets, {
        timeoutMs: options.actionTimeoutMs,
        massive: request.massive,
        leftoverGraceMs: platform.leftoverGraceMs,
        readiness: { checks, timeoutMs: platform.readyTimeoutMs },
        ...(request.killLeftovers ? { killLeftovers: true } : {}),
      });
    },
    async reloadAnswer() {
      const { files, deps: ports } = current();
      if (!ports.supervisor || supervisordProblems(files).length > 0) return undefined;
      return ports.supervisor.reloadConfig().catch(() => undefined);
    },
    async previewUpdate() {
      const node = options.node ?? LOCAL_NODE;
      return [{ node, label: node, preview: await engine().previewUpdate(current().files, []) }];
    },
    async applyUpdate(answers, onGroup) {
      const node = options.node ?? LOCAL_NODE;
      const platform = current().files.settings.platform;
      const mine = answers.filter((one) => one.node === node);
      const runs = mine.map(async ({ answer }) => {
        const run = await engine().applyUpdate(current().files, [], answer, {
          timeoutMs: options.actionTimeoutMs,
          leftoverGraceMs: platform.leftoverGraceMs,
          readiness: { checks, timeoutMs: platform.readyTimeoutMs },
          onGroup: (result) => onGroup(node, result),
        });
        return { node, run };
      });
      return Promise.all(runs);
    },
    watch(onChange) {
      const changed = () => {
        dirty = true;
        onChange();
      };
      const watching = deferredWatch(home.watch, changed, () => broken);
      firstAnswer = () => watching.answered();
      return () => {
        firstAnswer = () => undefined;
        watching.stop();
      };
    },
  };
}
