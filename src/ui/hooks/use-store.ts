/**
 * The panel's state, with a synchronous view of the latest value: keys typed faster than React commits
 * (a held-down `j`) must each see the state the previous one left, not the last rendered one.
 */
import { useCallback, useRef, useState, type Dispatch } from 'react';
import { initialState, tuiReducer, type TuiAction, type TuiState } from '../../core/panel/tui-state.js';

export interface Store {
  state: TuiState;
  dispatch: Dispatch<TuiAction>;
  current(): TuiState;
}

/** `initial`: what the panel starts with (the home read and supervisord asked before the screen loaded). */
export function useStore(initial?: TuiState): Store {
  const [state, setState] = useState(() => initial ?? initialState());
  const latest = useRef(state);
  const dispatch = useCallback((action: TuiAction) => {
    latest.current = tuiReducer(latest.current, action);
    setState(latest.current);
  }, []);
  const current = useCallback(() => latest.current, []);
  return { state, dispatch, current };
}
