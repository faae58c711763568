/**
 * What supervisord checks of an `[eventlistener:x]` pool and an `[fcgi-program:x]` before it starts
 * (supervisor 4.2 options.py `process_groups_from_parser` and `parse_fcgi_socket`): a file that fails one
 * of these is refused by supervisord, so it is refused here, at the option's line.
 */

/** supervisor.events.EventTypes: what `events=` may name (case-insensitive). */
const EVENT_TYPES = new Set([
  'EVENT',
  'PROCESS_COMMUNICATION',
  'PROCESS_COMMUNICATION_STDERR',
  'PROCESS_COMMUNICATION_STDOUT',
  'PROCESS_GROUP',
  'PROCESS_GROUP_ADDED',
  'PROCESS_GROUP_REMOVED',
  'PROCESS_LOG',
  'PROCESS_LOG_STDERR',
  'PROCESS_LOG_STDOUT',
  'PROCESS_STATE',
  'PROCESS_STATE_BACKOFF',
  'PROCESS_STATE_EXITED',
  'PROCESS_STATE_FATAL',
  'PROCESS_STATE_RUNNING',
  'PROCESS_STATE_STARTING',
  'PROCESS_STATE_STOPPED',
  'PROCESS_STATE_STOPPING',
  'PROCESS_STATE_UNKNOWN',
  'REMOTE_COMMUNICATION',
  'SUPERVISOR_STATE_CHANGE',
  'SUPERVISOR_STATE_CHANGE_RUNNING',
  'SUPERVISOR_STATE_CHANGE_STOPPING',
  'TICK',
  'TICK_3600',
  'TICK_5',
  'TICK_60',
]);

/** A problem with one option of a section. */
export interface OptionProblem {
  key: string | undefined;
  problem: string;
}

/** `events=`: at least one, each an event type supervisord knows. */
export function eventsProblem(events: string | undefined): OptionProblem | undefined {
  const names = events ? events.split(',').map((name) => name.trim().toUpperCase()) : [];
  if (names.length === 0) return { key: undefined, problem: 'section requires an "events" line' };
  const unknown = names.find((name) => !EVENT_TYPES.has(name));
  return unknown === undefined
    ? undefined
    : { key: 'events', problem: `unknown event type ${JSON.stringify(unknown)}` };
}

/** Whether an account exists here (pwd and grp, by name or number); absent: not checked. */
export type AccountLookup = (kind: 'user' | 'group', name: string) => boolean;

/** `socket_owner`: `user` or `user:group`, each a name or an id that exists (colon_separated_user_group). */
function ownerProblem(owner: string, accounts: AccountLookup | undefined): string | undefined {
  if (!accounts) return undefined;
  const [user, group] = owner.split(/:(.*)/s);
  const known = accounts('user', user!) && (group === undefined || accounts('group', group));
  return known ? undefined : `${owner}: no such user${group === undefined ? '' : ' or group'} here`;
}

/** The fcgi-program's socket options, in supervisord's order; `read` gives an option's expanded value. */
export function fcgiSocketProblem(
  read: (key: string) => string | undefined,
  accounts?: AccountLookup,
): OptionProblem | undefined {
  const backlog = read('socket_backlog');
  const inRange = (value: string) => /^\s*[+-]?\d+\s*$/.test(value) && Number(value) >= 1 && Number(value) <= 65535;
  if (backlog !== undefined && !inRange(backlog)) {
    return { key: 'socket_backlog', problem: `${backlog}: not a number from 1 to 65535` };
  }
  const owner = read('socket_owner');
  const badOwner = owner === undefined ? undefined : ownerProblem(owner, accounts);
  if (badOwner) return { key: 'socket_owner', problem: badOwner };
  const mode = read('socket_mode');
  if (mode !== undefined && !/^\s*[0-7]+\s*$/.test(mode))
    return { key: 'socket_mode', problem: `${mode}: not an octal mode` };
  const socket = read('socket');
  if (!socket) return { key: undefined, problem: 'section requires a "socket" line' };
  if (socket.startsWith('unix://')) {
    if (socket.slice('unix://'.length).startsWith('/')) return undefined;
    return { key: 'socket', problem: `${socket}: the unix socket path is not absolute` };
  }
  if (owner !== undefined || mode !== undefined) {
    return { key: 'socket', problem: `${socket}: socket_owner and socket_mode go with a unix:// socket only` };
  }
  if (/^tcp:\/\/[^\s:]+:\d+$/.test(socket)) return undefined;
  return { key: 'socket', problem: `${socket}: not unix:///ABSOLUTE/PATH or tcp://HOST:PORT` };
}
