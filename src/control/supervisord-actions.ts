/** Start and stop of supervisord processes and groups, each failure turned into a result with its reason. */
import { FaultCode } from '../core/faults.js';
import { failed, succeeded, type ActionResult, type ActionVerb } from '../core/outcomes.js';
import type { GroupCallResult, SupervisorPort } from '../core/ports.js';
import { isSupervisorError } from '../core/supervisor-error.js';

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

/** Maps a fault to a result: the LSB rule makes "already started" and "not running" successes. */
async function resultFromFault(supervisor: SupervisorPort, namespec: string, verb: ActionVerb, code: number | undefined, message: string): Promise<ActionResult> {
  switch (code) {
    case FaultCode.ALREADY_STARTED:
      return succeeded(namespec, 'supervisord', verb, 'already started');
    case FaultCode.NOT_RUNNING:
      return succeeded(namespec, 'supervisord', verb, 'not running');
    case FaultCode.SPAWN_ERROR:
      return failed(namespec, 'supervisord', verb, await spawnReason(supervisor, namespec, 'spawn error'));
    case FaultCode.ABNORMAL_TERMINATION:
      return failed(namespec, 'supervisord', verb, await spawnReason(supervisor, namespec, 'abnormal termination'));
    case FaultCode.BAD_NAME:
      return failed(namespec, 'supervisord', verb, 'not loaded in supervisord: the files changed since it read them (service --update applies them)');
    default:
      return failed(namespec, 'supervisord', verb, message);
  }
}

function resultFromError(supervisor: SupervisorPort, namespec: string, verb: ActionVerb, error: unknown): Promise<ActionResult> {
  if (!isSupervisorError(error)) return Promise.resolve(failed(namespec, 'supervisord', verb, String(error)));
  return resultFromFault(supervisor, namespec, verb, error.faultCode, error.message);
}

/** Starts or stops one process and waits for the outcome. */
export async function actOnProcess(supervisor: SupervisorPort, namespec: string, verb: ActionVerb, timeoutMs: number): Promise<ActionResult> {
  try {
    if (verb === 'start') await supervisor.startProcess(namespec, true, timeoutMs);
    else await supervisor.stopProcess(namespec, true, timeoutMs);
    return succeeded(namespec, 'supervisord', verb, verb === 'start' ? 'started' : 'stopped');
  } catch (error) {
    return resultFromError(supervisor, namespec, verb, error);
  }
}

/**
 * One group call (`startProcessGroup` / `stopProcessGroup`): supervisord spawns every member in one pass.
 * Members it leaves out of its answer were already in the asked-for state.
 */
export async function actOnGroup(supervisor: SupervisorPort, group: string, members: string[], verb: ActionVerb, timeoutMs: number): Promise<ActionResult[]> {
  let entries: GroupCallResult[];
  try {
    entries = verb === 'start' ? await supervisor.startProcessGroup(group, true, timeoutMs) : await supervisor.stopProcessGroup(group, true, timeoutMs);
  } catch (error) {
    const reason = isSupervisorError(error) ? error.message : String(error);
    return members.map((namespec) => failed(namespec, 'supervisord', verb, reason));
  }
  const byNamespec = new Map(entries.map((entry) => [entry.group === entry.name ? entry.name : `${entry.group}:${entry.name}`, entry]));
  return Promise.all(
    members.map((namespec) => {
      const entry = byNamespec.get(namespec);
      if (entry?.status === FaultCode.SUCCESS) return succeeded(namespec, 'supervisord', verb, verb === 'start' ? 'started' : 'stopped');
      if (entry) return resultFromFault(supervisor, namespec, verb, entry.status, entry.description);
      return succeeded(namespec, 'supervisord', verb, verb === 'start' ? 'already started' : 'not running');
    }),
  );
}
