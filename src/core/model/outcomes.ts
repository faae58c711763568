/** What an action did to one process or service, and how results map to exit codes (SPEC 4). */
import type { ProcessEntry } from './process-entry.js';

export type ActionVerb = 'start' | 'stop';

export type Outcome = 'started' | 'already started' | 'stopped' | 'not running' | 'failed';

export interface ActionResult {
  /** Namespec or initscript name. */
  name: string;
  kind: 'supervisord' | 'lsb';
  action: ActionVerb;
  ok: boolean;
  outcome: Outcome;
  /** Why it failed, or a note on success (e.g. "supervisord is not running"). */
  reason?: string;
  /** What a stop left running (the stop failed for it), SPEC 8. */
  leftovers?: ProcessEntry[];
  /** Leftovers killed on request (`--kill-leftovers`, `K`). */
  killed?: ProcessEntry[];
  /** How long after the start its readiness check passed. */
  readyAfterMs?: number;
  /** A start that ran but never got ready: its check's last error. */
  notReady?: string;
  /** A start that found its process STARTING or BACKOFF (another start's) and waited for its outcome. */
  joined?: boolean;
}

export const ExitCode = {
  OK: 0,
  FAILED: 1,
  USAGE: 2,
  STATUS_NOT_RUNNING: 3,
  STATUS_UNKNOWN: 4,
  /** Ctrl-C (128 + SIGINT). */
  INTERRUPTED: 130,
} as const;

export function succeeded(
  name: string,
  kind: ActionResult['kind'],
  action: ActionVerb,
  outcome: Outcome,
  reason?: string,
): ActionResult {
  return reason === undefined
    ? { name, kind, action, ok: true, outcome }
    : { name, kind, action, ok: true, outcome, reason };
}

export function failed(name: string, kind: ActionResult['kind'], action: ActionVerb, reason: string): ActionResult {
  return { name, kind, action, ok: false, outcome: 'failed', reason };
}

/** What a thrown value says, for a result's reason. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `beam.smp (pid 1234), epmd (pid 77)`. */
export function describeProcesses(entries: readonly ProcessEntry[]): string {
  return entries.map((entry) => `${entry.name} (pid ${entry.pid})`).join(', ');
}

/** `ready after 2.3s`. */
export function formatReadyAfter(ms: number): string {
  return `ready after ${(ms / 1000).toFixed(1)}s`;
}

/** supervisorctl-like line: `name: started`, `name: ERROR (reason)`, `name: stopped, but left running: ...`. */
export function formatActionResult(result: ActionResult): string {
  if (!result.ok && result.action === 'stop' && result.leftovers?.length)
    return `${result.name}: stopped, but left running: ${describeProcesses(result.leftovers)}`;
  if (!result.ok) return `${result.name}: ERROR (${result.reason ?? 'failed'})`;
  const notes = [
    result.reason,
    result.readyAfterMs !== undefined ? formatReadyAfter(result.readyAfterMs) : undefined,
    result.killed?.length ? `killed what it left running: ${describeProcesses(result.killed)}` : undefined,
  ].filter(Boolean);
  return notes.length > 0
    ? `${result.name}: ${result.outcome} (${notes.join('; ')})`
    : `${result.name}: ${result.outcome}`;
}

/**
 * Where an abandoned restart leaves things, from its results so far: what it stopped and never asked to
 * start again, and what it asked to start (supervisord carries that on) without hearing back.
 */
export function abandonedRestart(
  results: readonly ActionResult[],
  startsIssued: ReadonlySet<string>,
): { leftStopped: string[]; starting: string[] } {
  const stopped = new Set(
    results.filter((r) => r.action === 'stop' && r.ok && r.outcome === 'stopped').map((r) => r.name),
  );
  for (const result of results) if (result.action === 'start' && result.ok) stopped.delete(result.name);
  const left = [...stopped];
  return {
    leftStopped: left.filter((name) => !startsIssued.has(name)),
    starting: left.filter((name) => startsIssued.has(name)),
  };
}

/** 0 when every result succeeded, 1 otherwise. */
export function actionExitCode(results: readonly ActionResult[]): number {
  return results.every((result) => result.ok) ? ExitCode.OK : ExitCode.FAILED;
}
