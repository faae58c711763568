/** The log screen (SPEC 9): one row's log below the header, following what is written, with its own keys. */
import { Box, Text, useInput, type Key } from 'ink';
import { useRef } from 'react';
import type { TuiSession } from '../../control/tui-session.js';
import type { CommandId } from '../../core/commands.js';
import { visibleLog } from '../../core/log-view.js';
import type { Target } from '../../core/resolver.js';
import { useLogView } from '../hooks/use-log-view.js';
import { LOG_KEYMAP, splitKeys, type LogCommand } from '../keymap.js';

export interface LogScreenProps {
  session: TuiSession;
  name: string;
  targets: Target[];
  width: number;
  height: number;
  color: boolean;
  /** Whether keys are the screen's (a y/N question takes them meanwhile). */
  active: boolean;
  onBack(): void;
  /** s, t, r: the panels' own commands, on the logged row (still the selection). */
  onCommand(command: CommandId): void;
}

const STREAM_WORDS = { both: 'stdout+stderr', stdout: 'stdout', stderr: 'stderr' } as const;

export function LogScreen({ session, name, targets, width, height, color, active, onBack, onCommand }: LogScreenProps) {
  const { view, dispatch } = useLogView(session, targets);
  // What is being typed after `/`, known at once: keys that arrive in the same read as `/` are text.
  const typing = useRef<string | undefined>(undefined);
  const setTyping = (text: string | undefined, commit = false) => {
    typing.current = text;
    if (text !== undefined) dispatch({ type: 'type', text });
    else dispatch(commit ? { type: 'type', text: undefined } : { type: 'type-cancel' });
  };
  const rows = Math.max(1, height - 2);

  const act = (command: LogCommand) => {
    switch (command) {
      case 'back': return onBack();
      case 'up': return dispatch({ type: 'scroll', by: -1, height: rows });
      case 'down': return dispatch({ type: 'scroll', by: 1, height: rows });
      case 'pageUp': return dispatch({ type: 'scroll', by: -rows, height: rows });
      case 'pageDown': return dispatch({ type: 'scroll', by: rows, height: rows });
      case 'home': return dispatch({ type: 'home' });
      case 'end': return dispatch({ type: 'end' });
      case 'streams': return dispatch({ type: 'next-stream' });
      case 'wrap': return dispatch({ type: 'wrap' });
      case 'search': return setTyping('');
      case 'next': return dispatch({ type: 'find', direction: 1, height: rows });
      case 'previous': return dispatch({ type: 'find', direction: -1, height: rows });
      default: return onCommand(command);
    }
  };
  const press = (input: string, key: Key) => {
    const text = typing.current;
    if (text !== undefined) {
      if (key.escape) return setTyping(undefined);
      if (key.return) {
        setTyping(undefined, true);
        return dispatch({ type: 'find', direction: 1, height: rows });
      }
      if (key.backspace || key.delete) return setTyping(text.slice(0, -1));
      return setTyping(text + input);
    }
    const binding = LOG_KEYMAP.find((one) => one.matches(input, key));
    if (binding) act(binding.command);
  };
  // Keys arriving together are each one press (so `/boom` typed fast is a search for "boom").
  useInput((input, key) => splitKeys(input, key).forEach(([one, itsKey]) => press(one, itsKey)), { isActive: active });

  const shown = visibleLog(view, rows, width);
  const where = view.following ? 'following' : `line ${view.top + 1} of ${view.lines.length} (End follows)`;
  const title = `── log: ${name}  ${STREAM_WORDS[view.stream]}  ${view.loading ? 'reading...' : where}${view.wrap ? '  wrap' : ''}${view.search ? `  /${view.search}` : ''} `;
  const status = view.typing !== undefined ? `/${view.typing}` : (view.problem ?? (view.following ? '' : `${view.lines.length - view.top - shown.length} lines below`));
  return (
    <Box flexDirection="column" height={height}>
      <Text bold color={color ? 'blue' : undefined}>{title.padEnd(width, '─').slice(0, width)}</Text>
      <Box flexDirection="column" height={rows}>
        {shown.length === 0 && !view.loading ? <Text dimColor>(nothing written yet)</Text> : null}
        {shown.map((line, index) => (
          <Text key={`${view.top}-${index}`} wrap={view.wrap ? 'wrap' : 'truncate'} inverse={Boolean(view.search && color && line.toLowerCase().includes(view.search.toLowerCase()))}>
            {line || ' '}
          </Text>
        ))}
      </Box>
      <Text wrap="truncate" dimColor={view.typing === undefined && !view.problem} color={view.problem && color ? 'red' : undefined}>{status || ' '}</Text>
    </Box>
  );
}
