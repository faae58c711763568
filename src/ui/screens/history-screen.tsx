/** The action history (`a`, SPEC 9): every command's actions on this home, newest first, with the log screen's keys. */
import { useEffect, useReducer, useRef } from 'react';
import { historyScreenLine, type JournalEntry } from '../../core/report/journal.js';
import { initialLogView, logViewReducer } from '../../core/panel/log-view.js';
import { LineView } from '../components/line-view.js';
import { useLineKeys } from '../hooks/use-line-keys.js';
import type { KeyRelay } from '../key-relay.js';

export interface HistoryScreenProps {
  /** Oldest first, as the state keeps them. */
  actions: readonly JournalEntry[];
  now: number;
  width: number;
  height: number;
  color: boolean;
  /** Where its keys come from (ui/key-relay). */
  keys: KeyRelay;
  onBack(): void;
}

export function HistoryScreen({ actions, now, width, height, color, keys, onBack }: HistoryScreenProps) {
  const lines = (entries: readonly JournalEntry[]) => entries.map((entry) => historyScreenLine(entry, now)).reverse();
  // The first frame already lists what is known.
  const [view, dispatch] = useReducer(logViewReducer, undefined, () =>
    logViewReducer(initialLogView('top'), { type: 'loaded', lines: lines(actions), problem: undefined }),
  );
  // The newest entry on screen: what came after it is put on top, and a scrolled view stays on its lines.
  const newest = useRef<JournalEntry | undefined>(actions.at(-1));
  useEffect(() => {
    const at = newest.current ? actions.lastIndexOf(newest.current) : -1;
    if (at < 0 && actions.length > 0) dispatch({ type: 'loaded', lines: lines(actions), problem: undefined });
    else if (at < actions.length - 1) dispatch({ type: 'appended', lines: lines(actions.slice(at + 1)) });
    newest.current = actions.at(-1);
  }, [actions]);
  useLineKeys('history', keys, dispatch, Math.max(1, height - 2), onBack, () => undefined);
  const title = `actions on this home: ${view.lines.length}`;
  return (
    <LineView
      view={view}
      title={title}
      empty="(no action recorded yet)"
      atEdge="newest first"
      width={width}
      height={height}
      color={color}
    />
  );
}
