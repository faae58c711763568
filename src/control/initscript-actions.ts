/**
 * Start, stop and status of LSB initscripts. The state after an action is re-checked with `status`
 * rather than trusted from the action's exit code (real scripts deviate: FIELD-NOTES).
 */
import { failed, succeeded, type ActionResult, type ActionVerb } from '../core/model/outcomes.js';
import type { InitscriptPort, ScriptRun } from '../core/ports.js';
import { describeLsbActionCode, LsbStatus } from '../core/model/states.js';
import { rowFromLsbStatus, type StatusRow } from '../core/report/status.js';

function lastLine(output: string): string | undefined {
  return output
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .pop();
}

/** How a script run ended, in words: `exit 1 (generic or unspecified error): message`. */
export function describeRun(action: string, run: ScriptRun, timeoutMs: number): string {
  if (run.error) return run.error;
  const said = lastLine(run.output);
  const tail = said ? `: ${said}` : '';
  if (run.timedOut) return `${action} did not finish within ${timeoutMs / 1000}s: killed with its children${tail}`;
  if (run.signal === 'SIGXFSZ') return `${action} wrote more output than allowed: stopped${tail}`;
  if (run.code === null) return `${action} was killed by ${run.signal ?? 'a signal'}${tail}`;
  return `${action} exited ${run.code} (${describeLsbActionCode(run.code)})${tail}`;
}

/** The script's `status`, as a status row (a hung status is UNKNOWN, LSB code 4). */
export async function initscriptStatus(scripts: InitscriptPort, name: string, timeoutMs: number): Promise<StatusRow> {
  const run = await scripts.run(name, 'status', timeoutMs);
  if (run.error || run.timedOut || run.code === null)
    return rowFromLsbStatus(name, undefined, describeRun('status', run, timeoutMs));
  const code = run.code;
  return rowFromLsbStatus(
    name,
    code > LsbStatus.UNKNOWN ? LsbStatus.UNKNOWN : code,
    code === 0 ? lastLine(run.output) : `LSB status ${code}${lastLine(run.output) ? `: ${lastLine(run.output)}` : ''}`,
  );
}

/** Starts or stops one initscript service, reporting "already started"/"not running" as successes. */
export async function actOnInitscript(
  scripts: InitscriptPort,
  name: string,
  verb: ActionVerb,
  timeoutMs: number,
): Promise<ActionResult> {
  const before = await initscriptStatus(scripts, name, timeoutMs);
  if (verb === 'start' && before.state === 'RUNNING') return succeeded(name, 'lsb', verb, 'already started');
  if (verb === 'stop' && (before.state === 'STOPPED' || before.state === 'DEAD'))
    return succeeded(name, 'lsb', verb, 'not running');
  const run = await scripts.run(name, verb, timeoutMs);
  if (run.error) return failed(name, 'lsb', verb, run.error);
  const after = await initscriptStatus(scripts, name, timeoutMs);
  const wanted = verb === 'start' ? after.state === 'RUNNING' : after.state === 'STOPPED' || after.state === 'DEAD';
  if (wanted) return succeeded(name, 'lsb', verb, verb === 'start' ? 'started' : 'stopped');
  return failed(
    name,
    'lsb',
    verb,
    `${describeRun(verb, run, timeoutMs)}; then status says ${after.state}${after.detail ? ` (${after.detail})` : ''}`,
  );
}
