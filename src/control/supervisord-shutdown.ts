/**
 * supervisord's own stop (`hypcontrol stop`, the panel's `h`): shutdown asked, its process waited for until
 * gone, then what it ran and left behind gets the leftover grace, and is killed when asked (SPEC 8, 11).
 */
import { describeProcesses } from '../core/model/outcomes.js';
import type { ProcessEntry } from '../core/model/process-entry.js';
import type { ProcessTreePort, ServiceDeps } from '../core/ports.js';
import { DEFAULT_PLATFORM_SETTINGS } from '../core/config/settings.js';
import { awaitGone, killTrees, markedBy, type Trees } from './leftovers.js';
import { probeSupervisord } from './supervisord-up.js';

export interface ShutdownOptions {
  timeoutMs: number;
  leftoverGraceMs?: number;
  killLeftovers?: boolean;
}

/**
 * supervisord's process and what descends from it, plus what double-forked away from its programs but
 * still carries supervisord's mark, less what a stage's stop already named (in the leftover store).
 */
function treeWithEscaped(deps: ServiceDeps, tree: ProcessTreePort, pid: number): ProcessEntry[] {
  const descendants = tree.treeOf([pid]).get(pid) ?? [];
  const stored = [...(deps.leftoverStore?.read().values() ?? [])].flat();
  const known = new Set([...descendants, ...stored].map((one) => one.pid));
  const escaped = [...markedBy(deps, undefined).values()].flat().filter((one) => !known.has(one.pid));
  return [...descendants, ...escaped];
}

/**
 * Asks supervisord to shut down and waits until its process is gone; then what descended from it gets the
 * leftover grace (and is killed when asked). Says what went wrong, if anything.
 */
export async function shutdownSupervisord(
  deps: ServiceDeps,
  options: ShutdownOptions,
): Promise<{ problem?: string; killed?: string }> {
  const supervisor = deps.supervisor!;
  const first = await probeSupervisord(supervisor);
  if (!first.up) return first.down ? {} : { problem: first.reason };
  const pid = await supervisor.getPID().catch(() => 0);
  const tree = deps.processTree;
  const before: Trees = tree && pid > 0 ? new Map([['supervisord', treeWithEscaped(deps, tree, pid)]]) : new Map();
  const problem = await awaitShutdown(deps, pid, options.timeoutMs);
  if (problem || !tree) return problem ? { problem } : {};
  const descendants = new Map(
    [...before].map(([name, entries]) => [name, entries.filter((entry) => entry.pid !== pid)] as const),
  );
  const grace = options.leftoverGraceMs ?? DEFAULT_PLATFORM_SETTINGS.leftoverGraceMs;
  let left = await awaitGone(tree, deps.clock, descendants, grace);
  let killed: Trees = new Map();
  if (options.killLeftovers && left.size > 0)
    ({ killed, survived: left } = await killTrees(tree, deps.clock, left, grace));
  const still = left.get('supervisord');
  const gone = killed.get('supervisord');
  return {
    ...(still ? { problem: `stopped, but left running: ${describeProcesses(still)}` } : {}),
    ...(gone ? { killed: `killed what it left running: ${describeProcesses(gone)}` } : {}),
  };
}

/** Sends shutdown and waits for supervisord's own process to exit (or, pid unknown, to stop answering). */
async function awaitShutdown(deps: ServiceDeps, pid: number, timeoutMs: number): Promise<string | undefined> {
  const supervisor = deps.supervisor!;
  try {
    await supervisor.shutdown();
  } catch {
    // The daemon may close the connection as it goes; what counts is whether it is gone.
  }
  // It stops answering before it has finished exiting: wait for the process itself when it is known.
  const gone = async () => {
    if (pid && deps.launcher) return !deps.launcher.isRunning(pid);
    const check = await probeSupervisord(supervisor);
    return !check.up && check.down;
  };
  const deadline = deps.clock.now() + timeoutMs;
  while (deps.clock.now() < deadline) {
    if (await gone()) return undefined;
    await deps.clock.sleep(100);
  }
  return `supervisord still answers ${timeoutMs / 1000}s after shutdown`;
}
