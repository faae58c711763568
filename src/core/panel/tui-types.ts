/** What the panel's state is made of besides its data: requests, overlays, screens, messages. */
import type { ReloadAnswer } from '../plan/config-update.js';
import type { HypcontrolConf } from '../config/hypcontrol-conf.js';
import type { NodeTarget } from '../plan/node-resolver.js';
import type { SupervisordConfig } from '../config/supervisord-config.js';

/** What the panel knows of the home's files: the session's reading of them, and the state's last good one. */
export interface HomeFacts {
  hypcontrol: HypcontrolConf | undefined;
  config: SupervisordConfig | undefined;
  lsbNames: string[];
  lsbNotExecutable: string[];
  /** `FILE:LINE: problem` for each file that is broken now. */
  problems: string[];
}

export type Verb = 'start' | 'stop' | 'restart';

/** What a row action does: a verb, or `kill` (what stops left running, SPEC 8). */
export type RowVerb = Verb | 'kill';

export type ActionRequest =
  | {
      scope: 'row';
      verb: RowVerb;
      massive: boolean;
      rowKey: string;
      name: string;
      targets: NodeTarget[];
      startsDaemon: boolean;
      /** What stops of these targets left running is killed first (asked before a start over it). */
      killLeftovers?: boolean;
    }
  | { scope: 'platform'; verb: Verb };

export type Overlay =
  | { kind: 'none' }
  | { kind: 'help' }
  /** A menu, its cursor on item `index` (core/panel/menus). */
  | { kind: 'menu'; rowKey: string; index: number }
  | { kind: 'platform-menu'; index: number }
  | { kind: 'confirm'; request: ActionRequest; question: string }
  /** Quitting while a platform action runs: launching stops after the stage in flight. */
  | { kind: 'confirm-quit'; question: string };

/** What fills the screen below the header: the stage panels, or one row's log (SPEC 9). */
export type Screen =
  | { kind: 'panels' }
  | { kind: 'log'; rowKey: string; name: string; targets: NodeTarget[] }
  | { kind: 'history' }
  /** `u`: what an update would do (undefined while supervisord is asked), then y applies it (SPEC 9). */
  | { kind: 'update'; preview: UpdateScreen | undefined };

/** The update's preview as the screen shows it: lines, and what `y` applies (absent: nothing to apply). */
export interface UpdateScreen {
  lines: string[];
  apply: { answers: Array<{ node: string; answer: ReloadAnswer }>; groups: string[] } | undefined;
}

export interface Message {
  text: string;
  level: 'info' | 'ok' | 'error';
}

/** Per stage, while a platform action runs or after it ended. */
export type StageProgress = { state: 'pending' } | { state: 'running' } | { state: 'ok' | 'KO'; elapsedMs: number };
