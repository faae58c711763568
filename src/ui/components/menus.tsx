/** The action menus as drawn: one for the selected row, one for the whole platform (their keys: ui/panel-keys). */
import { Box, Text } from 'ink';
import type { PanelRow } from '../../core/panel/panels.js';
import { PLATFORM_MENU, rowMenuItems, type MenuItem } from '../../core/panel/menus.js';

const FOOTER = '↑↓ move · Enter choose · a letter chooses its item · Esc cancel';

function Items<T>({ items, index, color }: { items: ReadonlyArray<MenuItem<T>>; index: number; color: boolean }) {
  return (
    <Box flexDirection="column">
      {items.map((item, at) => (
        <Text key={item.label} color={at === index && color ? 'blue' : undefined}>
          {`${at === index ? '❯' : ' '} ${item.label}${item.key ? `  ${item.key}` : ''}`}
        </Text>
      ))}
    </Box>
  );
}

export function RowMenu({ row, index, color }: { row: PanelRow; index: number; color: boolean }) {
  return (
    <Box flexDirection="column" flexGrow={1}>
      <Text bold>{`${row.name}: ${row.state}${row.counts ? ` (${row.counts})` : ''}`}</Text>
      <Items items={rowMenuItems(row)} index={index} color={color} />
      <Text dimColor>{FOOTER}</Text>
    </Box>
  );
}

export function PlatformMenu({ index, color }: { index: number; color: boolean }) {
  return (
    <Box flexDirection="column" flexGrow={1}>
      <Text bold>Whole platform (hypcontrol)</Text>
      <Items items={PLATFORM_MENU} index={index} color={color} />
      <Text dimColor>{FOOTER}</Text>
    </Box>
  );
}
