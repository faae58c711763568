/**
 * What the panel's slower polls ask about, read from the state: the runs that are up (their readiness),
 * each with what tells one run from the next. (The failures whose last line is read: `failedRuns`, in
 * daemon-view.)
 */
import { makeNamespec } from '../model/names.js';
import type { TuiState } from './tui-state.js';

/** What is running now, by name, with what tells this run from the next (pid and start; '' for an initscript). */
export type RunningName = [name: string, run: string];

/** Names supervisord or their initscript say are running: the ones whose readiness is worth asking. */
export function selectRunningNames(state: TuiState): RunningName[] {
  const processes = state.daemon?.ok
    ? state.daemon.processes
        .filter((p) => p.statename === 'RUNNING')
        .map((p): RunningName => [makeNamespec(p.group, p.name), `${p.pid}:${p.start}`])
    : [];
  const scripts = [...state.lsb.values()]
    .filter((row) => row.state === 'RUNNING')
    .map((row): RunningName => [row.name, '']);
  return [...scripts, ...processes];
}
