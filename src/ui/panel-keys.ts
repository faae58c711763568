/**
 * Where a key of the panels screen goes, one table per mode: an overlay's own keys first (help, the y/N
 * questions), then the filter while it is typed, then the panels' keymap (ui/keymap.ts), whose commands
 * say themselves why they cannot run now (core/panel/commands `decideCommand`).
 */
import type { Key } from 'ink';
import type { CommandId } from '../core/panel/commands.js';
import type { ActionRequest, Overlay, TuiAction, TuiState } from '../core/panel/tui-state.js';
import { commandFor } from './keymap.js';

export interface PanelKeys {
  current(): TuiState;
  dispatch(action: TuiAction): void;
  run(request: ActionRequest): void;
  exit(): void;
  command(id: CommandId): void;
}

const close = (keys: PanelKeys) => keys.dispatch({ type: 'overlay', overlay: { kind: 'none' } });
const cancelled = (keys: PanelKeys) =>
  keys.dispatch({ type: 'message', message: { level: 'info', text: 'Cancelled' } });
/** Only a plain y confirms: Esc followed by y in one read (or Alt-y) arrives as meta. */
const yes = (input: string, key: Key) => (input === 'y' || input === 'Y') && !key.meta;

type OverlayKeys = (input: string, key: Key, keys: PanelKeys, overlay: Overlay) => void;

/** The overlays that take every key while they are up (menus are ink-select-input's: not here). */
const OVERLAY_KEYS: Partial<Record<Overlay['kind'], OverlayKeys>> = {
  help: (_input, _key, keys) => close(keys),
  'confirm-quit': (input, key, keys) => {
    close(keys);
    if (yes(input, key)) return keys.exit();
    cancelled(keys);
  },
  confirm: (input, key, keys, overlay) => {
    close(keys);
    if (overlay.kind === 'confirm' && yes(input, key)) keys.run(overlay.request);
    else cancelled(keys);
  },
};

/** While the filter is typed, keys are its text; the rows follow each key. Esc clears, Enter keeps it. */
function typeFilter(text: string, input: string, key: Key, keys: PanelKeys) {
  const filter = (next: TuiState['filter']) => keys.dispatch({ type: 'filter', filter: next });
  if (key.escape) return filter(undefined);
  if (key.return) return filter(text ? { text, typing: false } : undefined);
  if (key.backspace || key.delete) return filter({ text: text.slice(0, -1), typing: true });
  const printable = [...input].every((char) => char >= ' ' && char !== '\u007F');
  if (input && printable && !key.ctrl && !key.meta) filter({ text: text + input, typing: true });
}

/** One key on the panels screen. */
export function pressPanelKey(input: string, key: Key, keys: PanelKeys): void {
  const { overlay, filter } = keys.current();
  const own = OVERLAY_KEYS[overlay.kind];
  if (own) return own(input, key, keys, overlay);
  if (filter?.typing) return typeFilter(filter.text, input, key, keys);
  const id = commandFor(input, key);
  if (id) keys.command(id);
}
