/** The log screen (SPEC 9): one row's log below the header, following what is written, with its own keys. */
import type { TuiSession } from '../../control/tui-session-api.js';
import type { CommandId } from '../../core/panel/commands.js';
import type { NodeTarget } from '../../core/plan/node-resolver.js';
import { LineView } from '../components/line-view.js';
import { useLineKeys } from '../hooks/use-line-keys.js';
import { useLogView } from '../hooks/use-log-view.js';
import type { KeyRelay } from '../key-relay.js';

export interface LogScreenProps {
  session: TuiSession;
  name: string;
  targets: NodeTarget[];
  width: number;
  height: number;
  color: boolean;
  /** Where its keys come from (a y/N question takes them meanwhile). */
  keys: KeyRelay;
  onBack(): void;
  /** s, t, r: the panels' own commands, on the logged row (still the selection). */
  onCommand(command: CommandId): void;
}

const STREAM_WORDS = { both: 'stdout+stderr', stdout: 'stdout', stderr: 'stderr' } as const;

export function LogScreen({ session, name, targets, width, height, color, keys, onBack, onCommand }: LogScreenProps) {
  const { view, dispatch } = useLogView(session, targets);
  useLineKeys('log', keys, dispatch, Math.max(1, height - 2), onBack, (command) => {
    if (command === 'streams') dispatch({ type: 'next-stream' });
    else if (command === 'start' || command === 'stop' || command === 'restart') onCommand(command);
  });
  return (
    <LineView
      view={view}
      title={`log: ${name}  ${STREAM_WORDS[view.stream]}`}
      empty="(nothing written yet)"
      atEdge="following"
      width={width}
      height={height}
      color={color}
    />
  );
}
