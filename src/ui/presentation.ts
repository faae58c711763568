/** Pure presentation: rows to cells and lines, column layout by width, coarse uptimes, the viewport. */
import { NOT_READY, type Panel, type PanelRow } from '../core/panel/panels.js';
import type { StageProgress } from '../core/panel/tui-state.js';
import { splitNamespec } from '../core/model/names.js';

/** Uptime that changes at most once a minute, so an idle screen stays still. */
export function coarseUptime(seconds: number | undefined): string {
  if (seconds === undefined) return '';
  if (seconds < 60) return '<1m';
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}

const KIND_LABEL: Record<PanelRow['kind'], string> = {
  supervisord: 'sup',
  lsb: 'lsb',
  group: 'group',
  pattern: 'glob',
  unknown: '?',
};

export interface Columns {
  name: number;
  kind: boolean;
  pid: boolean;
  uptime: boolean;
  /** What a narrow terminal hides, for saying so. */
  hidden: string[];
}

/**
 * Which columns fit in `width`, the name as wide as the longest name shown (`longest`, its fold marker
 * counted), so that the reason gets the rest of the line.
 */
export function columnsFor(width: number, longest = 40): Columns {
  const kind = width >= 72;
  const pid = width >= 64;
  const uptime = width >= 52;
  const fixed = 2 + 11 + (kind ? 6 : 0) + (pid ? 8 : 0) + (uptime ? 5 : 0);
  // A reason keeps 16 columns at least; a name past what is left is cut.
  const name = Math.max(12, Math.min(longest, width - 3 - fixed - 16));
  const hidden = [kind ? '' : 'kind', pid ? '' : 'pid', uptime ? '' : 'uptime'].filter(Boolean);
  return { name, kind, pid, uptime, hidden };
}

/** The columns' names over the rows, aligned with them (after the selection mark and the glyph). */
export function columnHeads(columns: Columns): string {
  const parts = [fit('NAME', columns.name)];
  if (columns.kind) parts.push(fit('KIND', 5));
  parts.push(fit('STATE', 11));
  if (columns.pid) parts.push(fit('PID', 7));
  if (columns.uptime) parts.push(fit('UP', 4));
  return `   ${[...parts, 'REASON'].join(' ')}`;
}

/** How wide a row's name is shown: under its group without the group, after its fold marker. */
export function shownNameWidth(row: PanelRow): number {
  const name = row.depth === 1 ? splitNamespec(row.name).process : row.name;
  return name.length + 2;
}

function fit(text: string, width: number): string {
  if (width <= 0) return '';
  return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text.padEnd(width);
}

export interface RowCells {
  state: string;
  stateText: string;
  text: string;
}

/** One row as text (without the glyph) and the state shown, in-flight label first. */
export function rowCells(
  row: PanelRow,
  columns: Columns,
  width: number,
  inflight: string | undefined,
  nowSeconds: number,
): RowCells {
  const marker = row.expandable ? (row.expanded ? '▾ ' : '▸ ') : row.depth === 1 ? '  ' : '';
  const stateText = inflight ?? row.state;
  // Under its group the group prefix says nothing new: `engine-alerts-0` rather than `amqp2engines:engine-alerts-0`.
  const name = row.depth === 1 ? splitNamespec(row.name).process : row.name;
  const parts = [fit(`${marker}${name}`, columns.name)];
  if (columns.kind) parts.push(fit(KIND_LABEL[row.kind], 5));
  parts.push(fit(stateText, 11));
  const uptime =
    (row.state === 'RUNNING' || row.state === NOT_READY) && row.startedAt !== undefined
      ? coarseUptime(nowSeconds - row.startedAt)
      : '';
  // A row with neither pid nor uptime gives their room to its reason or counts.
  if (row.pid || uptime) {
    if (columns.pid) parts.push(fit(row.pid ? String(row.pid) : '', 7));
    if (columns.uptime) parts.push(fit(uptime, 4));
  }
  const head = parts.join(' ');
  const rest = row.counts ?? row.reason ?? '';
  // The line is: selection mark, glyph, a space, then this text.
  const room = width - 3 - head.length - 1;
  return {
    state: row.state,
    stateText,
    text: rest && room > 3 ? `${head} ${fit(rest, room).trimEnd()}` : head.trimEnd(),
  };
}

