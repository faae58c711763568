/**
 * Leftovers (SPEC 8): what a stop leaves running. Before a stop, each process's pid and every descendant
 * are recorded (with start times); after it, they get a grace to exit; what still lives is named, kept in
 * the home's leftover store, and, when asked, sent TERM then KILL after the same grace.
 */
import type { Clock, ProcessEntry, ProcessTreePort, ServiceDeps } from '../core/ports.js';

export type Trees = Map<string, ProcessEntry[]>;

const POLL_MS = 100;

/** Each name's process with its descendants now, from the pids supervisord gave (0: not running, skipped). */
export function recordTrees(tree: ProcessTreePort, pids: ReadonlyMap<string, number>): Trees {
  const running = [...pids].filter(([, pid]) => pid > 0);
  const byRoot = tree.treeOf(running.map(([, pid]) => pid));
  return new Map(running.flatMap(([name, pid]) => (byRoot.has(pid) ? [[name, byRoot.get(pid)!] as const] : [])));
}

function survivors(tree: ProcessTreePort, trees: Trees): Trees {
  const left = new Map<string, ProcessEntry[]>();
  for (const [name, entries] of trees) {
    const alive = tree.alive(entries);
    if (alive.length > 0) left.set(name, alive);
  }
  return left;
}

/** Waits up to `graceMs` for every recorded process to be gone; returns what still lives, by name. */
export async function awaitGone(tree: ProcessTreePort, clock: Clock, trees: Trees, graceMs: number): Promise<Trees> {
  const deadline = clock.now() + graceMs;
  let left = survivors(tree, trees);
  while (left.size > 0 && clock.now() < deadline) {
    await clock.sleep(POLL_MS);
    left = survivors(tree, left);
  }
  return left;
}

/** TERM, then KILL to what outlives the grace; says what died and what did not, by name. */
export async function killTrees(tree: ProcessTreePort, clock: Clock, trees: Trees, graceMs: number): Promise<{ killed: Trees; survived: Trees }> {
  for (const entries of trees.values()) tree.signal(entries, 'SIGTERM');
  let left = await awaitGone(tree, clock, trees, graceMs);
  if (left.size > 0) {
    for (const entries of left.values()) tree.signal(entries, 'SIGKILL');
    left = await awaitGone(tree, clock, left, 1_000);
  }
  const killed = new Map<string, ProcessEntry[]>();
  for (const [name, entries] of trees) {
    const still = new Set((left.get(name) ?? []).map((entry) => entry.pid));
    const gone = entries.filter((entry) => !still.has(entry.pid));
    if (gone.length > 0) killed.set(name, gone);
  }
  return { killed, survived: left };
}

/** The leftovers still alive from earlier stops, of these names only. */
export function storedLeftovers(deps: ServiceDeps, names: readonly string[]): Trees {
  if (!deps.leftoverStore) return new Map();
  const wanted = new Set(names);
  return new Map([...deps.leftoverStore.read()].filter(([name]) => wanted.has(name)));
}
