/** The action journal: what an entry says and hides, how the file is read back, rotation and following. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { actorOf, createActionJournal } from '../../src/adapters/action-journal.js';
import {
  formatEntry,
  journalEntry,
  mergeEntries,
  parseJournal,
  summarize,
  type Actor,
} from '../../src/core/report/journal.js';
import { failed, succeeded } from '../../src/core/model/outcomes.js';

const ALICE: Actor = { user: 'alice', origin: '10.0.0.7', command: 'service', pid: 4242 };
const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe('a journal entry', () => {
  it('reads as the panel says it, with the reason of a failure', () => {
    const at = new Date(2026, 10, 26, 12, 4, 31).getTime();
    const ok = journalEntry(
      { action: 'restart', targets: ['engine-alerts'], outcome: 'ok', durationMs: 2100.4 },
      ALICE,
      at,
    );
    expect(formatEntry(ok, at)).toBe('12:04:31 alice@10.0.0.7: restart engine-alerts: ok');
    expect(ok.durationMs).toBe(2100);
    const bad = journalEntry(
      {
        action: 'start',
        targets: ['a', 'b', 'c', 'd'],
        ...summarize([
          failed('a', 'supervisord', 'start', 'spawn error'),
          succeeded('b', 'supervisord', 'start', 'started'),
        ]),
        durationMs: 5,
      },
      ALICE,
      at,
    );
    expect(formatEntry(bad, at + 86_400_000)).toBe(
      '2026-11-26 12:04:31 alice@10.0.0.7: start a, b, c and 1 more: failed (a: spawn error)',
    );
  });

  it('a long reason is cut at a word boundary and says how much was cut', () => {
    const words = Array.from({ length: 120 }, (_, i) => `engine-${i}: spawn error`).join('; ');
    const entry = journalEntry(
      { action: 'mstart', targets: ['amqp2engines'], outcome: 'failed', reason: words, durationMs: 1 },
      ALICE,
      0,
    );
    const match = /^(.*) … \(\+(\d+) characters\)$/.exec(entry.reason!);
    expect(entry.reason!.length).toBeLessThanOrEqual(400);
    expect(words.startsWith(match![1]!)).toBe(true);
    expect(words[match![1]!.length]).toBe(' ');
    expect(match![1]!.length + Number(match![2])).toBe(words.length);
  });

  it('keeps no secret and stays one line', () => {
    const entry = journalEntry(
      {
        action: 'start',
        targets: ['x'],
        outcome: 'failed',
        reason: 'exec check: password=hunter2\nsecond line',
        durationMs: 1,
      },
      ALICE,
      0,
    );
    expect(JSON.stringify(entry)).not.toContain('hunter2');
    expect(entry.reason).not.toContain('\n');
  });

  it('skips torn and foreign lines, and an entry read twice is kept once', () => {
    const good = JSON.stringify(
      journalEntry({ action: 'stop', targets: ['x'], outcome: 'ok', durationMs: 1 }, ALICE, 0),
    );
    const { entries, skipped } = parseJournal(`${good}\n{"time":\nnot json\n{"user":1}\n${good}\n`);
    expect(entries).toHaveLength(2);
    expect(skipped).toBe(3);
    expect(mergeEntries(entries.slice(0, 1), entries, 10)).toHaveLength(1);
  });
});

describe('the journal file', () => {
  it('appends, rotates by size, and reads the recent history across rotated files', () => {
    const dir = tempDir();
    const journal = createActionJournal(dir, ALICE, { maxBytes: 1000, keep: 3 });
    for (let index = 0; index < 20; index += 1)
      expect(
        journal.record({ action: 'start', targets: [`p${index}`], outcome: 'ok', durationMs: index }),
      ).toBeUndefined();
    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual(expect.arrayContaining(['actions.log', 'actions.log.1']));
    expect(files).not.toContain('actions.log.4');
    expect(fs.statSync(path.join(dir, 'actions.log.1')).size).toBeGreaterThanOrEqual(1000);
    expect(fs.statSync(path.join(dir, 'actions.log')).mode & 0o777).toBe(0o640);
    const recent = journal.recent(5).entries.map((entry) => entry.targets[0]);
    expect(recent).toEqual(['p15', 'p16', 'p17', 'p18', 'p19']);
    // Across files: more than the current file holds.
    const current = parseJournal(fs.readFileSync(path.join(dir, 'actions.log'), 'utf8')).entries.length;
    expect(
      journal
        .recent(current + 2)
        .entries.map((entry) => entry.targets[0])
        .at(0),
    ).toBe(`p${19 - current - 1}`);
  });

  it('follows what is appended, across a rotation, and from the start of a journal created later', () => {
    const dir = tempDir();
    const journal = createActionJournal(dir, ALICE, { maxBytes: 600, keep: 2 });
    let { position } = journal.since(undefined);
    journal.record({ action: 'start', targets: ['first'], outcome: 'ok', durationMs: 1 });
    const first = journal.since(position);
    expect(first.entries.map((entry) => entry.targets[0])).toEqual(['first']);
    position = first.position;
    const names: string[] = [];
    for (let index = 0; index < 6; index += 1) {
      journal.record({ action: 'stop', targets: [`n${index}`], outcome: 'ok', durationMs: 1 });
      names.push(`n${index}`);
    }
    expect(fs.existsSync(path.join(dir, 'actions.log.1'))).toBe(true);
    const after = journal.since(position);
    // Rotated once since the last read (600 bytes hold three entries): nothing between was lost.
    expect(after.entries.map((entry) => entry.targets[0])).toEqual(names.slice(-after.entries.length));
    expect(after.entries.length).toBeGreaterThanOrEqual(3);
    expect(journal.since(after.position).entries).toEqual([]);
  });

  it('says why it cannot write, and never throws', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'log'), 'a file where the folder should be');
    const journal = createActionJournal(path.join(dir, 'log'), ALICE);
    expect(journal.record({ action: 'start', targets: ['x'], outcome: 'ok', durationMs: 1 })).toMatch(
      /^cannot write .*actions\.log: (ENOTDIR|EEXIST)/,
    );
    expect(journal.recent(10).entries).toEqual([]);
  });

  it('names the person behind sudo and the SSH client', () => {
    const actor = actorOf('hypcontrol', { SUDO_USER: 'bob', SSH_CLIENT: '10.0.0.9 51234 22' });
    expect(actor).toMatchObject({ user: 'bob', origin: '10.0.0.9', command: 'hypcontrol', pid: process.pid });
    expect(actorOf('service', {}).user).toBe(os.userInfo().username);
  });
});
