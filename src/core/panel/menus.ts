/**
 * The action menus (SPEC 6): one for the selected row, one for the whole platform. Each is a list of items,
 * each with the key that chooses it at once; the row's opens on the action that fits it (Restart for a
 * running row, Start otherwise). Pure: the keys (ui/panel-keys) move the cursor and choose.
 */
import type { CommandId } from './command-guards.js';
import type { PanelRow } from './panel-rows.js';
import type { Verb } from './tui-types.js';

export interface MenuItem<T> {
  label: string;
  value: T;
  /** The key that chooses it at once (the panels' own key for that command). */
  key?: string;
}

export type RowChoice = CommandId | 'cancel';
export type PlatformChoice = Verb | 'cancel';

/** Items for a row: start/stop/restart, its log, massive ones and fold/unfold for groups and patterns. */
export function rowMenuItems(row: PanelRow): Array<MenuItem<RowChoice>> {
  const items: Array<MenuItem<RowChoice>> = [
    { label: 'Start', value: 'start', key: 's' },
    { label: 'Stop', value: 'stop', key: 't' },
    { label: 'Restart', value: 'restart', key: 'r' },
    { label: 'Log', value: 'log', key: 'l' },
  ];
  if (row.kind === 'group' || row.kind === 'pattern') {
    items.push(
      { label: 'Massive start (all at once)', value: 'mstart', key: 'S' },
      { label: 'Massive stop', value: 'mstop', key: 'T' },
      { label: 'Massive restart', value: 'mrestart', key: 'R' },
    );
    items.push(row.expanded ? { label: 'Collapse', value: 'collapse' } : { label: 'Expand', value: 'expand' });
  }
  if (row.leftovers.length > 0)
    items.push({ label: `Kill what stops left running (${row.leftovers.length})`, value: 'killLeftovers', key: 'K' });
  items.push({ label: 'Cancel', value: 'cancel' });
  return items;
}

/** Where a row's menu opens: on Restart when it runs, on Start when it does not. */
export function fittingItem(row: PanelRow): number {
  const items = rowMenuItems(row);
  const fits: RowChoice = row.state === 'RUNNING' || row.state === 'STARTING' ? 'restart' : 'start';
  return Math.max(
    0,
    items.findIndex((item) => item.value === fits),
  );
}

export const PLATFORM_MENU: ReadonlyArray<MenuItem<PlatformChoice>> = [
  { label: 'Start the platform (backend, middleware, frontend)', value: 'start', key: 's' },
  { label: 'Stop the platform (frontend, middleware, backend, supervisord)', value: 'stop', key: 't' },
  { label: 'Restart the platform', value: 'restart', key: 'r' },
  { label: 'Cancel', value: 'cancel' },
];
