/** The `?` overlay, drawn from the keymap table like the footer: two columns when there is room. */
import { Box, Text } from 'ink';
import { KEYMAP } from '../keymap.js';

export function HelpOverlay({ readOnly, width }: { readOnly: boolean; width: number }) {
  const entries = KEYMAP.map((binding) => `${binding.keys.padEnd(6)} ${binding.help}`);
  const twoColumns = width >= 76;
  const half = twoColumns ? Math.ceil(entries.length / 2) : entries.length;
  // The left column as wide as its longest entry: the right one gets the rest of the line.
  const leftWidth = twoColumns ? Math.max(...entries.slice(0, half).map((entry) => entry.length)) + 2 : width - 2;
  const rightWidth = width - 2 - leftWidth;
  const cell = (text: string | undefined, size: number) => {
    const shown = text ?? '';
    return (shown.length > size - 1 ? `${shown.slice(0, size - 2)}…` : shown).padEnd(size);
  };
  const lines = entries
    .slice(0, half)
    .map((left, index) =>
      `  ${cell(left, leftWidth)}${twoColumns ? cell(entries[half + index], rightWidth) : ''}`.trimEnd(),
    );
  return (
    <Box flexDirection="column" flexGrow={1}>
      <Text bold>{`Keys${readOnly ? ' (read-only: actions disabled)' : ''}`}</Text>
      {lines.map((line) => (
        <Text key={line} wrap="truncate">
          {line}
        </Text>
      ))}
      <Text dimColor wrap="wrap">
        Stop, restart, massive and platform actions ask y/N (unless --yes). Any key closes.
      </Text>
    </Box>
  );
}
