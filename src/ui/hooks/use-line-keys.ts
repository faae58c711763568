/**
 * The keys of a screen of lines (the log, the action history): scrolling, wrap, `/` search with n/N, Esc
 * back. Keys a screen has of its own (Tab, s/t/r on the log) go to `onOther`.
 */
import { useInput, type Key } from 'ink';
import { useRef, type Dispatch } from 'react';
import type { LogViewAction } from '../../core/panel/log-view.js';
import { LOG_KEYMAP, splitKeys, type LogCommand } from '../keymap.js';

export function useLineKeys(
  dispatch: Dispatch<LogViewAction>,
  rows: number,
  active: boolean,
  onBack: () => void,
  onOther: (command: LogCommand) => void,
): void {
  // What is being typed after `/`, known at once: keys that arrive in the same read as `/` are text.
  const typing = useRef<string | undefined>(undefined);
  const setTyping = (text: string | undefined, commit = false) => {
    typing.current = text;
    if (text !== undefined) dispatch({ type: 'type', text });
    else dispatch(commit ? { type: 'type', text: undefined } : { type: 'type-cancel' });
  };
  const act = (command: LogCommand) => {
    switch (command) {
      case 'back':
        return onBack();
      case 'up':
        return dispatch({ type: 'scroll', by: -1, height: rows });
      case 'down':
        return dispatch({ type: 'scroll', by: 1, height: rows });
      case 'pageUp':
        return dispatch({ type: 'scroll', by: -rows, height: rows });
      case 'pageDown':
        return dispatch({ type: 'scroll', by: rows, height: rows });
      case 'home':
        return dispatch({ type: 'home' });
      case 'end':
        return dispatch({ type: 'end', height: rows });
      case 'wrap':
        return dispatch({ type: 'wrap' });
      case 'search':
        return setTyping('');
      case 'next':
        return dispatch({ type: 'find', direction: 1, height: rows });
      case 'previous':
        return dispatch({ type: 'find', direction: -1, height: rows });
      default:
        return onOther(command);
    }
  };
  const press = (input: string, key: Key) => {
    const text = typing.current;
    if (text !== undefined) {
      if (key.escape) return setTyping(undefined);
      if (key.return) {
        setTyping(undefined, true);
        return dispatch({ type: 'find', direction: 1, height: rows });
      }
      if (key.backspace || key.delete) return setTyping(text.slice(0, -1));
      return setTyping(text + input);
    }
    const binding = LOG_KEYMAP.find((one) => one.matches(input, key));
    if (binding) act(binding.command);
  };
  // Keys arriving together are each one press (so `/boom` typed fast is a search for "boom").
  useInput((input, key) => splitKeys(input, key).forEach(([one, itsKey]) => press(one, itsKey)), { isActive: active });
}
