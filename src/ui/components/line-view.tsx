/** A screen of lines below the header (the log, the action history): a title bar, the lines, a status line. */
import { Box, Text } from 'ink';
import { visibleLog, type LogView } from '../../core/panel/log-view.js';

export interface LineViewProps {
  view: LogView;
  /** What the title bar says after `── `. */
  title: string;
  /** Shown when there is no line. */
  empty: string;
  /** What the title says while at the edge where lines arrive (`following`, `newest first`). */
  atEdge: string;
  width: number;
  height: number;
  color: boolean;
}

export function LineView({ view, title, empty, atEdge, width, height, color }: LineViewProps) {
  const rows = Math.max(1, height - 2);
  const shown = visibleLog(view, rows, width);
  const newestFirst = view.edge === 'top';
  const where = view.following
    ? atEdge
    : `line ${view.top + 1} of ${view.lines.length} (${newestFirst ? 'Home: newest' : 'End follows'})`;
  const state = view.loading ? '  reading...' : where ? `  ${where}` : '';
  const bar = `── ${title}${state}${view.wrap ? '  wrap' : ''}${view.search ? `  /${view.search}` : ''} `;
  const hidden = view.following
    ? newestFirst
      ? view.lines.length - shown.length
      : 0
    : view.lines.length - view.top - shown.length;
  const status =
    view.typing !== undefined ? `/${view.typing}` : (view.problem ?? (hidden > 0 ? `${hidden} lines below` : ''));
  return (
    <Box flexDirection="column" height={height}>
      <Text bold color={color ? 'blue' : undefined}>
        {bar.padEnd(width, '─').slice(0, width)}
      </Text>
      <Box flexDirection="column" height={rows}>
        {shown.length === 0 && !view.loading ? <Text dimColor>{empty}</Text> : null}
        {shown.map((line, index) => (
          <Text
            key={`${view.top}-${index}`}
            wrap={view.wrap ? 'wrap' : 'truncate'}
            inverse={Boolean(view.search && color && line.toLowerCase().includes(view.search.toLowerCase()))}
          >
            {line || ' '}
          </Text>
        ))}
      </Box>
      <Text
        wrap="truncate"
        dimColor={view.typing === undefined && !view.problem}
        color={view.problem && color ? 'red' : undefined}
      >
        {status || ' '}
      </Text>
    </Box>
  );
}
