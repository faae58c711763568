/** The control panel's state and the actions its reducer (core/panel/tui-state) takes, and its first state. */
import type { StageName } from '../config/hypcontrol-conf.js';
import type { NodeAnswer, NodeLeftovers, NodeRow } from './node-views.js';
import type { ProcessEntry } from '../model/process-entry.js';
import type { History } from '../report/restart-history.js';
import type { JournalEntry } from '../report/journal.js';
import type { Panel } from './panels.js';
import type { HomeFacts, Message, Overlay, Screen, StageProgress, UpdateScreen, Verb } from './tui-types.js';

/** The home's facts are the last good reading of each file: a broken file keeps the previous one. */
export interface TuiState extends HomeFacts {
  /** Each node's last answer, the home's own first; undefined until the first poll. */
  nodes: readonly NodeAnswer[] | undefined;
  /** The home's supervisord: its pid and start. */
  daemonPid: number | undefined;
  daemonStartedAt: number | undefined;
  /** What the last answers said that the screen shows: answers that say the same change nothing. */
  daemonSignature: string;
  /** Initscripts' statuses, each with its node, by the name the rows show. */
  lsb: ReadonlyMap<string, NodeRow>;
  /** What stops left running, by process name, as the home's leftover store says. */
  leftovers: ReadonlyMap<string, ProcessEntry[]>;
  /** Running processes and services whose readiness check fails, with why. */
  notReady: ReadonlyMap<string, string>;
  /** Starts and unexpected exits in the last hour, by process name (supervisord's main log). */
  histories: ReadonlyMap<string, History>;
  /** Failed processes' last line of log, for the failure it was read for (`run`: its stop time). */
  lastLines: ReadonlyMap<string, { run: string; line: string }>;
  expanded: ReadonlySet<string>;
  selectedKey: string | undefined;
  overlay: Overlay;
  screen: Screen;
  /** Row key to its in-flight label (`starting...`). */
  inflight: Readonly<Record<string, string>>;
  /** The last platform run: `running` until its explicit end (ok, failed, aborted, threw). */
  platform: { verb: Verb; running: boolean; stages: Partial<Record<StageName, StageProgress>> } | undefined;
  message: Message | undefined;
  /** The rows' filter (`/`): its text, and whether it is still being typed. */
  filter: { text: string; typing: boolean } | undefined;
  /** The action journal's recent entries, oldest first, any command's (SPEC 9). */
  actions: readonly JournalEntry[];
  /** Derived from the files, the daemon, the LSB statuses and what is expanded; kept up to date by the reducer. */
  panels: Panel[];
  /** By node: processes whose files (when read here) and supervisord disagree (SPEC 3). */
  drift: ReadonlyMap<string, number>;
  /** The initscripts the stages name, on their nodes: the only ones the panel asks about. */
  stagedScripts: ReadonlyArray<{ node: string; name: string }>;
}

export type TuiAction =
  | ({ type: 'home-read' } & HomeFacts)
  | { type: 'daemon-polled'; nodes: readonly NodeAnswer[]; pid: number | undefined; startedAt: number | undefined }
  | { type: 'lsb-polled'; rows: NodeRow[] }
  | { type: 'leftovers-polled'; leftovers: readonly NodeLeftovers[] }
  /** Readiness answers: a reason when not ready, undefined when ready (or no longer checked). */
  | { type: 'ready-polled'; answers: Array<[name: string, notReady: string | undefined]> }
  | { type: 'last-lines-read'; lines: Array<[name: string, run: string, line: string]> }
  | { type: 'history-read'; histories: ReadonlyMap<string, History> }
  | { type: 'select'; key: string | undefined }
  | { type: 'expand'; key: string; expanded: boolean }
  | { type: 'overlay'; overlay: Overlay }
  | { type: 'screen'; screen: Screen }
  /** The update's preview arrived: shown if the update screen is still open. */
  | { type: 'update-previewed'; preview: UpdateScreen }
  | { type: 'inflight'; keys: string[]; label: string | undefined }
  | { type: 'message'; message: Message | undefined }
  | { type: 'filter'; filter: TuiState['filter'] }
  /** Journal entries read; `others` (other processes' actions) are said in the message line. */
  | { type: 'journal-read'; entries: JournalEntry[]; others: JournalEntry[]; now: number }
  | { type: 'platform-begin'; verb: Verb; stages: StageName[] }
  | { type: 'platform-stage'; stage: StageName; progress: StageProgress }
  | { type: 'platform-end'; end: PlatformEnd; message: Message };

/** How a platform run ended; every run ends with one, whatever happened. */
export type PlatformEnd = 'ok' | 'failed' | 'aborted' | 'threw';

export function initialState(): TuiState {
  return {
    hypcontrol: undefined,
    config: undefined,
    lsbNames: [],
    lsbNotExecutable: [],
    problems: [],
    nodes: undefined,
    daemonPid: undefined,
    daemonStartedAt: undefined,
    daemonSignature: '',
    lsb: new Map(),
    leftovers: new Map(),
    notReady: new Map(),
    lastLines: new Map(),
    histories: new Map(),
    expanded: new Set(),
    selectedKey: undefined,
    overlay: { kind: 'none' },
    screen: { kind: 'panels' },
    inflight: {},
    platform: undefined,
    message: undefined,
    filter: undefined,
    actions: [],
    panels: [],
    drift: new Map(),
    stagedScripts: [],
  };
}
