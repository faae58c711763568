/** The panels' lines: titles, rows with glyph and colour, and the scroll hint. */
import { Box, Text } from 'ink';
import type { BodyLine } from '../layout.js';
import { INFLIGHT_STYLE, styleOf } from '../theme.js';

export interface BodyProps {
  lines: BodyLine[];
  color: boolean;
  width: number;
}

function Line({ line, color, width }: { line: BodyLine; color: boolean; width: number }) {
  if (line.kind === 'title')
    return (
      <Text bold color={color ? 'blue' : undefined}>
        {`── ${line.text} `.padEnd(width, '─').slice(0, width)}
      </Text>
    );
  if (line.kind === 'more') return <Text dimColor>{line.text.slice(0, width)}</Text>;
  if (line.kind === 'columns') return <Text dimColor>{line.text.slice(0, width).trimEnd()}</Text>;
  const style = line.inflight ? INFLIGHT_STYLE : styleOf(line.state);
  return (
    <Text wrap="truncate">
      <Text>{line.selected ? '›' : ' '}</Text>
      <Text color={color ? style.color : undefined}>{style.glyph}</Text>
      <Text inverse={line.selected && color}>{` ${line.text}`}</Text>
    </Text>
  );
}

export function Body({ lines, color, width }: BodyProps) {
  return (
    <Box flexDirection="column" flexGrow={1}>
      {lines.map((line, index) => (
        <Line
          key={line.kind === 'row' ? line.row.key : `${line.kind}-${index}`}
          line={line}
          color={color}
          width={width}
        />
      ))}
    </Box>
  );
}
