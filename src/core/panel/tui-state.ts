/**
 * The control panel's state and its reducer. Everything the screen shows is derived from this state
 * and `now`; the reducer is pure, so every screen can be tested without Ink.
 */
import { buildCatalog, configDrift, type Catalog } from '../plan/catalog.js';
import { failedRuns } from '../report/daemon-view.js';
import type { ProcessEntry } from '../model/process-entry.js';
import { planOnNodes, type NodePlans } from '../plan/stage-plan.js';
import { buildPanels, type NodeRows, type Panel, type PanelRow } from './panels.js';
import { formatEntry, mergeEntries } from '../report/journal.js';
import { rowMatcher } from './row-filter.js';
import { LOCAL_NODE } from '../config/nodes.js';
import { namesNodes, nodeNaming, type NameOnNode } from '../report/node-names.js';
import { rowsView, type NodeAnswer } from './node-views.js';

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

/** How the panel names a process on its node, in its rows and in the keys of what it knows per name. */
export function panelNaming(state: Pick<TuiState, 'nodes'>): NameOnNode {
  return nodeNaming(state.nodes?.length ?? 1);
}

/** The nodes as the panel knows them: the home's alone before any answer. */
function knownNodes(state: TuiState): readonly NodeAnswer[] {
  return state.nodes ?? [{ node: LOCAL_NODE, local: true, view: undefined, last: undefined }];
}

/** The facts of the answers that the panels show (not supervisord's clock, which moves every poll). */
function daemonSignature(nodes: readonly NodeAnswer[], pid: number | undefined): string {
  const one = (answer: NodeAnswer) => {
    const { view } = answer;
    const late = answer.lateMs === undefined ? '' : Math.ceil(answer.lateMs / 1000);
    const head = `${answer.node}|${late}|${answer.lsb?.join(',') ?? ''}`;
    if (!view?.ok) return `${head}|down:${view ? view.reason : 'asking'}`;
    const facts = view.processes.map(
      (p) => `${p.group}:${p.name}|${p.state}|${p.pid}|${p.start}|${p.spawnerr}|${p.exitstatus}`,
    );
    return `${head}|up\n${facts.join('\n')}`;
  };
  return `${pid ?? ''}\n${nodes.map(one).join('\n')}`;
}

/** Each node with its catalog: from its files when read here, and what its supervisord answered. */
function nodeRows(state: TuiState): NodeRows[] {
  const nodes = knownNodes(state);
  const named = namesNodes(nodes.length);
  return nodes.map((answer) => {
    const config = answer.local ? state.config : answer.config;
    const view = rowsView(answer, named);
    // A node that cannot be asked keeps the names of its last answer when its files are not read here.
    const loaded = view.ok ? view.processes : config ? undefined : answer.last && [...answer.last];
    const lsb = answer.local ? state.lsbNames : [...(answer.lsb ?? [])];
    const programs = answer.programs ? { programs: answer.programs } : {};
    const catalog: Catalog = buildCatalog({
      config,
      loaded,
      lsb,
      lsbNotExecutable: answer.local ? state.lsbNotExecutable : [],
      remote: !config,
      ...programs,
    });
    return { node: answer.node, catalog, view };
  });
}

/** Recomputes the panels and the drift count after what they derive from changed. */
function derive(state: TuiState): TuiState {
  const nodes = nodeRows(state);
  const { plans, unresolved }: NodePlans = state.hypcontrol
    ? planOnNodes(state.hypcontrol, nodes)
    : { plans: new Map(), unresolved: [] };
  const drift = new Map(
    nodes.map(({ node, catalog, view }) => {
      return [node, view.ok ? catalog.processes.filter((p) => configDrift(p)).length : 0] as const;
    }),
  );
  const stagedScripts = [...plans].flatMap(([node, stages]) =>
    stages.flatMap((stage) =>
      stage.services.flatMap((service) =>
        service.resolution.ok
          ? service.resolution.targets.flatMap((target) => (target.kind === 'lsb' ? [{ node, name: target.name }] : []))
          : [],
      ),
    ),
  );
  const { lsb, expanded, leftovers, notReady, histories } = state;
  const lastLines = new Map([...state.lastLines].map(([name, { line }]) => [name, line]));
  const filter = state.filter?.text ? { filter: rowMatcher(state.filter.text) } : {};
  const stages = state.hypcontrol?.stages ?? [];
  const input = { stages, plans, unresolved, nodes, lsb, expanded, leftovers, notReady, lastLines, histories };
  return { ...state, panels: buildPanels({ ...input, naming: panelNaming(state), ...filter }), drift, stagedScripts };
}

/** The failed runs of every node, by the name the rows show, with what tells this failure from the next. */
export function failedRunsOf(
  state: Pick<TuiState, 'nodes'>,
): Array<{ node: string; name: string; key: string; run: string }> {
  const naming = panelNaming(state);
  return (state.nodes ?? []).flatMap(({ node, view }) =>
    failedRuns(view).map(([name, run]) => ({ node, name, key: naming(name, node), run })),
  );
}

/** Whether the processes of these targets are on a supervisord of this home that is simply not running. */
export function localDaemonDown(state: TuiState, nodes: readonly string[]): boolean {
  return (state.nodes ?? []).some(
    (answer) => answer.local && nodes.includes(answer.node) && answer.view?.ok === false && answer.view.down,
  );
}

/** The panels of a state (stages in order, OTHER last). */
export function selectPanels(state: TuiState): Panel[] {
  return state.panels;
}

/** Every visible row, top to bottom, with its panel. */
export function selectRows(state: TuiState): Array<{ panel: Panel; row: PanelRow }> {
  return selectPanels(state).flatMap((panel) => panel.rows.map((row) => ({ panel, row })));
}

/** The selected row: the one with the selected key, else the first. */
export function selectedRow(state: TuiState): { panel: Panel; row: PanelRow } | undefined {
  const rows = selectRows(state);
  return rows.find((entry) => entry.row.key === state.selectedKey) ?? rows[0];
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
