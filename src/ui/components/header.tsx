/** Two lines: who and where, then supervisord's state with notes (staleness, config drift). */
import { Box, Text } from 'ink';
import type { HeaderInfo } from '../layout.js';
import { MESSAGE_COLORS } from '../theme.js';

export interface HeaderProps {
  host: string;
  home: string;
  readOnly: boolean;
  /** Columns a narrow terminal hides. */
  hidden: string[];
  info: HeaderInfo;
  color: boolean;
}

export function Header({ host, home, readOnly, hidden, info, color }: HeaderProps) {
  const level = info.daemon.level === 'ok' ? 'ok' : info.daemon.level === 'error' ? 'error' : 'info';
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        <Text bold>canopsis-tui</Text>
        {`${hidden.length > 0 ? ` (hidden: ${hidden.join(', ')})` : ''}  ${host}  ${home}`}
        {readOnly ? '  [read-only]' : ''}
      </Text>
      <Text wrap="truncate">
        <Text color={color ? MESSAGE_COLORS[level] : undefined}>{info.daemon.text}</Text>
        {info.notes.map((note) => (
          <Text key={note} color={color ? 'yellow' : undefined}>{`  ! ${note}`}</Text>
        ))}
      </Text>
    </Box>
  );
}
