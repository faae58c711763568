/**
 * The keys of a screen of lines (the log, the action history): scrolling, wrap, `/` search with n/N, Esc
 * back. Keys a screen has of its own (Tab, s/t/r on the log) go to `onOther`. They come one by one from the
 * panel's own reading, through `keys` (ui/key-relay), while the screen is up and no question is asked.
 */
import type { Key } from 'ink';
import { useEffect, useRef, type Dispatch } from 'react';
import type { LogViewAction } from '../../core/panel/log-view.js';
import { LOG_KEYMAP, type LogCommand } from '../keymap.js';
import type { KeyRelay } from '../key-relay.js';

export function useLineKeys(
  screen: 'log' | 'history',
  keys: KeyRelay,
  dispatch: Dispatch<LogViewAction>,
  rows: number,
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
  // The latest press (it closes over this render's size): keys come between renders.
  const latest = useRef(press);
  latest.current = press;
  useEffect(() => keys.take(screen, (input, key) => latest.current(input, key)), [keys, screen]);
}
