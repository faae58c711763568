/** Start and stop of supervisord processes and groups, each failure turned into a result with its reason. */
import { makeNamespec } from '../core/model/names.js';
import { FaultCode } from '../core/model/faults.js';
import { failed, succeeded, type ActionResult, type ActionVerb } from '../core/model/outcomes.js';
import type { Clock, GroupCallResult, ProcessInfo, SupervisorPort } from '../core/ports.js';
import { isSupervisorError } from '../core/model/supervisor-error.js';

/** Why a process failed to start, from supervisord's own record of it (spawnerr, exit status). */
async function spawnReason(supervisor: SupervisorPort, namespec: string, prefix: string): Promise<string> {
  try {
    const info = await supervisor.getProcessInfo(namespec);
    if (info.spawnerr) return `${prefix}: ${info.spawnerr}`;
    return `${prefix}: ${info.statename}${info.statename === 'EXITED' ? `, exit status ${info.exitstatus}` : ''}`;
  } catch {
    return prefix;
  }
}

const SETTLE_EVERY_MS = 200;
const ON_ITS_WAY = new Set(['STARTING', 'BACKOFF']);

/** How a start that was waited on ended: in a state that is neither RUNNING nor on its way there. */
function endedAs(namespec: string, seen: string | undefined, info: ProcessInfo): ActionResult {
  const why = info.spawnerr || (info.statename === 'EXITED' ? `exit status ${info.exitstatus}` : '');
  const was = seen ? `was ${seen}, then ` : '';
  return failed(namespec, 'supervisord', 'start', `${was}${info.statename}${why ? `: ${why}` : ''}`);
}

/**
 * supervisord answers ALREADY_STARTED for STARTING and BACKOFF too (its RUNNING_STATES), although such a
 * process may never run (FIELD-NOTES "STARTING and BACKOFF"): this start then waits for the same outcome as
 * the start that began it, RUNNING or a failure, and reports that. Only RUNNING is "already started".
 */
export async function joinStart(
  supervisor: SupervisorPort,
  namespec: string,
  { timeoutMs, clock }: Wait,
): Promise<ActionResult> {
  const deadline = clock.now() + timeoutMs;
  let seen: string | undefined;
  for (;;) {
    let info: ProcessInfo;
    try {
      info = await supervisor.getProcessInfo(namespec);
    } catch (error) {
      const why = isSupervisorError(error) ? error.message : String(error);
      return failed(namespec, 'supervisord', 'start', seen ? `was ${seen}; then ${why}` : why);
    }
    if (info.statename === 'RUNNING' && !seen) return succeeded(namespec, 'supervisord', 'start', 'already started');
    if (info.statename === 'RUNNING')
      return { ...succeeded(namespec, 'supervisord', 'start', 'started', `was ${seen}`), joined: true };
    if (!ON_ITS_WAY.has(info.statename)) return endedAs(namespec, seen, info);
    seen = info.statename;
    if (clock.now() >= deadline)
      return failed(namespec, 'supervisord', 'start', `still ${seen} after ${Math.round(timeoutMs / 1000)}s`);
    await clock.sleep(SETTLE_EVERY_MS);
  }
}

/** Maps a fault to a result: the LSB rule makes "already started" and "not running" successes. */
async function resultFromFault(
  supervisor: SupervisorPort,
  namespec: string,
  verb: ActionVerb,
  fault: { code: number | undefined; message: string },
  wait: Wait,
): Promise<ActionResult> {
  const { code, message } = fault;
  switch (code) {
    case FaultCode.ALREADY_STARTED:
      return joinStart(supervisor, namespec, wait);
    case FaultCode.NOT_RUNNING:
      return succeeded(namespec, 'supervisord', verb, 'not running');
    case FaultCode.SPAWN_ERROR:
      return failed(namespec, 'supervisord', verb, await spawnReason(supervisor, namespec, 'spawn error'));
    case FaultCode.ABNORMAL_TERMINATION:
      return failed(namespec, 'supervisord', verb, await spawnReason(supervisor, namespec, 'abnormal termination'));
    case FaultCode.BAD_NAME:
      return failed(
        namespec,
        'supervisord',
        verb,
        // Its files changed since it read them (service --update applies them), or, for a name given in full
        // to a node whose files are not read here, it runs no such process.
        'not loaded in supervisord: it runs no process of that name (changed files? service --update)',
      );
    default:
      return failed(namespec, 'supervisord', verb, message);
  }
}

/** How long an outcome is waited for, on which clock. */
export interface Wait {
  timeoutMs: number;
  clock: Clock;
}

function resultFromError(
  supervisor: SupervisorPort,
  namespec: string,
  verb: ActionVerb,
  error: unknown,
  wait: Wait,
): Promise<ActionResult> {
  if (!isSupervisorError(error)) return Promise.resolve(failed(namespec, 'supervisord', verb, String(error)));
  return resultFromFault(supervisor, namespec, verb, { code: error.faultCode, message: error.message }, wait);
}

/** Starts or stops one process and waits for the outcome. */
export async function actOnProcess(
  supervisor: SupervisorPort,
  namespec: string,
  verb: ActionVerb,
  wait: Wait,
): Promise<ActionResult> {
  try {
    if (verb === 'start') await supervisor.startProcess(namespec, true, wait.timeoutMs);
    else await supervisor.stopProcess(namespec, true, wait.timeoutMs);
    return succeeded(namespec, 'supervisord', verb, verb === 'start' ? 'started' : 'stopped');
  } catch (error) {
    return resultFromError(supervisor, namespec, verb, error, wait);
  }
}

/**
 * One group call (`startProcessGroup` / `stopProcessGroup`): supervisord spawns every member in one pass.
 * Members it leaves out of its answer were already in the asked-for state (or on their way to it).
 */
export async function actOnGroup(
  supervisor: SupervisorPort,
  group: string,
  members: string[],
  verb: ActionVerb,
  wait: Wait,
): Promise<ActionResult[]> {
  let entries: GroupCallResult[];
  try {
    const { timeoutMs } = wait;
    entries =
      verb === 'start'
        ? await supervisor.startProcessGroup(group, true, timeoutMs)
        : await supervisor.stopProcessGroup(group, true, timeoutMs);
  } catch (error) {
    const reason = isSupervisorError(error) ? error.message : String(error);
    return members.map((namespec) => failed(namespec, 'supervisord', verb, reason));
  }
  const byNamespec = new Map(entries.map((entry) => [makeNamespec(entry.group, entry.name), entry]));
  return Promise.all(
    members.map((namespec) => {
      const entry = byNamespec.get(namespec);
      if (entry?.status === FaultCode.SUCCESS)
        return succeeded(namespec, 'supervisord', verb, verb === 'start' ? 'started' : 'stopped');
      if (entry)
        return resultFromFault(supervisor, namespec, verb, { code: entry.status, message: entry.description }, wait);
      // Left out of the answer: in a running state already (STARTING and BACKOFF included) or stopped.
      return verb === 'start'
        ? joinStart(supervisor, namespec, wait)
        : succeeded(namespec, 'supervisord', verb, 'not running');
    }),
  );
}
