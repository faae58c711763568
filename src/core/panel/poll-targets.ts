/**
 * What the panel's slower polls ask about, read from the state: the runs that are up (their readiness),
 * each with what tells one run from the next. (The failures whose last line is read: `failedRunsOf`, in
 * tui-state.)
 */
import { makeNamespec } from '../model/names.js';
import { panelNaming, type TuiState } from './tui-state.js';

/**
 * What is running now on a node, with the name the rows show it by (`key`) and what tells this run from
 * the next (pid and start; '' for an initscript).
 */
export interface RunningName {
  node: string;
  name: string;
  key: string;
  run: string;
}

/** Names supervisord or their initscript say are running: the ones whose readiness is worth asking. */
export function selectRunningNames(state: TuiState): RunningName[] {
  const naming = panelNaming(state);
  const processes = (state.nodes ?? []).flatMap(({ node, view }) =>
    view?.ok
      ? view.processes
          .filter((p) => p.statename === 'RUNNING')
          .map((p): RunningName => {
            const name = makeNamespec(p.group, p.name);
            return { node, name, key: naming(name, node), run: `${p.pid}:${p.start}` };
          })
      : [],
  );
  const scripts = [...state.lsb]
    .filter(([, { row }]) => row.state === 'RUNNING')
    .map(([key, { node, row }]): RunningName => ({ node, name: row.name, key, run: '' }));
  return [...scripts, ...processes];
}
