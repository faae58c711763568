/**
 * What the control panel asks of the engine (SPEC 6, 9, 10): the interface `createPanelSession` implements over
 * the home's nodes (a home without `[node:]` sections is a fleet of one). Every name travels with its node.
 */
import type { DaemonView } from '../core/report/daemon-view.js';
import type { ReadyRule } from '../core/config/settings.js';
import type { JournalEntry } from '../core/report/journal.js';
import type { LogStream } from '../core/ports.js';
import type { ActionResult } from '../core/model/outcomes.js';
import type { ProcessEntry } from '../core/model/process-entry.js';
import type { Target } from '../core/plan/resolver.js';
import type { StatusRow } from '../core/report/status.js';
import type { RunningName } from '../core/panel/poll-targets.js';
import type { NodeTarget } from '../core/plan/node-resolver.js';
import type { LogEvent } from '../core/report/restart-history.js';
import type { NodeAnswer, NodeLeftovers, NodeResult, NodeRow } from '../core/panel/node-views.js';
import type { ActionRequest, Verb } from '../core/panel/tui-state.js';
import type { HomeFacts, RowVerb } from '../core/panel/tui-types.js';
import type { ReloadAnswer } from '../core/plan/config-update.js';
import type { GroupResult, UpdatePreview, UpdateRun } from './config-update.js';
import type { PlatformEvent, PlatformOutcome } from './platform.js';
import type { PlatformHome } from './panel-platform.js';

export interface HomeSnapshot extends HomeFacts {
  /** Those of `problems` that are `[ready]` keys naming nothing here (another node may have them). */
  readinessProblems: string[];
  /** The `[ready]` rules of the settings, to bind on every node's names. */
  ready: readonly ReadyRule[];
}

/** One node's update preview: its name and address, and what its supervisord said. */
export interface NodeUpdatePreview {
  node: string;
  label: string;
  preview: UpdatePreview;
}

export interface LogHandlers {
  onLines(lines: string[], first: boolean): void;
  onProblem(problem: string): void;
}

/** What one node's supervisord said (plus its pid and start, for the home's own). */
export interface DaemonPoll {
  view: DaemonView;
  pid: number | undefined;
  startedAt: number | undefined;
}

/** What every node said: each node's answer, and the home's supervisord's pid and start. */
export interface NodesPoll {
  nodes: NodeAnswer[];
  pid: number | undefined;
  startedAt: number | undefined;
}

/** A spawn or unexpected exit in a node's supervisord main log. */
export type NodeLogEvent = LogEvent & { node: string };

/** A name on a node. */
export interface OnNode {
  node: string;
  name: string;
}

