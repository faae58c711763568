/**
 * A row's log for the log screen: its last lines, then what is written, until the screen closes or the
 * streams change.
 */
import { useEffect, useReducer, useRef, type Dispatch } from 'react';
import type { TuiSession } from '../../control/tui-session-api.js';
import {
  initialLogView,
  LOG_TAIL,
  logViewReducer,
  STREAMS_OF,
  type LogView,
  type LogViewAction,
} from '../../core/panel/log-view.js';
import type { NodeTarget } from '../../core/plan/node-resolver.js';

export function useLogView(
  session: TuiSession,
  targets: NodeTarget[],
): { view: LogView; dispatch: Dispatch<LogViewAction> } {
  const [view, dispatch] = useReducer(logViewReducer, undefined, initialLogView);
  const latest = useRef(view);
  latest.current = view;
  useEffect(() => {
    const abort = new AbortController();
    const handlers = {
      onLines: (lines: string[], first: boolean) =>
        dispatch(first ? { type: 'loaded', lines, problem: undefined } : { type: 'appended', lines }),
      onProblem: (problem: string) => dispatch({ type: 'loaded', lines: latest.current.lines, problem }),
    };
    void session.watchLog(targets, STREAMS_OF[view.stream], LOG_TAIL, handlers, abort.signal);
    return () => abort.abort();
  }, [session, targets, view.stream]);
  return { view, dispatch };
}
