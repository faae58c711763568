/** LSB exit codes (supervisord's process states arrive as their names, `statename`, and are used as such). */

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
