/** The panel's row states: supervisord's, and its own two; one state and a count line for several rows. */
import type { StatusRow } from '../report/status.js';

/** The panel's own states: running but its check fails; stopped but something it ran still lives. */
export const NOT_READY = 'NOT READY';
export const LEFTOVERS = 'LEFTOVERS';

const STATE_ORDER = [
  LEFTOVERS,
  'FATAL',
  'BACKOFF',
  'EXITED',
  'UNKNOWN',
  'NOT LOADED',
  NOT_READY,
  'STARTING',
  'STOPPING',
  'STOPPED',
  'DEAD',
];

/** One state and a count line for several processes. */
export function summarizeStates(rows: readonly StatusRow[]): { state: string; counts: string } {
  const running = rows.filter((row) => row.state === 'RUNNING').length;
  const others = new Map<string, number>();
  for (const row of rows) if (row.state !== 'RUNNING') others.set(row.state, (others.get(row.state) ?? 0) + 1);
  const ordered = [...others.entries()].sort(([a], [b]) => STATE_ORDER.indexOf(a) - STATE_ORDER.indexOf(b));
  const counts = [`${running}/${rows.length} running`, ...ordered.map(([state, count]) => `${count} ${state}`)].join(
    ', ',
  );
  if (rows.length > 0 && running === rows.length) return { state: 'RUNNING', counts };
  if (rows.length > 0 && rows.every((row) => row.state === 'RUNNING' || row.state === NOT_READY))
    return { state: NOT_READY, counts };
  if (running > 0) return { state: 'PARTIAL', counts };
  return { state: ordered[0]?.[0] ?? 'UNKNOWN', counts };
}
