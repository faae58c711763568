/**
 * Completion of `NAME@NODE` (SPEC 10): another node's names come from the last answer it gave to any
 * command of the home, so that a Tab never waits for it, even while it is hung (SIGSTOP); in a real bash,
 * whose word breaks include `@` and `:`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destroyHome, REPO, runBin, signalPid, supervisordPid } from '../support/home.js';
import { makeNodes, program, type TestNode } from '../support/nodes.js';
import { completionShell } from '../support/tmux.js';

describe('completion over two nodes', () => {
  let nodes: TestNode[];
  const run = (bin: string, ...args: string[]) => runBin(bin, args, nodes[0]!.home);

  beforeAll(async () => {
    const group = '[group:amqp2engines]\nprograms=engine-alerts\n';
    const sections = [[program('mongodb', 0)], [program('engine-alerts', 0), group]];
    nodes = await makeNodes(['core', 'node2'], sections, 'BACKEND=(mongodb)\nMIDDLEWARE=(amqp2engines)\n');
  }, 60_000);
  afterAll(async () => {
    for (const node of nodes ?? []) await destroyHome(node.home);
  });

  it("offers node2's names as NAME@NODE from its last answer, and a Tab never waits for it", async () => {
    const before = (await run('service', '--names')).stdout.split('\n');
    expect(before).toContain('mongodb');
    expect(before.filter((name) => name.includes('@'))).toEqual([]);
    // Any command that asks node2 leaves its answer behind (nothing runs yet: status says 3, not up).
    expect((await run('hypcontrol', 'status')).exitCode).toBe(3);
    const pid = supervisordPid(nodes[1]!.home);
    signalPid(pid, 'SIGSTOP');
    try {
      const began = Date.now();
      const names = await run('service', '--names');
      const tookMs = Date.now() - began;
      expect(names.stdout.split('\n')).toEqual(
        expect.arrayContaining(['amqp2engines@node2', 'amqp2engines:engine-alerts@node2', 'engine-alerts@node2']),
      );
      // Far less than a node's read timeout (10 s): nothing was asked of node2.
      expect(tookMs).toBeLessThan(3_000);
      const bash = await completionShell(nodes[0]!.home.home, REPO);
      try {
        await bash.type('service engine-alerts@n');
        await bash.keys('Tab');
        // Whole: bash ends it with a space (the screen's capture drops it), and the action comes next.
        await bash.waitFor((s) => /^\$ service engine-alerts@node2 ?$/m.test(s), 'completed past the @');
        await bash.type('stat');
        await bash.keys('Tab');
        await bash.waitFor((s) => /^\$ service engine-alerts@node2 status ?$/m.test(s), 'the action completed');
      } finally {
        await bash.close();
      }
    } finally {
      signalPid(pid, 'SIGCONT');
    }
  }, 60_000);
});
