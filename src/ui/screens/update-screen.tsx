/** `u` (SPEC 9): what an update of supervisord to the files would do, group by group; y applies it. */
import { useInput } from 'ink';
import { useEffect, useReducer } from 'react';
import { initialLogView, logViewReducer } from '../../core/panel/log-view.js';
import type { UpdateScreen as Preview } from '../../core/panel/tui-state.js';
import { LineView } from '../components/line-view.js';

export interface UpdateScreenProps {
  preview: Preview | undefined;
  width: number;
  height: number;
  color: boolean;
  active: boolean;
  onApply(apply: NonNullable<Preview['apply']>): void;
  onCancel(): void;
}

export function UpdateScreen({ preview, width, height, color, active, onApply, onCancel }: UpdateScreenProps) {
  // Wrapped: a FILE:LINE problem is read whole.
  const [view, dispatch] = useReducer(logViewReducer, undefined, () => ({ ...initialLogView('top'), wrap: true }));
  useEffect(() => {
    if (preview) dispatch({ type: 'loaded', lines: preview.lines, problem: undefined });
  }, [preview]);
  const rows = Math.max(1, height - 2);
  useInput(
    (input, key) => {
      if (key.upArrow || input === 'k') return dispatch({ type: 'scroll', by: -1, height: rows });
      if (key.downArrow || input === 'j') return dispatch({ type: 'scroll', by: 1, height: rows });
      if (key.pageUp) return dispatch({ type: 'scroll', by: -rows, height: rows });
      if (key.pageDown) return dispatch({ type: 'scroll', by: rows, height: rows });
      // Only a plain y applies, and only a preview that has something to apply.
      if ((input === 'y' || input === 'Y') && !key.meta && preview?.apply) return onApply(preview.apply);
      if (preview || key.escape || input === 'q' || input === 'n') onCancel();
    },
    { isActive: active },
  );
  const what = preview?.apply ? `${preview.apply.groups.length} group(s) change` : 'nothing to apply';
  const title = preview === undefined ? 'update: asking supervisord (reloadConfig)...' : `update: ${what}`;
  return (
    <LineView
      view={{ ...view, loading: preview === undefined }}
      title={title}
      empty=""
      atEdge=""
      width={width}
      height={height}
      color={color}
    />
  );
}
