/** The `?` overlay, drawn from the keymap table like the footer: two columns when there is room. */
import { Box, Text } from 'ink';
import { KEYMAP } from '../keymap.js';

export function HelpOverlay({ readOnly, width }: { readOnly: boolean; width: number }) {
  const entries = KEYMAP.map((binding) => `${binding.keys.padEnd(6)} ${binding.help}`);
  const twoColumns = width >= 76;
  const half = twoColumns ? Math.ceil(entries.length / 2) : entries.length;
  const columnWidth = twoColumns ? Math.floor((width - 2) / 2) : width - 2;
  const cell = (text: string | undefined) => (text ?? '').slice(0, columnWidth - 1).padEnd(columnWidth);
  const lines = entries
    .slice(0, half)
    .map((left, index) => `  ${cell(left)}${twoColumns ? cell(entries[half + index]) : ''}`.trimEnd());
  return (
    <Box flexDirection="column" flexGrow={1}>
      <Text bold>{`Keys${readOnly ? ' (read-only: actions disabled)' : ''}`}</Text>
      {lines.map((line) => (
        <Text key={line} wrap="truncate">
          {line}
        </Text>
      ))}
      <Text dimColor wrap="truncate">
        Stop, restart, massive and platform actions ask y/N (unless --yes). Any key closes.
      </Text>
    </Box>
  );
}
