/** Process and daemon states as supervisord defines them (supervisor/states.py), plus LSB exit codes. */

export const ProcessState = {
  STOPPED: 0,
  STARTING: 10,
  RUNNING: 20,
  BACKOFF: 30,
  STOPPING: 40,
  EXITED: 100,
  FATAL: 200,
  UNKNOWN: 1000,
} as const;

export type ProcessStateName = keyof typeof ProcessState;

/** supervisord's own state, as `supervisor.getState` reports it. */
export const DaemonState = { FATAL: 2, RUNNING: 1, RESTARTING: 0, SHUTDOWN: -1 } as const;

/** States in which a process is not running and will not come back by itself. */
export const STOPPED_STATES: readonly ProcessStateName[] = ['STOPPED', 'EXITED', 'FATAL', 'UNKNOWN'];

/** States in which supervisord still holds or is about to hold a child. */
export const RUNNING_STATES: readonly ProcessStateName[] = ['RUNNING', 'BACKOFF', 'STARTING'];

/** Name of a numeric process state; UNKNOWN for anything supervisord might add later. */
export function processStateName(code: number): ProcessStateName {
  const hit = Object.entries(ProcessState).find(([, value]) => value === code);
  return hit ? (hit[0] as ProcessStateName) : 'UNKNOWN';
}

/** LSB `status` exit codes (LSB 3.1, 20.2). */
export const LsbStatus = { RUNNING: 0, DEAD_PIDFILE: 1, DEAD_LOCKFILE: 2, NOT_RUNNING: 3, UNKNOWN: 4 } as const;

/** Meaning of an LSB action exit code, for messages. */
export function describeLsbActionCode(code: number): string {
  const known: Record<number, string> = {
    0: 'success',
    1: 'generic or unspecified error',
    2: 'invalid or excess arguments',
    3: 'unimplemented feature',
    4: 'user had insufficient privilege',
    5: 'program is not installed',
    6: 'program is not configured',
    7: 'program is not running',
  };
  if (known[code]) return known[code];
  if (code >= 150 && code <= 199) return 'application-specific error';
  return 'unexpected exit code';
}

/** Meaning of an LSB status exit code, as a state word. */
export function lsbStatusState(code: number): 'RUNNING' | 'STOPPED' | 'DEAD' | 'UNKNOWN' {
  if (code === LsbStatus.RUNNING) return 'RUNNING';
  if (code === LsbStatus.DEAD_PIDFILE || code === LsbStatus.DEAD_LOCKFILE) return 'DEAD';
  if (code === LsbStatus.NOT_RUNNING) return 'STOPPED';
  return 'UNKNOWN';
}
