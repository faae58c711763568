/**
 * What the control panel asks of the engine: the home's files, one poll of supervisord, the initscripts'
 * status, row actions and platform runs. Built over a HomePort so the UI never touches an adapter.
 */
import { ConfigError } from '../core/config-error.js';
import type { DaemonView } from '../core/daemon-view.js';
import { supervisordProblems, type HomePort, type HomeReading } from '../core/home.js';
import type { HypcontrolConf } from '../core/hypcontrol-conf.js';
import { buildCatalog } from '../core/catalog.js';
import type { ActionResult } from '../core/outcomes.js';
import type { LogStream, ProcessEntry } from '../core/ports.js';
import type { JournalEntry } from '../core/journal.js';
import type { Target } from '../core/resolver.js';
import { NO_CHECKS, readinessOf, type ReadyChecks } from '../core/readiness.js';
import { planStages, unresolvedNames } from '../core/stage-plan.js';
import type { StatusRow } from '../core/status.js';
import type { SupervisordConfig } from '../core/supervisord-config.js';
import type { RunningName } from '../core/poll-targets.js';
import type { ActionRequest, Verb } from '../core/tui-state.js';
import { parseMainLog, type LogEvent } from '../core/restart-history.js';
import { initscriptStatus } from './initscript-actions.js';
import { followLogs, lastErrorLine, logReadersOf, tailLogs } from './logs.js';
import { MAIN_LOG_TAIL } from './service-status.js';
import { pollRuns } from './readiness.js';
import { createControlEngine } from './engine.js';
import { createJournalFeed } from './journal-feed.js';
import { deferredWatch } from './home-watch.js';
import { createDaemonPoller, type DaemonPoller } from './daemon-poll.js';
import type { GroupResult, UpdatePreview, UpdateRun } from './config-update.js';
import type { ReloadAnswer } from '../core/config-update.js';
import type { PlatformEvent, PlatformOutcome } from './platform.js';

export interface HomeSnapshot {
  hypcontrol: HypcontrolConf | undefined;
  config: SupervisordConfig | undefined;
  lsbNames: string[];
  lsbNotExecutable: string[];
  problems: string[];
}

export interface LogHandlers {
  onLines(lines: string[], first: boolean): void;
  onProblem(problem: string): void;
}

export interface DaemonPoll {
  view: DaemonView;
  pid: number | undefined;
  startedAt: number | undefined;
}

export interface TuiSession {
  readHome(): HomeSnapshot;
  /**
   * What supervisord says (plus getPID only when the daemon was not known to be up): a small request for the
   * processes on screen (`visible`) while its main log says nothing changed, else one getAllProcessInfo.
   */
  pollDaemon(visible?: readonly string[]): Promise<DaemonPoll>;
  /**
   * Asks supervisord now, before the screen is even loaded: its answer is handed to the next pollDaemon
   * instead of asking again (at 1000 processes supervisord takes 0.2 s to answer: the panel loads meanwhile).
   */
  prefetch(): Promise<DaemonPoll>;
  /** Each script's status, each row handed to `onRow` as soon as that script answers. */
  pollInitscripts(names: string[], onRow: (row: StatusRow) => void): Promise<void>;
  /** What stops left running, by process name (the home's leftover store, the dead left out). */
  pollLeftovers(): Map<string, ProcessEntry[]>;
  /**
   * The readiness of those of `running` that have a check, each handed to `onAnswer` as it comes. A `log:`
   * check that passed for a run is not asked again while that run lasts (same pid and start).
   */
  pollReadiness(running: RunningName[], onAnswer: (name: string, notReady: string | undefined) => void): Promise<void>;
  /** Whether the settings give this process or service a readiness check now. */
  hasReadyCheck(name: string): boolean;
  /**
   * The log of some targets: its last `count` lines (`onLines(lines, true)`), then what is written after
   * (`onLines(lines, false)`) until `signal` aborts; `onProblem` says what cannot be read.
   */
  watchLog(targets: Target[], streams: LogStream[], count: number, handlers: LogHandlers, signal: AbortSignal): Promise<void>;
  /** The spawns and unexpected exits in the end of supervisord's main log (undefined: it cannot be read). */
  readMainLogEvents(): Promise<LogEvent[] | undefined>;
  /** The last line each of these (failed) processes wrote to its log, each handed on as it is read. */
  readLastLines(names: string[], onLine: (name: string, line: string) => void): Promise<void>;
  /**
   * The action journal: the first call gives the recent history; each later one what any command wrote
   * since, with `others` the entries of other processes (another panel, `service`, `hypcontrol`).
   */
  pollJournal(): { entries: JournalEntry[]; others: JournalEntry[] };
  act(request: Extract<ActionRequest, { scope: 'row' }>): Promise<ActionResult[]>;
  /** What an update of supervisord to the files would do (`u`), or why it cannot be done. */
  previewUpdate(): Promise<UpdatePreview>;
  /** Applies the update previewed as `answer` (nothing, if the files changed since). */
  applyUpdate(answer: ReloadAnswer, onGroup: (result: GroupResult) => void): Promise<UpdateRun>;
  runPlatform(verb: Verb, signal: AbortSignal, onEvent: (event: PlatformEvent) => void): Promise<PlatformOutcome | { error: string }>;
  watch(onChange: () => void): () => void;
}

