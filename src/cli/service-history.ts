/** `service --history [-n N] [--json]` (SPEC 9): the home's action journal, oldest first, newest last. */
import path from 'node:path';
import { actorOf, createActionJournal } from '../adapters/action-journal.js';
import { formatHistoryLine } from '../core/report/journal.js';
import { ExitCode } from '../core/model/outcomes.js';
import type { CliIo } from './io.js';
import { journalDir } from './wiring.js';

export const HISTORY_DEFAULT = 20;

export function showHistory(home: string, count: number, json: boolean, io: CliIo): number {
  const dir = journalDir(home);
  const { entries, problem } = createActionJournal(dir, actorOf('service', io.env)).recent(count);
  const code = problem ? ExitCode.STATUS_UNKNOWN : ExitCode.OK;
  if (json) {
    io.out(JSON.stringify({ history: entries, ...(problem ? { problem } : {}), exitCode: code }, null, 2));
    return code;
  }
  if (problem) io.err(`service: ${problem}`);
  if (entries.length === 0 && !problem) io.err(`No action recorded yet (${path.join(dir, 'actions.log')})`);
  entries.forEach((entry) => io.out(formatHistoryLine(entry)));
  return code;
}
