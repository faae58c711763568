/**
 * Leftovers (SPEC 8): what a stop leaves running. Before a stop, each process's pid and every descendant
 * are recorded (with start times); after it, they get a grace to exit; what still lives is named, kept in
 * the home's leftover store, and, when asked, sent TERM then KILL after the same grace.
 */
import { makeNamespec } from '../core/model/names.js';
import { describeProcesses, failed, type ActionResult } from '../core/model/outcomes.js';
import type { Clock, ProcessTreePort, ServiceDeps } from '../core/ports.js';
import type { ProcessEntry } from '../core/model/process-entry.js';
import { sameServer } from '../core/config/server-access.js';
import { DEFAULT_PLATFORM_SETTINGS } from '../core/config/settings.js';
import { readProcessesView } from './service-status.js';

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
export async function killTrees(
  tree: ProcessTreePort,
  clock: Clock,
  trees: Trees,
  graceMs: number,
): Promise<{ killed: Trees; survived: Trees }> {
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

export interface LeftoverOptions {
  /** How long what a stop leaves gets to exit (`leftover_grace`). */
  graceMs?: number;
  /** TERM, then KILL after the grace (`--kill-leftovers`, `K`). */
  kill: boolean;
  onNotice?: (line: string) => void;
}

const graceOf = (options: LeftoverOptions) => options.graceMs ?? DEFAULT_PLATFORM_SETTINGS.leftoverGraceMs;

/** Both lists, each pid once. */
function merged(first: readonly ProcessEntry[], second: readonly ProcessEntry[]): ProcessEntry[] {
  const pids = new Set(first.map((entry) => entry.pid));
  return [...first, ...second.filter((entry) => !pids.has(entry.pid))];
}

/**
 * What supervisord's mark says it spawned for these names (or for every name, when undefined), on this
 * home's server: a daemon that double-forked away from its process is found so (SPEC 11).
 */
export function markedBy(deps: ServiceDeps, names: readonly string[] | undefined): Trees {
  const url = deps.supervisor?.access.url;
  if (!deps.processTree || !url) return new Map();
  const marked = deps.processTree.spawnedBy((spawned) => sameServer(spawned, url));
  const wanted = [...marked].filter(([name]) => !names || names.includes(name));
  const theirs = (entries: ProcessEntry[]) => entries.filter((entry) => !MEANT_TO_OUTLIVE.has(entry.name));
  return new Map(wanted.map(([name, entries]) => [name, theirs(entries)] as const));
}

/**
 * Daemons a program starts to outlive it, shared by every program of the host: Erlang's port mapper,
 * started by the first broker (FIELD-NOTES "Leftovers"). They carry the mark but are no one's leftover.
 */
const MEANT_TO_OUTLIVE = new Set(['epmd']);

/** Each process's pid and descendants, and what carries its mark, recorded before its stop is asked. */
export async function recordBeforeStop(deps: ServiceDeps, names: string[]): Promise<Trees> {
  if (!deps.processTree) return new Map();
  const view = await readProcessesView(deps.supervisor, undefined, names);
  if (!view.ok) return new Map();
  const wanted = new Set(names);
  const pids = new Map<string, number>();
  for (const info of view.processes) {
    const name = makeNamespec(info.group, info.name);
    if (wanted.has(name)) pids.set(name, info.pid);
  }
  const trees = recordTrees(deps.processTree, pids);
  for (const [name, entries] of markedBy(deps, names)) trees.set(name, merged(trees.get(name) ?? [], entries));
  return trees;
}

/** A stop's result once its leftovers are known: failed while any still runs, with what was killed. */
function settledResult(
  result: ActionResult,
  still: ProcessEntry[] | undefined,
  gone: ProcessEntry[] | undefined,
): ActionResult {
  const killed = gone ? { killed: gone } : {};
  if (!still) return { ...result, ...killed };
  return {
    ...failed(result.name, result.kind, 'stop', `stopped, but left running: ${describeProcesses(still)}`),
    leftovers: still,
    ...killed,
  };
}

/**
 * After stops: what they (and earlier stops of the same names) left gets the grace; what outlives it fails
 * the stop and is named, or is killed when asked. The home's leftover store is brought up to date.
 */
export async function settleStops(
  results: ActionResult[],
  trees: Trees,
  deps: ServiceDeps,
  options: LeftoverOptions,
): Promise<ActionResult[]> {
  const tree = deps.processTree;
  if (!tree) return results;
  const names = results.filter((r) => r.kind === 'supervisord' && r.action === 'stop' && r.ok).map((r) => r.name);
  if (names.length === 0) return results;
  const watched: Trees = new Map([...trees].filter(([name]) => names.includes(name)));
  for (const [name, earlier] of storedLeftovers(deps, names))
    watched.set(name, merged(watched.get(name) ?? [], earlier));
  let left = await awaitGone(tree, deps.clock, watched, graceOf(options));
  let killed: Trees = new Map();
  if (options.kill && left.size > 0)
    ({ killed, survived: left } = await killTrees(tree, deps.clock, left, graceOf(options)));
  deps.leftoverStore?.write(new Map(names.map((name) => [name, left.get(name) ?? []])));
  return results.map((result) =>
    names.includes(result.name) && result.action === 'stop'
      ? settledResult(result, left.get(result.name), killed.get(result.name))
      : result,
  );
}

/**
 * Before a start: what an earlier stop of these names left still running. Without `kill`, those names are
 * not started (a second broker against the first helps nobody, and its port would answer for the new one);
 * with it, they are killed first. Returns what still holds each name, for the start to refuse.
 */
export async function faceEarlierLeftovers(
  deps: ServiceDeps,
  names: string[],
  options: LeftoverOptions,
): Promise<Trees> {
  const earlier = storedLeftovers(deps, names);
  if (earlier.size === 0 || !deps.processTree || !options.kill) return earlier;
  const { killed, survived } = await killStored(deps, earlier, options);
  for (const [name, list] of killed)
    options.onNotice?.(`${name}: killed what an earlier stop left running: ${describeProcesses(list)}`);
  return survived;
}

/** The result of a start refused over leftovers (`held`: what still runs). */
export function refusedOverLeftovers(name: string, held: readonly ProcessEntry[]): ActionResult {
  const reason = `not started: an earlier stop left running ${describeProcesses(held)}`;
  return {
    ...failed(name, 'supervisord', 'start', `${reason} (--kill-leftovers kills them first)`),
    leftovers: [...held],
  };
}

/** TERM, then KILL, to stored leftovers; the store keeps what survived. */
async function killStored(
  deps: ServiceDeps,
  stored: Trees,
  options: LeftoverOptions,
): Promise<{ killed: Trees; survived: Trees }> {
  if (!deps.processTree || stored.size === 0) return { killed: new Map(), survived: stored };
  const outcome = await killTrees(deps.processTree, deps.clock, stored, graceOf(options));
  deps.leftoverStore?.write(new Map([...stored.keys()].map((name) => [name, outcome.survived.get(name) ?? []])));
  return outcome;
}

/**
 * `K` in the panel: kills what stops of these processes left, and nothing else (a process that runs again
 * is not touched). One result per name that had leftovers.
 */
export async function killLeftovers(
  deps: ServiceDeps,
  names: string[],
  options: LeftoverOptions,
): Promise<ActionResult[]> {
  const stored = storedLeftovers(deps, names);
  const { killed, survived } = await killStored(deps, stored, options);
  return [...stored.keys()].map((name): ActionResult => {
    const still = survived.get(name);
    const gone = killed.get(name) ?? [];
    if (still)
      return {
        ...failed(name, 'supervisord', 'stop', `could not kill: ${describeProcesses(still)}`),
        leftovers: still,
        killed: gone,
      };
    return { name, kind: 'supervisord', action: 'stop', ok: true, outcome: 'not running', killed: gone };
  });
}
