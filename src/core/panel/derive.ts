/**
 * What the panels are derived from (SPEC 6, 10): each node's catalog from its files (when read here) and its
 * supervisord's answer, each node's plan of the stages, and the naming that writes a name on its node (the
 * keys of what the panel knows per name). Pure: the reducer (core/panel/tui-state) calls `derive` after
 * what the panels show changed.
 */
import { buildCatalog, configDrift, type Catalog } from '../plan/catalog.js';
import { failedRuns } from '../report/daemon-view.js';
import { planOnNodes, type NodePlans } from '../plan/stage-plan.js';
import { buildPanels, type NodeRows } from './panels.js';
import { rowMatcher } from './row-filter.js';
import { LOCAL_NODE } from '../config/nodes.js';
import { namesNodes, nodeNaming, type NameOnNode } from '../report/node-names.js';
import { rowsView, type NodeAnswer } from './node-views.js';
import type { TuiState } from './tui-model.js';

/** How the panel names a process on its node, in its rows and in the keys of what it knows per name. */
export function panelNaming(state: Pick<TuiState, 'nodes'>): NameOnNode {
  return nodeNaming(state.nodes?.length ?? 1);
}

/** The nodes as the panel knows them: the home's alone before any answer. */
function knownNodes(state: TuiState): readonly NodeAnswer[] {
  return state.nodes ?? [{ node: LOCAL_NODE, local: true, view: undefined, last: undefined }];
}

/** The facts of the answers that the panels show (not supervisord's clock, which moves every poll). */
export function daemonSignature(nodes: readonly NodeAnswer[], pid: number | undefined): string {
  const one = (answer: NodeAnswer) => {
    const { view } = answer;
    const late = answer.lateMs === undefined ? '' : Math.ceil(answer.lateMs / 1000);
    const head = `${answer.node}|${late}|${answer.lsb?.join(',') ?? ''}|${JSON.stringify(answer.reloaded ?? null)}`;
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
export function derive(state: TuiState): TuiState {
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
