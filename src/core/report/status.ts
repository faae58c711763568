/** Status rows, from supervisord's process info or an initscript's status code, and their exit code. */
import { lsbStatusState } from '../model/states.js';
import type { ProcessInfo } from '../ports.js';
import { historyText, type History } from './restart-history.js';

export interface StatusRow {
  name: string;
  kind: 'supervisord' | 'lsb';
  /** supervisord state name, or RUNNING / STOPPED / DEAD / UNKNOWN for an initscript. */
  state: string;
  pid: number | undefined;
  uptimeSeconds: number | undefined;
  /** When it started (epoch seconds, supervisord's clock), while running. */
  startedAt?: number;
  /** Why it is not running, or what else an operator should know (config drift). */
  detail: string | undefined;
  /** RUNNING, but its readiness check fails: why (SPEC 8). */
  notReady?: string;
  /** EXITED: its exit status. */
  exitStatus?: number;
  /** A failed process: the last line it wrote to stderr (or stdout), also appended to `detail`. */
  lastLine?: string;
  /** Starts and unexpected exits in the last hour, from supervisord's main log (SPEC 9). */
  history?: History;
}

/**
 * The row with its restart history, said in `detail` when there is something to say: `flapping` first
 * (what an operator must see even on a narrow screen), the counts last.
 */
export function withHistory(row: StatusRow, history: History | undefined): StatusRow {
  if (!history) return row;
  const parts = [history.flapping ? 'flapping' : undefined, row.detail, historyText(history)].filter(Boolean);
  return { ...row, history, ...(parts.length > 0 ? { detail: parts.join(' · ') } : {}) };
}

/** FATAL, BACKOFF, or EXITED with a status other than 0: a process whose own last words are worth showing. */
export function hasFailed(row: StatusRow): boolean {
  if (row.kind !== 'supervisord') return false;
  return row.state === 'FATAL' || row.state === 'BACKOFF' || (row.state === 'EXITED' && row.exitStatus !== 0);
}

/**
 * `Exited too quickly · ConnectionRefusedError: [Errno 111] Connection refused` (the log's details, given:
 * of several lines, the last).
 */
export function withLastLine(row: StatusRow, lines: string | undefined): StatusRow {
  const line = lines?.split('\n').at(-1);
  if (!line) return row;
  const reason = row.detail?.replace(' (process log may have details)', '');
  return { ...row, lastLine: line, detail: reason ? `${reason} · ${line}` : line };
}

/** `RUNNING`, or `RUNNING, not ready: <why>`. */
export function stateText(row: StatusRow): string {
  return row.notReady === undefined ? row.state : `${row.state}, not ready: ${row.notReady}`;
}

/** `H:MM:SS`, with `N days, ` in front past a day, as supervisorctl prints uptimes. */
export function formatUptime(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const days = Math.floor(s / 86_400);
  const two = (n: number) => String(n).padStart(2, '0');
  const clock = `${Math.floor((s % 86_400) / 3600)}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
  return days > 0 ? `${days} day${days > 1 ? 's' : ''}, ${clock}` : clock;
}

function stoppedDetail(info: ProcessInfo): string | undefined {
  if (info.statename === 'FATAL' || info.statename === 'BACKOFF') return info.spawnerr || 'Exited too quickly';
  if (info.statename === 'EXITED') return `exit status ${info.exitstatus}`;
  if (info.statename === 'STOPPED' && info.start === 0) return 'Not started';
  if (info.statename === 'UNKNOWN') return info.spawnerr || undefined;
  return undefined;
}

/** A row for one supervisord process; `drift` says where files and daemon disagree. */
export function rowFromProcessInfo(namespec: string, info: ProcessInfo, drift?: string): StatusRow {
  const running = info.statename === 'RUNNING';
  const details = [stoppedDetail(info), drift].filter(Boolean);
  return {
    name: namespec,
    kind: 'supervisord',
    state: info.statename,
    pid: info.pid > 0 ? info.pid : undefined,
    uptimeSeconds: running ? info.now - info.start : undefined,
    ...(running ? { startedAt: info.start } : {}),
    ...(info.statename === 'EXITED' ? { exitStatus: info.exitstatus } : {}),
    detail: details.length ? details.join('; ') : undefined,
  };
}

/** A row for a name whose state cannot be known, with the reason. */
export function unknownRow(name: string, kind: StatusRow['kind'], reason: string): StatusRow {
  return { name, kind, state: 'UNKNOWN', pid: undefined, uptimeSeconds: undefined, detail: reason };
}

/** A row from an initscript's `status` exit code (undefined when killed at the timeout). */
export function rowFromLsbStatus(name: string, code: number | undefined, detail: string | undefined): StatusRow {
  return {
    name,
    kind: 'lsb',
    state: code === undefined ? 'UNKNOWN' : lsbStatusState(code),
    pid: undefined,
    uptimeSeconds: undefined,
    detail,
  };
}

/** SPEC 4 and 8: 0 all running and ready, 4 any unknown, else 3. */
export function statusExitCode(rows: readonly StatusRow[]): number {
  if (rows.some((row) => row.state === 'UNKNOWN')) return 4;
  return rows.every((row) => row.state === 'RUNNING' && row.notReady === undefined) ? 0 : 3;
}

/** Aligned supervisorctl-like lines: name, state, `pid N, uptime H:MM:SS` or the reason. */
export function formatStatusLines(rows: readonly StatusRow[]): string[] {
  const nameWidth = Math.max(32, ...rows.map((row) => row.name.length));
  return rows.map((row) => {
    const facts = [
      row.pid !== undefined ? `pid ${row.pid}` : undefined,
      row.uptimeSeconds !== undefined ? `uptime ${formatUptime(row.uptimeSeconds)}` : undefined,
      row.detail,
    ].filter(Boolean);
    const state = row.notReady === undefined ? row.state.padEnd(10) : `${stateText(row)} ·`;
    return `${row.name.padEnd(nameWidth)} ${state} ${facts.join(', ')}`.trimEnd();
  });
}
