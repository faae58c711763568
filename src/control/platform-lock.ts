/**
 * The home's platform lock as the commands meet it (SPEC 11): who holds it said in words, a run that died
 * holding it named and journaled `interrupted`, and what a `service` action says while a run holds it.
 */
import type { PlatformHolder, ServiceDeps } from '../core/ports.js';

/** `platform start (pid 1234, since 12:04:31, by canopsis from 10.0.0.5)`: the run, who and from where. */
export function describePlatformRun(holder: PlatformHolder): string {
  const who = holder.user ? `, by ${holder.user}${holder.origin ? ` from ${holder.origin}` : ''}` : '';
  const since = new Date(holder.since).toTimeString().slice(0, 8);
  return `platform ${holder.verb} (pid ${holder.pid}, since ${since}${who})`;
}

/** `a platform start (pid 1234, since 12:04:31, by canopsis from 10.0.0.5) is already running`. */
export function describeHolder(holder: PlatformHolder): string {
  return `a ${describePlatformRun(holder)} is already running`;
}

/**
 * Takes the home's platform lock. A lock left by a run that died (kill -9 cannot be caught) is said and
 * journaled `interrupted` for that run: it never ended, so what it did is unknown (SPEC 11).
 */
export function takePlatformLock(deps: ServiceDeps, verb: string, onNotice?: (line: string) => void) {
  const lock = deps.platformLock?.acquire(verb);
  if (lock?.ok && lock.tookOver) {
    const dead = lock.tookOver;
    const reason = `the ${describePlatformRun(dead)} died before it ended; taken over by this ${verb}`;
    onNotice?.(`${reason}: check the platform's state`);
    const durationMs = deps.clock.now() - dead.since;
    const problem = deps.journal?.record({
      action: `platform ${dead.verb}`,
      targets: [],
      durationMs,
      outcome: 'interrupted',
      reason,
    });
    if (problem) onNotice?.(`journal: ${problem}`);
  }
  return lock;
}

/** Why a `service` action may not run now: a platform run of another process holds the home. */
export function platformRunBeside(deps: ServiceDeps): string | undefined {
  const holder = deps.platformLock?.holder();
  return holder ? `refused: a ${describePlatformRun(holder)} is running; wait for it to end` : undefined;
}
