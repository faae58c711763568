/**
 * Where a key of the panels screen goes, one table per mode: an overlay's own keys first (help, the menus,
 * the y/N questions), then the filter while it is typed, then the panels' keymap (ui/keymap.ts), whose
 * commands say themselves why they cannot run now (core/panel/commands `decideCommand`). Keys that arrive
 * together are each handled in turn, whatever the one before opened.
 */
import type { Key } from 'ink';
import { clearFilter, type CommandId } from '../core/panel/commands.js';
import {
  selectRows,
  type ActionRequest,
  type Overlay,
  type TuiAction,
  type TuiState,
  type Verb,
} from '../core/panel/tui-state.js';
import { PLATFORM_MENU, rowMenuItems, type MenuItem } from '../core/panel/menus.js';
import { commandFor } from './keymap.js';

export interface PanelKeys {
  current(): TuiState;
  dispatch(action: TuiAction): void;
  run(request: ActionRequest): void;
  exit(): void;
  command(id: CommandId): void;
  /** The whole platform's `verb`, asked first when the settings say so. */
  platform(verb: Verb): void;
}

const close = (keys: PanelKeys) => keys.dispatch({ type: 'overlay', overlay: { kind: 'none' } });
const cancelled = (keys: PanelKeys) =>
  keys.dispatch({ type: 'message', message: { level: 'info', text: 'Cancelled' } });
/** Only a plain y confirms: Esc followed by y in one read (or Alt-y) arrives as meta. */
const yes = (input: string, key: Key) => (input === 'y' || input === 'Y') && !key.meta;

type OverlayKeys = (input: string, key: Key, keys: PanelKeys, overlay: Overlay) => void;

/**
 * A menu's keys: ↑/k and ↓/j move (round), Enter chooses, an item's own key chooses it at once, Esc or q
 * closes. `move` is told the new cursor; `choose` the item chosen, once the menu is closed.
 */
function menuKey<T>(
  input: string,
  key: Key,
  items: ReadonlyArray<MenuItem<T>>,
  index: number,
  keys: PanelKeys,
  handlers: { move(index: number): void; choose(value: T): void },
): void {
  const chosen = (value: T) => (close(keys), handlers.choose(value));
  if (key.escape || input === 'q') return close(keys);
  if (key.upArrow || input === 'k') return handlers.move((index - 1 + items.length) % items.length);
  if (key.downArrow || input === 'j') return handlers.move((index + 1) % items.length);
  if (key.return) return chosen(items[index]!.value);
  const direct = items.find((item) => item.key !== undefined && item.key === input);
  if (direct && !key.ctrl && !key.meta) chosen(direct.value);
}

/** The overlays that take every key while they are up. */
const OVERLAY_KEYS: Partial<Record<Overlay['kind'], OverlayKeys>> = {
  help: (_input, _key, keys) => close(keys),
  menu: (input, key, keys, overlay) => {
    if (overlay.kind !== 'menu') return;
    const row = selectRows(keys.current()).find((entry) => entry.row.key === overlay.rowKey)?.row;
    if (!row) return close(keys);
    menuKey(input, key, rowMenuItems(row), overlay.index, keys, {
      move: (index) => keys.dispatch({ type: 'overlay', overlay: { ...overlay, index } }),
      choose: (value) => value !== 'cancel' && keys.command(value),
    });
  },
  'platform-menu': (input, key, keys, overlay) => {
    if (overlay.kind !== 'platform-menu') return;
    menuKey(input, key, PLATFORM_MENU, overlay.index, keys, {
      move: (index) => keys.dispatch({ type: 'overlay', overlay: { kind: 'platform-menu', index } }),
      choose: (value) => value !== 'cancel' && keys.platform(value),
    });
  },
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

/**
 * While the filter is typed, keys are its text; the rows follow each key. Enter keeps it and puts the cursor
 * on the first process it shows (not on a group: `r` then acts on that process); Esc clears it and leaves the
 * cursor on the row it was on.
 */
function typeFilter(text: string, input: string, key: Key, keys: PanelKeys) {
  const filter = (next: TuiState['filter']) => keys.dispatch({ type: 'filter', filter: next });
  const select = (key: string | undefined) => {
    if (key !== undefined) keys.dispatch({ type: 'select', key });
  };
  if (key.escape) return clearFilter(keys.current()).forEach(keys.dispatch);
  if (key.return) {
    filter(text ? { text, typing: false } : undefined);
    if (text) select(selectRows(keys.current()).find(({ row }) => !row.expandable && row.targets.length > 0)?.row.key);
    return;
  }
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
