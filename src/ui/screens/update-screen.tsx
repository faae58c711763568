/** `u` (SPEC 9): what an update of supervisord to the files would do, group by group; y applies it. */
import { useInput } from 'ink';
import { useEffect, useReducer } from 'react';
import { initialLogView, logViewReducer } from '../../core/panel/log-view.js';
import type { UpdateScreen as Preview } from '../../core/panel/tui-state.js';
import { LineView } from '../components/line-view.js';
import { UPDATE_KEYMAP, type UpdateCommand } from '../keymap.js';

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
  const scroll = (by: number) => dispatch({ type: 'scroll', by, height: rows });
  const act: Record<UpdateCommand, () => void> = {
    up: () => scroll(-1),
    down: () => scroll(1),
    pageUp: () => scroll(-rows),
    pageDown: () => scroll(rows),
    apply: () => onApply(preview!.apply!),
    cancel: onCancel,
  };
  useInput(
    (input, key) => {
      const binding = UPDATE_KEYMAP.find((one) => one.matches(input, key));
      // A key that may not act now (y with nothing to apply), or no key of the screen: once the preview is in,
      // it leaves the screen, nothing applied.
      if (binding && !binding.disabledReason?.(Boolean(preview?.apply))) return act[binding.command]();
      if (preview) onCancel();
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
