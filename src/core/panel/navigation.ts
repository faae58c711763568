/** Moving the selection through the visible rows and between panels; pure. */
import type { Panel } from './panels.js';

function indexOf(panels: readonly Panel[], key: string | undefined): { keys: string[]; index: number } {
  const keys = panels.flatMap((panel) => panel.rows.map((row) => row.key));
  const index = Math.max(0, keys.indexOf(key ?? ''));
  return { keys, index };
}

/** The key `delta` rows away from the selection, clamped to the first and last rows. */
export function moveSelection(panels: readonly Panel[], key: string | undefined, delta: number): string | undefined {
  const { keys, index } = indexOf(panels, key);
  return keys[Math.min(keys.length - 1, Math.max(0, index + delta))];
}

/** The first row of the next (or previous) panel, wrapping around. */
export function jumpPanel(panels: readonly Panel[], key: string | undefined, direction: 1 | -1): string | undefined {
  const withRows = panels.filter((panel) => panel.rows.length > 0);
  if (withRows.length === 0) return undefined;
  const current = Math.max(
    0,
    withRows.findIndex((panel) => panel.rows.some((row) => row.key === key)),
  );
  const next = withRows[(current + direction + withRows.length) % withRows.length]!;
  return next.rows[0]!.key;
}

/** The next failed process after the selection (wrapping around), or undefined when none failed. */
export function nextFailure(panels: readonly Panel[], key: string | undefined): string | undefined {
  const rows = panels.flatMap((panel) => panel.rows);
  const at = rows.findIndex((row) => row.key === key);
  const order = [...rows.slice(at + 1), ...rows.slice(0, at + 1)];
  return order.find((row) => row.failed && !row.expandable)?.key;
}
