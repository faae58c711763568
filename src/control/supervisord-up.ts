/** Makes sure supervisord answers before a start: launches it when it is down (SPEC 4). */
import type { Clock, LauncherPort, SupervisorPort } from '../core/ports.js';
import { isSupervisorError } from '../core/model/supervisor-error.js';

/** `down`: nothing runs, so launching would help. `waiting`: it may answer soon (starting, restarting). */
export type DaemonCheck =
  { up: true; launched: boolean } | { up: false; down: boolean; waiting: boolean; reason: string };

const POLL_MS = 100;
/** How long a freshly launched supervisord whose process lives may stay silent before we say where we looked. */
const SILENT_AFTER_LAUNCH_MS = 5_000;

/** Whether supervisord answers getState with RUNNING; the error when it does not. */
export async function probeSupervisord(supervisor: SupervisorPort): Promise<DaemonCheck> {
  try {
    const state = await supervisor.getState();
    if (state.statename === 'RUNNING') return { up: true, launched: false };
    return {
      up: false,
      down: false,
      waiting: state.statename === 'RESTARTING',
      reason: `supervisord is ${state.statename}`,
    };
  } catch (error) {
    if (!isSupervisorError(error)) throw error;
    return { up: false, down: error.isDown, waiting: error.kind === 'not-answering', reason: error.message };
  }
}

async function waitForDaemon(supervisor: SupervisorPort, clock: Clock, timeoutMs: number): Promise<DaemonCheck> {
  const start = clock.now();
  const deadline = start + timeoutMs;
  let last: DaemonCheck = { up: false, down: true, waiting: false, reason: 'supervisord did not answer' };
  while (clock.now() < deadline) {
    last = await probeSupervisord(supervisor);
    if (last.up) return { up: true, launched: true };
    // A daemon that answers but refuses us (credentials, permission) will not get better by waiting; one
    // that runs but stays silent where the files say it listens will not either, after a short while.
    if (!last.down && !(last.waiting && clock.now() - start < SILENT_AFTER_LAUNCH_MS)) return last;
    await clock.sleep(POLL_MS);
  }
  const why = last.up ? '' : last.reason;
  const reason = `supervisord was started but did not answer within ${timeoutMs / 1000}s: ${why}`;
  return { up: false, down: true, waiting: false, reason };
}

/** Probes supervisord and, if it is down, launches it and waits until it answers (or the timeout). */
export async function ensureSupervisord(
  supervisor: SupervisorPort,
  launcher: LauncherPort,
  clock: Clock,
  timeoutMs: number,
): Promise<DaemonCheck> {
  const first = await probeSupervisord(supervisor);
  if (first.up || !first.down) return first;
  try {
    await launcher.launch();
  } catch (error) {
    return { up: false, down: true, waiting: false, reason: (error as Error).message };
  }
  return waitForDaemon(supervisor, clock, timeoutMs);
}
