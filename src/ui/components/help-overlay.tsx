/** The `?` overlay, drawn from the keymap table like the footer. */
import { Box, Text } from 'ink';
import { KEYMAP } from '../keymap.js';

export function HelpOverlay({ readOnly }: { readOnly: boolean }) {
  return (
    <Box flexDirection="column" flexGrow={1}>
      <Text bold>Keys{readOnly ? ' (read-only: actions disabled)' : ''}</Text>
      {KEYMAP.map((binding) => (
        <Text key={binding.command} wrap="truncate">{`  ${binding.keys.padEnd(7)} ${binding.help}`}</Text>
      ))}
      <Text dimColor>Stop, restart, massive and platform actions ask y/N first (unless --yes). Any key closes.</Text>
    </Box>
  );
}
