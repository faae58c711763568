/**
 * The control panel's state and its reducer. Everything the screen shows is derived from this state
 * and `now`; the reducer is pure, so every screen can be tested without Ink.
 */
import type { ProcessEntry } from '../model/process-entry.js';
import type { Panel, PanelRow } from './panels.js';
import { formatEntry, mergeEntries } from '../report/journal.js';
import { daemonSignature, derive, failedRunsOf, panelNaming } from './derive.js';

/** How many journal entries the panel keeps for `a`. */
export const ACTIONS_KEPT = 1_000;

export type {
  ActionRequest,
  Message,
  Overlay,
  RowVerb,
  Screen,
  StageProgress,
  UpdateScreen,
  Verb,
} from './tui-types.js';

export type { NodeRow } from './node-views.js';
export { initialState, type PlatformEnd, type TuiAction, type TuiState } from './tui-model.js';
import type { TuiAction, TuiState } from './tui-model.js';
export { failedRunsOf, localDaemonDown, panelNaming } from './derive.js';

/** The panels of a state (stages in order, OTHER last). */
export function selectPanels(state: TuiState): Panel[] {
  return state.panels;
}

/** Every visible row, top to bottom, with its panel. */
export function selectRows(state: TuiState): Array<{ panel: Panel; row: PanelRow }> {
  return selectPanels(state).flatMap((panel) => panel.rows.map((row) => ({ panel, row })));
}

/** The selected row: the one with the selected key, else the first failed process, else the first row. */
export function selectedRow(state: TuiState): { panel: Panel; row: PanelRow } | undefined {
  const rows = selectRows(state);
  const chosen = rows.find((entry) => entry.row.key === state.selectedKey);
  return chosen ?? rows.find(({ row }) => row.failed && !row.expandable) ?? rows[0];
}

function withInflight(
  inflight: Readonly<Record<string, string>>,
  keys: string[],
  label: string | undefined,
): Record<string, string> {
  const next = { ...inflight };
  for (const key of keys) {
    if (label === undefined) delete next[key];
    else next[key] = label;
  }
  return next;
}

export function tuiReducer(state: TuiState, action: TuiAction): TuiState {
  switch (action.type) {
    case 'home-read':
      return derive({
        ...state,
        hypcontrol: action.hypcontrol ?? state.hypcontrol,
        config: action.config ?? state.config,
        lsbNames: action.lsbNames,
        lsbNotExecutable: action.lsbNotExecutable,
        problems: action.problems,
      });
    case 'daemon-polled': {
      // Idle polls must cost no render: the same states, pids and start times leave the state as it was.
      const signature = daemonSignature(action.nodes, action.pid);
      if (state.nodes && signature === state.daemonSignature) return state;
      // A line read for an earlier failure says nothing of this one.
      const runs = new Map(failedRunsOf(action).map(({ key, run }) => [key, run]));
      const lastLines = new Map([...state.lastLines].filter(([name, { run }]) => runs.get(name) === run));
      return derive({
        ...state,
        nodes: action.nodes,
        daemonPid: action.pid,
        daemonStartedAt: action.startedAt,
        daemonSignature: signature,
        lastLines,
      });
    }
    case 'history-read':
      return JSON.stringify([...action.histories]) === JSON.stringify([...state.histories])
        ? state
        : derive({ ...state, histories: action.histories });
    case 'last-lines-read': {
      if (action.lines.length === 0) return state;
      const lastLines = new Map(state.lastLines);
      for (const [name, run, line] of action.lines) lastLines.set(name, { run, line });
      return derive({ ...state, lastLines });
    }
    case 'lsb-polled': {
      // Rows arrive one by one; an answer that says the same changes nothing.
      const naming = panelNaming(state);
      const keyed = action.rows.map((one) => [naming(one.row.name, one.node), one] as const);
      const changed = keyed.filter(([key, one]) => JSON.stringify(one) !== JSON.stringify(state.lsb.get(key)));
      if (changed.length === 0) return state;
      const lsb = new Map(state.lsb);
      for (const [key, one] of changed) lsb.set(key, one);
      return derive({ ...state, lsb });
    }
    case 'leftovers-polled': {
      const naming = panelNaming(state);
      const leftovers = new Map(action.leftovers.map(({ node, name, entries }) => [naming(name, node), entries]));
      const same = (a: ReadonlyMap<string, ProcessEntry[]>, b: ReadonlyMap<string, ProcessEntry[]>) =>
        JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
      return same(leftovers, state.leftovers) ? state : derive({ ...state, leftovers });
    }
    case 'ready-polled': {
      const changed = action.answers.filter(([name, why]) => state.notReady.get(name) !== why);
      if (changed.length === 0) return state;
      const notReady = new Map(state.notReady);
      for (const [name, why] of changed) {
        if (why === undefined) notReady.delete(name);
        else notReady.set(name, why);
      }
      return derive({ ...state, notReady });
    }
    case 'select':
      return { ...state, selectedKey: action.key };
    case 'expand': {
      const expanded = new Set(state.expanded);
      if (action.expanded) expanded.add(action.key);
      else expanded.delete(action.key);
      return derive({ ...state, expanded });
    }
    case 'overlay':
      return { ...state, overlay: action.overlay };
    case 'screen':
      return { ...state, screen: action.screen };
    case 'update-previewed':
      return state.screen.kind === 'update' ? { ...state, screen: { kind: 'update', preview: action.preview } } : state;
    case 'inflight':
      return { ...state, inflight: withInflight(state.inflight, action.keys, action.label) };
    case 'message':
      return { ...state, message: action.message };
    case 'filter':
      return action.filter?.text === state.filter?.text
        ? { ...state, filter: action.filter }
        : derive({ ...state, filter: action.filter });
    case 'journal-read': {
      const actions = mergeEntries(state.actions, action.entries, ACTIONS_KEPT);
      const said = action.others.at(-1);
      if (actions === state.actions && !said) return state;
      if (!said) return { ...state, actions };
      const more = action.others.length > 1 ? `  (+${action.others.length - 1} more: a)` : '';
      const level = said.outcome === 'ok' ? 'info' : 'error';
      return { ...state, actions, message: { level, text: `${formatEntry(said, action.now)}${more}` } };
    }
    case 'platform-begin':
      return {
        ...state,
        platform: {
          verb: action.verb,
          running: true,
          stages: Object.fromEntries(action.stages.map((stage) => [stage, { state: 'pending' }])),
        },
      };
    case 'platform-end': {
      if (!state.platform) return { ...state, message: action.message };
      // Stages the run never finished show nothing; the ones it did keep their outcome.
      const stages = Object.fromEntries(
        Object.entries(state.platform.stages).filter(
          ([, progress]) => progress.state === 'ok' || progress.state === 'KO',
        ),
      );
      // The run's own in-flight markers go with it (a run that threw never said which services ended).
      const ours = Object.keys(state.platform.stages).map((stage) => `${stage}:`);
      const inflight = Object.fromEntries(
        Object.entries(state.inflight).filter(([key]) => !ours.some((prefix) => key.startsWith(prefix))),
      );
      return { ...state, platform: { ...state.platform, running: false, stages }, message: action.message, inflight };
    }
    case 'platform-stage':
      if (!state.platform) return state;
      return {
        ...state,
        platform: { ...state.platform, stages: { ...state.platform.stages, [action.stage]: action.progress } },
      };
  }
}
