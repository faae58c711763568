/** The action journal written by several processes at once: no line torn or lost, across rotations. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { parseJournal } from '../../src/core/report/journal.js';
import { REPO } from '../support/home.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-procs-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Each writer is a separate node process using the built adapter, as `service`, `hypcontrol` and panels are.
const WRITER = `
import { createActionJournal } from ${JSON.stringify(path.join(REPO, 'dist/adapters/action-journal.js'))};
const [dir, who, count] = process.argv.slice(1);
const actor = { user: who, origin: 'test', command: 'service', pid: process.pid };
const journal = createActionJournal(dir, actor, { maxBytes: 64 * 1024, keep: 100 });
for (let index = 0; index < Number(count); index += 1) {
  const targets = [who + '-' + index, 'x'.repeat(index % 300)];
  const problem = journal.record({ action: 'restart', targets, outcome: 'ok', durationMs: index });
  if (problem) throw new Error(problem);
}
`;

describe('the journal across processes', () => {
  it('keeps every line whole when four processes append at once through rotations', async () => {
    const write = (who: string) =>
      execa('node', ['--input-type=module', '-e', WRITER, dir, who, '400'], { stdin: 'ignore' });
    const writers = ['a', 'b', 'c', 'd'].map(write);
    await Promise.all(writers);
    const files = fs.readdirSync(dir).filter((name) => name.startsWith('actions.log'));
    expect(files.length).toBeGreaterThan(5);
    const texts = files.map((name) => fs.readFileSync(path.join(dir, name), 'utf8'));
    const parsed = texts.map((text) => parseJournal(text));
    expect(parsed.reduce((sum, one) => sum + one.skipped, 0)).toBe(0);
    const targets = parsed.flatMap((one) => one.entries.map((entry) => entry.targets[0]));
    expect(targets).toHaveLength(1600);
    expect(new Set(targets).size).toBe(1600);
    expect(fs.existsSync(path.join(dir, 'actions.log.lock'))).toBe(false);
  });
});
