/** What the panel reads of the action journal (SPEC 9): the recent history once, then what any command appends. */
import type { JournalEntry } from '../core/report/journal.js';
import type { JournalPort, JournalPosition } from '../core/ports.js';
import { ACTIONS_KEPT } from '../core/panel/tui-state.js';

export interface JournalFeed {
  /** The first call: the recent history; later ones: what was appended since, `others` not by this process. */
  poll(journal: JournalPort | undefined): { entries: JournalEntry[]; others: JournalEntry[] };
}

export function createJournalFeed(): JournalFeed {
  let position: JournalPosition | undefined;
  let started = false;
  return {
    poll(journal) {
      if (!journal) return { entries: [], others: [] };
      if (!started) {
        started = true;
        // The position first: an entry written in between is read twice (the state drops the copy), never lost.
        position = journal.since(undefined).position;
        return { entries: journal.recent(ACTIONS_KEPT).entries, others: [] };
      }
      const read = journal.since(position);
      position = read.position;
      return { entries: read.entries, others: read.entries.filter((entry) => entry.pid !== journal.actor.pid) };
    },
  };
}
