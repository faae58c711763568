/** Feeds the state from the session: files (re-read on every change under ~/etc), supervisord, initscripts. */
import { useEffect, useRef, type Dispatch } from 'react';
import type { OnNode, TuiSession } from '../../control/tui-session-api.js';
import type { TuiAction, TuiState } from '../../core/panel/tui-state.js';
import { createPanelPolls } from '../../control/panel-polls.js';
import { useLoop } from './use-loop.js';

const JOURNAL_INTERVAL_MS = 500;

export interface EngineTimings {
  intervalMs: number;
  lsbIntervalMs: number;
  now: () => number;
}

/**
 * Runs the steps of control/panel-polls at their paces; returns `pollNow`, which asks supervisord and the
 * initscripts again at once.
 */
export function useEngine(
  session: TuiSession,
  current: () => TuiState,
  dispatch: Dispatch<TuiAction>,
  timings: EngineTimings,
  lastAnswer: { current: number | undefined },
  onScreen: { current: readonly OnNode[] } = { current: [] },
): () => void {
  const polls = useRef<ReturnType<typeof createPanelPolls>>(undefined);
  polls.current ??= createPanelPolls(session, current, dispatch, {
    now: timings.now,
    lsbIntervalMs: timings.lsbIntervalMs,
    onScreen: () => onScreen.current,
    onAnswer: (at) => (lastAnswer.current = at),
  });
  const steps = polls.current;
  const pollDaemon = useLoop(steps.daemon, timings.intervalMs);
  const pollHistory = useLoop(steps.history, timings.lsbIntervalMs);
  const pollReadiness = useLoop(steps.readiness, timings.lsbIntervalMs);
  const pollScripts = useLoop(steps.scripts, timings.lsbIntervalMs);
  useLoop(steps.journal, JOURNAL_INTERVAL_MS);

  // Files first; then ask again at once, since the names to ask about may have changed.
  useEffect(() => {
    const read = () => {
      dispatch({ type: 'home-read', ...session.readHome() });
      pollDaemon();
      pollScripts();
      pollReadiness();
      pollHistory();
    };
    read();
    return session.watch(read);
  }, [session, dispatch, pollDaemon, pollScripts, pollReadiness, pollHistory]);

  return () => {
    pollDaemon();
    pollScripts();
    pollReadiness();
  };
}