/** A full getAllProcessInfo at least this often, whatever supervisord's log says. */
export const FULL_POLL_MS = 30_000;

export interface SessionOptions {
  actionTimeoutMs: number;
  statusTimeoutMs: number;
}

/** One `make` per reading of the home, kept while that reading is the current one. */
function perReading<T>(current: () => HomeReading, make: (reading: HomeReading) => T): () => T {
  const made = new WeakMap<HomeReading, T>();
  return () => {
    const now = current();
    if (!made.has(now)) made.set(now, make(now));
    return made.get(now)!;
  };
}

export function createTuiSession(home: HomePort, options: SessionOptions): TuiSession {
  // Read on first use (the panel's first readHome), then again on every change under ~/etc.
  let reading: HomeReading | undefined;
  let known: { pid: number | undefined; startedAt: number | undefined } = { pid: undefined, startedAt: undefined };
  let broken = false;
  // The first reading, made by whichever asks first, serves the first readHome too (one read at start-up).
  let unsnapshotted = false;
  const current = (): HomeReading => {
    if (!reading) [reading, unsnapshotted] = [home.read(), true];
    return reading;
  };
  let firstAnswer: () => void = () => undefined;
  const deps = () => current().deps;
  // The control engine and the poller of the supervisord the panel reaches now (built anew with the reading).
  const engine = perReading(current, (now) => createControlEngine(now.deps));
  const poller = perReading(current, (now): DaemonPoller => {
    const loglevel = now.files.daemon instanceof ConfigError ? 'info' : now.files.daemon.loglevel;
    return createDaemonPoller(now.deps.supervisor, now.deps.supervisorProblem, { now: () => now.deps.clock.now(), fullEveryMs: FULL_POLL_MS, loglevel });
  });
  const journal = createJournalFeed();

  let checks: ReadyChecks = NO_CHECKS;
  /** The run (pid and start) of each process whose `log:` check passed. */
  const logSeen = new Map<string, string>();
  const reread = (): HomeSnapshot => {
    const next = unsnapshotted && reading ? reading : home.read();
    unsnapshotted = false;
    // A supervisord.conf that no longer names the socket keeps the last good way to reach the daemon.
    const keepDaemon = reading !== undefined && next.files.daemon instanceof ConfigError && !(reading.files.daemon instanceof ConfigError);
    reading = keepDaemon && reading ? { files: next.files, deps: { ...next.deps, supervisor: reading.deps.supervisor, launcher: reading.deps.launcher, supervisorProblem: undefined } } : next;
    const { config, hypcontrol, lsb } = next.files;
    const readiness = readinessOf(next.files.settings, buildCatalog({ ...next.files, config: config instanceof ConfigError ? undefined : config, loaded: undefined }));
    checks = readiness.checks;
    const problems = [...supervisordProblems(next.files), ...(hypcontrol instanceof ConfigError ? [hypcontrol.message] : []), ...readiness.problems];
    broken = problems.length > 0;
    return {
      hypcontrol: hypcontrol instanceof ConfigError ? undefined : hypcontrol,
      config: config instanceof ConfigError ? undefined : config,
      lsbNames: lsb,
      lsbNotExecutable: next.files.lsbNotExecutable,
      problems,
    };
  };

  const poll = async (visible: readonly string[]): Promise<DaemonPoll> => {
    const view = await poller().poll(visible);
    firstAnswer();
    firstAnswer = () => undefined;
    // The pidfile says at no cost whether the daemon answering now is still the one we know: a
    // supervisord replaced between two polls gets its own pid and uptime in the header.
    const filePid = view.ok ? deps().launcher?.daemonPid() : undefined;
    if (!view.ok) known = { pid: undefined, startedAt: undefined };
    else if (known.pid === undefined || (filePid !== undefined && filePid !== known.pid)) {
      const pid = filePid ?? (await deps().supervisor!.getPID().catch(() => undefined));
      known = { pid, startedAt: pid ? deps().launcher?.startedAt(pid) : undefined };
    }
    return { view, ...known };
  };
  let early: Promise<DaemonPoll> | undefined;
  // The home is read again only after a change under ~/etc (or while it is broken): the panel asks at once,
  // and again on every change.
  let dirty = true;
  let snapshot: HomeSnapshot | undefined;

  return {
    readHome() {
      if (dirty || !snapshot) snapshot = reread();
      dirty = false;
      return snapshot;
    },
    pollDaemon(visible = []) {
      const answer = early ?? poll(visible);
      early = undefined;
      return answer;
    },
    prefetch: () => (early ??= poll([])),
    async pollInitscripts(names, onRow) {
      await Promise.all(names.map(async (name) => onRow(await initscriptStatus(deps().initscripts, name, options.statusTimeoutMs))));
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
      const text = await deps().supervisor?.readMainLog(-MAIN_LOG_TAIL, 0).catch(() => undefined);
      return text === undefined ? undefined : parseMainLog(text);
    },
    async readLastLines(names, onLine) {
      const supervisor = deps().supervisor;
      if (!supervisor) return;
      await Promise.all(
        names.map(async (name) => {
          const line = await lastErrorLine(supervisor, name);
          if (line) onLine(name, line);
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
      });
    },
    previewUpdate: () => engine().previewUpdate(current().files, []),
    applyUpdate(answer, onGroup) {
      const platform = current().files.settings.platform;
      return engine().applyUpdate(current().files, [], answer, {
        timeoutMs: options.actionTimeoutMs,
        leftoverGraceMs: platform.leftoverGraceMs,
        readiness: { checks, timeoutMs: platform.readyTimeoutMs },
        onGroup,
      });
    },
    async runPlatform(verb, signal, onEvent) {
      const { files } = current();
      if (files.hypcontrol instanceof ConfigError) return { error: files.hypcontrol.message };
      const plan = planStages(files.hypcontrol, (await engine().snapshot(files)).catalog);
      const unknown = unresolvedNames(plan);
      if (unknown.length > 0) return { error: `${unknown.join('; ')}: nothing was started or stopped` };
      const platform = files.settings.platform;
      const { stopped, started, refused } = await engine().platform(verb, plan, {
        timeoutMs: options.actionTimeoutMs,
        signal,
        onEvent,
        leftoverGraceMs: platform.leftoverGraceMs,
        readiness: { checks, timeoutMs: platform.readyTimeoutMs },
      });
      return refused ? { error: refused } : (started ?? stopped)!;
    },
    watch(onChange) {
      const changed = () => {
        // Whatever was read before is old now, the first reading included.
        dirty = true;
        unsnapshotted = false;
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
