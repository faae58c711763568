/**
 * What the panel's slower polls ask about, read from the state: the runs that are up (their readiness) and
 * the failures (their last line of log), each with what tells one run or failure from the next.
 */
import type { DaemonView } from './daemon-view.js';
import { makeNamespec } from './names.js';
import type { TuiState } from './tui-state.js';

/**
 * Processes that failed (FATAL, BACKOFF, EXITED not 0), each with what tells this failure from the next
 * (its stop time: BACKOFF turning FATAL is the same failure): whose last line of log is worth reading once.
 */
export function failedRuns(view: DaemonView | undefined): Array<[name: string, run: string]> {
  if (!view?.ok) return [];
  return view.processes
    .filter(
      (p) => p.statename === 'FATAL' || p.statename === 'BACKOFF' || (p.statename === 'EXITED' && p.exitstatus !== 0),
    )
    .map((p) => [makeNamespec(p.group, p.name), String(p.stop)]);
}

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