function progressText(progress: StageProgress | undefined): string {
  if (!progress) return '';
  if (progress.state === 'pending') return '  · waiting';
  if (progress.state === 'running') return '  · in progress...';
  return `  · ${progress.state} ${(progress.elapsedMs / 1000).toFixed(1)}s`;
}

/** A panel's title: name, how many are up, and the platform's progress on this stage. */
export function panelTitle(panel: Panel, progress: StageProgress | undefined): string {
  const notReady = panel.notReady > 0 ? `, ${panel.notReady} not ready` : '';
  const count = panel.total > 0 ? `  ${panel.up}/${panel.total} up${notReady}` : '  (no services)';
  const shown = panel.shown === undefined ? '' : panel.shown === 0 ? '  · no match' : `  · ${panel.shown} shown`;
  return `${panel.id}${count}${shown}${progressText(progress)}`;
}

/** The first line to show so that `selected` stays visible, moving as little as possible. */
export function scrollOffset(total: number, selected: number, height: number, previous: number): number {
  if (total <= height) return 0;
  let offset = Math.min(previous, total - height);
  if (selected < offset) offset = selected;
  if (selected >= offset + height) offset = selected - height + 1;
  return Math.max(0, offset);
}

/**
 * Plain text (no escapes: reasons and log lines are made safe before they get here) wrapped at spaces to
 * `width`, a word longer than a line cut into pieces. Hand-written: wrap-ansi is Ink's dependency, not ours,
 * and these few lines need none of its escape handling.
 */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let piece = word;
    while (piece) {
      if (!line) {
        line = piece.slice(0, width);
        piece = piece.slice(width);
        if (piece) {
          lines.push(line);
          line = '';
        }
      } else if (line.length + 1 + piece.length <= width) {
        line = `${line} ${piece}`;
        piece = '';
      } else {
        lines.push(line);
        line = '';
      }
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * What the selected row says in full under the panels (SPEC 6): a row that is not simply running, its whole
 * reason wrapped, then a failed process's last lines of log. At most `max` lines: past that the last says
 * where the rest is (`l`).
 */
export function detailLines(row: PanelRow | undefined, width: number, max: number): string[] {
  if (!row || row.expandable || max < 2) return [];
  const troubled = row.failed || (row.state !== 'RUNNING' && row.reason !== undefined);
  if (!troubled) return [];
  const said = row.reason ? `${row.name}: ${row.state} · ${row.reason}` : `${row.name}: ${row.state}`;
  const words = row.lastLines.flatMap((line) => wrapText(line, width - 4).map((part) => `  │ ${part}`));
  const lines = [...wrapText(said, width - 1), ...words];
  return lines.length <= max ? lines : [...lines.slice(0, max - 1), '  … (l: its whole log)'];
}

/**
 * The header's file problems, each `! ` then wrapped (its cause, which comes last, shows), `max` lines at
 * most: past that, the last line says how many problems are not shown.
 */
export function problemLines(problems: readonly string[], width: number, max: number): string[] {
  const lines: string[] = [];
  for (const [index, problem] of problems.entries()) {
    const left = problems.length - index;
    // A line stays free to say how many more there are.
    const room = max - lines.length - (left > 1 ? 1 : 0);
    let wrapped = wrapText(problem, width - 2).map((line, at) => `${at === 0 ? '!' : ' '} ${line}`);
    if (wrapped.length > room) {
      if (lines.length > 0 || room < 3) {
        lines.push(`! ... and ${left} more problem${left > 1 ? 's' : ''}`);
        break;
      }
      // One problem longer than the room keeps its start (the file and line) and its end (the cause).
      wrapped = [wrapped[0]!, '  …', ...wrapped.slice(2 - room)];
    }
    lines.push(...wrapped);
  }
  return lines;
}
