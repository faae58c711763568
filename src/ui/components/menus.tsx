/** Action menus (ink-select-input): one for the selected row, one for the whole platform. */
import { Box, Text } from 'ink';
import SelectInput from 'ink-select-input';
import type { CommandId } from '../../core/panel/commands.js';
import type { PanelRow } from '../../core/panel/panels.js';
import type { Verb } from '../../core/panel/tui-state.js';

export interface RowMenuProps {
  row: PanelRow;
  onSelect: (command: CommandId | 'cancel') => void;
}

/** Items for a row: start/stop/restart, massive ones and expand/collapse for groups and patterns. */
export function rowMenuItems(row: PanelRow): Array<{ label: string; value: CommandId | 'cancel' }> {
  const items: Array<{ label: string; value: CommandId | 'cancel' }> = [
    { label: 'Start', value: 'start' },
    { label: 'Stop', value: 'stop' },
    { label: 'Restart', value: 'restart' },
  ];
  if (row.kind === 'group' || row.kind === 'pattern') {
    items.push(
      { label: 'Massive start (all at once)', value: 'mstart' },
      { label: 'Massive stop', value: 'mstop' },
      { label: 'Massive restart', value: 'mrestart' },
    );
    items.push(row.expanded ? { label: 'Collapse', value: 'collapse' } : { label: 'Expand', value: 'expand' });
  }
  if (row.leftovers.length > 0)
    items.push({ label: `Kill what stops left running (${row.leftovers.length})  K`, value: 'killLeftovers' });
  items.push({ label: 'Cancel', value: 'cancel' });
  return items;
}

export function RowMenu({ row, onSelect }: RowMenuProps) {
  return (
    <Box flexDirection="column" flexGrow={1}>
      <Text bold>{`${row.name}: ${row.state}${row.counts ? ` (${row.counts})` : ''}`}</Text>
      <SelectInput items={rowMenuItems(row)} onSelect={(item) => onSelect(item.value)} />
      <Text dimColor>Enter choose · Esc cancel</Text>
    </Box>
  );
}

export function PlatformMenu({ onSelect }: { onSelect: (verb: Verb | 'cancel') => void }) {
  const items: Array<{ label: string; value: Verb | 'cancel' }> = [
    { label: 'Start the platform (backend, middleware, frontend)', value: 'start' },
    { label: 'Stop the platform (frontend, middleware, backend, supervisord)', value: 'stop' },
    { label: 'Restart the platform', value: 'restart' },
    { label: 'Cancel', value: 'cancel' },
  ];
  return (
    <Box flexDirection="column" flexGrow={1}>
      <Text bold>Whole platform (hypcontrol)</Text>
      <SelectInput items={items} onSelect={(item) => onSelect(item.value)} />
      <Text dimColor>Enter choose · Esc cancel</Text>
    </Box>
  );
}
