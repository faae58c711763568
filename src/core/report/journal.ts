/**
 * The action journal (SPEC 9): who did what, from where, with what outcome. One JSON object per line in
 * `~/var/log/canopsis-tui/actions.log`, written by every command and read by `service --history` and the
 * panels. Pure: what an entry holds, how it reads, and how a file's text becomes entries.
 */
import { maskSecrets } from '../model/secrets.js';
import type { ActionResult } from '../model/outcomes.js';

export type JournalCommand = 'service' | 'hypcontrol' | 'canopsis-tui';
export type JournalOutcome = 'ok' | 'failed' | 'interrupted';

/** What a command knows of its own action; the journal adds who, where and when. */
export interface ActionRecord {
  /** `restart`, `mstop`, `platform start`, `kill-leftovers`, `update`. */
  action: string;
  targets: string[];
  outcome: JournalOutcome;
  reason?: string;
  durationMs: number;
}

/** Who acts: the same for every action of one process. */
export interface Actor {
  user: string;
  /** The SSH client's address when there is one, else the terminal (`/dev/pts/3`), else `no terminal`. */
  origin: string;
  command: JournalCommand;
  pid: number;
}

export interface JournalEntry extends ActionRecord, Actor {
  /** ISO 8601, UTC. */
  time: string;
}

/** The longest reason kept: a journal line stays one line an operator can read. */
const REASON_MAX = 400;

/** `text` within `max` characters: cut at a word boundary, saying how much was cut (`… (+312 characters)`). */
export function boundedReason(text: string, max = REASON_MAX): string {
  if (text.length <= max) return text;
  const room = max - ' … (+99999 characters)'.length;
  const space = text.lastIndexOf(' ', room);
  const head = text.slice(0, space > room / 2 ? space : room).trimEnd();
  return `${head} … (+${text.length - head.length} characters)`;
}

/** A record made safe for the journal: one line, no secret, bounded. */
export function journalEntry(record: ActionRecord, actor: Actor, now: number): JournalEntry {
  const reason =
    record.reason === undefined ? undefined : boundedReason(maskSecrets(record.reason.replace(/\s+/g, ' ').trim()));
  const { reason: _written, ...rest } = record;
  const targets = record.targets.map(maskSecrets);
  const entry = {
    time: new Date(now).toISOString(),
    ...actor,
    ...rest,
    targets,
    durationMs: Math.round(record.durationMs),
  };
  return reason ? { ...entry, reason } : entry;
}

/** The outcome of a set of results, and the failures' reasons as one line. */
export function summarize(
  results: readonly ActionResult[],
  interrupted = false,
): Pick<ActionRecord, 'outcome' | 'reason'> {
  const failures = results.filter((result) => result.outcome === 'failed');
  const reason = failures.map((result) => `${result.name}: ${result.reason ?? 'failed'}`).join('; ');
  const outcome: JournalOutcome = interrupted ? 'interrupted' : failures.length > 0 ? 'failed' : 'ok';
  return reason ? { outcome, reason } : { outcome };
}

const isString = (value: unknown): value is string => typeof value === 'string';

/** One line of the file as an entry, or undefined when it is not one (a torn or foreign line). */
export function parseJournalLine(line: string): JournalEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  const entry = value as Partial<JournalEntry> | null;
  if (typeof entry !== 'object' || entry === null) return undefined;
  if (![entry.time, entry.user, entry.origin, entry.command, entry.action, entry.outcome].every(isString))
    return undefined;
  if (
    !Array.isArray(entry.targets) ||
    !entry.targets.every(isString) ||
    !Number.isFinite(entry.pid) ||
    !Number.isFinite(entry.durationMs)
  )
    return undefined;
  if (entry.reason !== undefined && !isString(entry.reason)) return undefined;
  return entry as JournalEntry;
}

/** Every entry in a piece of the file, oldest first, and how many lines were not entries. */
export function parseJournal(text: string): { entries: JournalEntry[]; skipped: number } {
  const entries: JournalEntry[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const entry = parseJournalLine(line);
    if (entry) entries.push(entry);
    else skipped += 1;
  }
  return { entries, skipped };
}

const pad = (value: number) => String(value).padStart(2, '0');

/** `12:04:31` in the machine's local time (the panel's clock), with the date when it is not today's. */
export function entryTime(entry: JournalEntry, now: number): string {
  const at = new Date(entry.time);
  if (Number.isNaN(at.getTime())) return entry.time;
  const clock = `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
  const today = new Date(now);
  const sameDay =
    at.getFullYear() === today.getFullYear() && at.getMonth() === today.getMonth() && at.getDate() === today.getDate();
  return sameDay ? clock : `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${clock}`;
}

/** `12:04:31 alice@10.0.0.7: restart engine-alerts: ok`, the reason after a failure. */
export function formatEntry(entry: JournalEntry, now: number): string {
  const targets =
    entry.targets.length > 3
      ? `${entry.targets.slice(0, 3).join(', ')} and ${entry.targets.length - 3} more`
      : entry.targets.join(', ');
  const outcome = entry.reason && entry.outcome !== 'ok' ? `${entry.outcome} (${entry.reason})` : entry.outcome;
  return `${entryTime(entry, now)} ${entry.user}@${entry.origin}: ${entry.action} ${targets}: ${outcome}`;
}

/** The history as lines for a terminal: `service --history`, oldest first with the date, and who ran it. */
export function formatHistoryLine(entry: JournalEntry): string {
  const seconds = (entry.durationMs / 1000).toFixed(1);
  const outcome = entry.reason && entry.outcome !== 'ok' ? `${entry.outcome} (${entry.reason})` : entry.outcome;
  const time = entry.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  const what = `${entry.action} ${entry.targets.join(', ')}`;
  return `${time}  ${entry.user}@${entry.origin}  ${entry.command}: ${what}: ${outcome} in ${seconds}s`;
}

/** What identifies an entry: the same entry read twice (at the panel's start) is kept once. */
const entryKey = (entry: JournalEntry) => `${entry.time}|${entry.pid}|${entry.action}|${entry.targets.join(',')}`;

/** The kept history with `entries` added: oldest first, no entry twice, at most `keep`. */
export function mergeEntries(
  kept: readonly JournalEntry[],
  entries: readonly JournalEntry[],
  keep: number,
): JournalEntry[] {
  const known = new Set(kept.map(entryKey));
  const fresh = entries.filter((entry) => !known.has(entryKey(entry)));
  if (fresh.length === 0) return kept as JournalEntry[];
  return [...kept, ...fresh].slice(-keep);
}

/** A line of the panel's history screen: the entry, then which command ran it and for how long. */
export function historyScreenLine(entry: JournalEntry, now: number): string {
  return `${formatEntry(entry, now)}  (${entry.command}, ${(entry.durationMs / 1000).toFixed(1)}s)`;
}