export interface TuiSession {
  readHome(): HomeSnapshot;
  /**
   * What supervisord says (plus getPID only when the daemon was not known to be up): a small request for the
   * processes on screen (`visible`) while its main log says nothing changed, else one getAllProcessInfo.
   */
  pollDaemon(visible?: readonly OnNode[]): Promise<NodesPoll>;
  /**
   * Asks supervisord now, before the screen is even loaded: its answer is handed to the next pollDaemon
   * instead of asking again (at 1000 processes supervisord takes 0.2 s to answer: the panel loads meanwhile).
   */
  prefetch(): Promise<NodesPoll>;
  /** Each script's status on its node, each row handed to `onRow` as soon as that script answers. */
  pollInitscripts(scripts: readonly OnNode[], onRow: (row: NodeRow) => void): Promise<void>;
  /** What stops left running, by process on its node (the home's leftover store, the dead left out). */
  pollLeftovers(): NodeLeftovers[];
  /**
   * The readiness of those of `running` that have a check, each handed to `onAnswer` as it comes. A `log:`
   * check that passed for a run is not asked again while that run lasts (same pid and start).
   */
  pollReadiness(
    running: RunningName[],
    onAnswer: (one: RunningName, notReady: string | undefined) => void,
  ): Promise<void>;
  /** Whether the settings give this process or service of this node a readiness check now. */
  hasReadyCheck(node: string, name: string): boolean;
  /**
   * The log of some targets: its last `count` lines (`onLines(lines, true)`), then what is written after
   * (`onLines(lines, false)`) until `signal` aborts; `onProblem` says what cannot be read.
   */
  watchLog(
    targets: NodeTarget[],
    streams: LogStream[],
    count: number,
    handlers: LogHandlers,
    signal: AbortSignal,
  ): Promise<void>;
  /** The spawns and unexpected exits in the end of supervisord's main log (undefined: it cannot be read). */
  readMainLogEvents(): Promise<NodeLogEvent[] | undefined>;
  /** The last line each of these (failed) processes wrote to its log, each handed on as it is read. */
  readLastLines<T extends OnNode>(asked: readonly T[], onLine: (one: T, line: string) => void): Promise<void>;
  /**
   * The action journal: the first call gives the recent history; each later one what any command wrote
   * since, with `others` the entries of other processes (another panel, `service`, `hypcontrol`).
   */
  pollJournal(): { entries: JournalEntry[]; others: JournalEntry[] };
  act(request: Extract<ActionRequest, { scope: 'row' }>): Promise<NodeResult[]>;
  /** What an update of each node's supervisord to its files would do (`u`), or why it cannot be done there. */
  previewUpdate(): Promise<NodeUpdatePreview[]>;
  /** Applies on each node the update previewed there as its `answer` (nothing, if its files changed since). */
  applyUpdate(
    answers: ReadonlyArray<{ node: string; answer: ReloadAnswer }>,
    onGroup: (node: string, result: GroupResult) => void,
  ): Promise<Array<{ node: string; run: UpdateRun }>>;
  runPlatform(
    verb: Verb,
    signal: AbortSignal,
    onEvent: (event: PlatformEvent) => void,
  ): Promise<PlatformOutcome | { error: string }>;
  watch(onChange: () => void): () => void;
}

/** What the panel asks of one node, by the node's own names. */
export interface NodeSession extends Pick<TuiSession, 'readHome' | 'pollJournal' | 'applyUpdate' | 'watch'> {
  pollDaemon(visible?: readonly string[]): Promise<DaemonPoll>;
  pollInitscripts(names: string[], onRow: (row: StatusRow) => void): Promise<void>;
  pollLeftovers(): Map<string, ProcessEntry[]>;
  pollReadiness(
    running: ReadonlyArray<readonly [name: string, run: string]>,
    onAnswer: (name: string, notReady: string | undefined) => void,
  ): Promise<void>;
  hasReadyCheck(name: string): boolean;
  watchLog(
    targets: Target[],
    streams: LogStream[],
    count: number,
    handlers: LogHandlers,
    signal: AbortSignal,
  ): Promise<void>;
  readMainLogEvents(): Promise<LogEvent[] | undefined>;
  readLastLines(names: string[], onLine: (name: string, line: string) => void): Promise<void>;
  act(request: {
    verb: RowVerb;
    massive: boolean;
    targets: Target[];
    killLeftovers?: boolean;
  }): Promise<ActionResult[]>;
  previewUpdate(): Promise<NodeUpdatePreview[]>;
  /**
   * What supervisord says differs between its files and what it runs (`reloadConfig`, which applies nothing:
   * `supervisorctl reread`); undefined when its files are refused or it cannot be asked.
   */
  reloadAnswer(): Promise<ReloadAnswer | undefined>;
}

/** How a node's session acts: its timeouts, and the node it acts on. */
export interface SessionOptions {
  actionTimeoutMs: number;
  statusTimeoutMs: number;
  /** The node this session acts on (SPEC 10); absent: the home's own. */
  node?: string;
  /** How the journal names a target on it (core/report/node-names decides). */
  journalName?: (target: string) => string;
}

/** A node of the panel: its ports, and why its own files could not be read here, when they could not. */
export interface PanelNode extends PlatformHome {
  filesProblem?: string;
}

export interface PanelOptions extends SessionOptions {
  /** How long a poll waits for a node before showing its last answer. */
  waitMs: number;
  now: () => number;
}
