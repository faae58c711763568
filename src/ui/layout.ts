/** The whole screen as lines: header, problems, the panels' lines scrolled to the selection, footer. */
import { daemonStateText } from '../core/report/daemon-view.js';
import { nodeHealth, reloadedGroups, type NodeAnswer } from '../core/panel/node-views.js';
import type { PanelRow } from '../core/panel/panels.js';
import { targetProcesses } from '../core/plan/resolver.js';
import type { OnNode } from '../control/tui-session-api.js';
import { selectedRow, selectPanels, type TuiState } from '../core/panel/tui-state.js';
import {
  coarseUptime,
  columnHeads,
  columnsFor,
  panelTitle,
  rowCells,
  scrollOffset,
  shownNameWidth,
  type Columns,
} from './presentation.js';

export const MIN_COLUMNS = 40;
export const MIN_ROWS = 10;

export type BodyLine =
  | { kind: 'title'; text: string }
  | { kind: 'columns'; text: string }
  | { kind: 'row'; row: PanelRow; text: string; state: string; inflight: boolean; selected: boolean }
  | { kind: 'more'; text: string };

export interface HeaderInfo {
  daemon: { text: string; level: 'ok' | 'error' | 'info' };
  notes: string[];
}

/**
 * What differs between a node's files and its supervisord: the groups supervisord itself says its files
 * add, change or remove (`reloadConfig`), else the processes the files and its answer disagree on.
 */
function driftText(answer: NodeAnswer, processes: number): string | undefined {
  const groups = reloadedGroups(answer);
  if (groups.length > 0) return groups.join(', ');
  return processes > 0 ? `${processes} process${processes > 1 ? 'es' : ''}` : undefined;
}

/** supervisord's state, the freshness of the data, and drift between files and daemon. */
export function headerInfo(state: TuiState, now: number, staleSeconds: number): HeaderInfo {
  const notes: string[] = [];
  let daemon: HeaderInfo['daemon'] = { text: 'supervisord: asking...', level: 'info' };
  const nodes = state.nodes ?? [];
  const home = nodes.length === 1 ? nodes[0]!.view : undefined;
  if (nodes.length > 1) {
    const health = nodes.map(nodeHealth);
    daemon = {
      text: `nodes: ${health.map((node) => node.text).join(' · ')}`,
      level: health.every((node) => node.ok) ? 'ok' : 'error',
    };
    const drifting = nodes.flatMap((answer) => {
      const what = driftText(answer, state.drift.get(answer.node) ?? 0);
      return what ? [`${answer.node}: ${what}`] : [];
    });
    if (drifting.length > 0)
      notes.push(`files differ from what supervisord loaded: ${drifting.join(' · ')} (u applies them)`);
  } else if (home?.ok) {
    const up = state.daemonStartedAt ? `, up ${coarseUptime((now - state.daemonStartedAt) / 1000)}` : '';
    daemon = { text: `supervisord: running${state.daemonPid ? `, pid ${state.daemonPid}` : ''}${up}`, level: 'ok' };
    const what = driftText(nodes[0]!, state.drift.get(nodes[0]!.node) ?? 0);
    if (what) notes.push(`files differ from what supervisord loaded: ${what} (u applies them)`);
  } else if (home?.down) daemon = { text: `supervisord: DOWN: ${home.reason}`, level: 'error' };
  // Not down (running but silent, refusing us, not ours to reach): say what it is, never "DOWN".
  else if (home) daemon = { text: `supervisord: ${daemonStateText(home)}`, level: 'error' };
  if (staleSeconds > 0) notes.push(`data ${staleSeconds}s old`);
  if (state.filter) notes.push(`filter: ${state.filter.text}${state.filter.typing ? '_' : ''} (Esc clears)`);
  return { daemon, notes };
}

function bodyLines(
  state: TuiState,
  columns: Columns,
  width: number,
  now: number,
): { lines: BodyLine[]; selectedIndex: number } {
  const selectedKey = selectedRow(state)?.row.key;
  const lines: BodyLine[] = [];
  let selectedIndex = 0;
  for (const panel of selectPanels(state)) {
    lines.push({
      kind: 'title',
      text: panelTitle(panel, state.platform?.stages[panel.id as keyof typeof state.platform.stages]),
    });
    for (const row of panel.rows) {
      const parent = row.depth === 1 ? row.key.slice(0, row.key.lastIndexOf('>')) : undefined;
      const inflight = state.inflight[row.key] ?? (parent ? state.inflight[parent] : undefined);
      const cells = rowCells(row, columns, width, inflight, now / 1000);
      if (row.key === selectedKey) selectedIndex = lines.length;
      lines.push({
        kind: 'row',
        row,
        text: cells.text,
        state: cells.state,
        inflight: Boolean(inflight),
        selected: row.key === selectedKey,
      });
    }
  }
  return { lines, selectedIndex };
}

/** The body lines that fit in `height`, with a line saying how many are above or below. */
export function visibleBody(
  state: TuiState,
  width: number,
  bodyHeight: number,
  previousOffset: number,
  now: number,
): { lines: BodyLine[]; offset: number; hidden: string[] } {
  const rows = selectPanels(state).flatMap((panel) => panel.rows);
  const columns = columnsFor(width, Math.max(0, ...rows.map(shownNameWidth)));
  const { lines, selectedIndex } = bodyLines(state, columns, width, now);
  // The columns' names stay on top; the rows scroll under them.
  const heads: BodyLine = { kind: 'columns', text: columnHeads(columns) };
  const height = Math.max(1, bodyHeight - 1);
  if (lines.length <= height) return { lines: [heads, ...lines], offset: 0, hidden: columns.hidden };
  const room = Math.max(1, height - 1);
  let offset = scrollOffset(lines.length, selectedIndex, room, previousOffset);
  // Scrolling up onto a panel's first row brings its title along.
  if (offset === selectedIndex && lines[selectedIndex - 1]?.kind === 'title') offset -= 1;
  const shown = lines.slice(offset, offset + room);
  const below = lines.length - offset - room;
  const parts = [offset > 0 ? `↑ ${offset} above` : '', below > 0 ? `↓ ${below} below` : ''].filter(Boolean);
  const more = `${parts.join(', ')} (PgUp/PgDn)`;
  return { lines: [heads, ...shown, { kind: 'more', text: more }], offset, hidden: columns.hidden };
}

/** The supervisord processes whose own rows are on screen (a folded group's members are not: its counts are). */
export function visibleProcesses(lines: readonly BodyLine[]): OnNode[] {
  const rows = lines.flatMap((line) => (line.kind === 'row' && !line.row.expandable ? [line.row] : []));
  const seen = new Map<string, OnNode>();
  for (const target of rows.flatMap((row) => row.targets)) {
    for (const name of targetProcesses([target])) seen.set(`${target.node}\u0000${name}`, { node: target.node, name });
  }
  return [...seen.values()];
}
