/**
 * Runs start / stop / restart over resolved targets: every unit at once, and waits for all. A result per
 * process or service, never a throw per target. restart is stop then start (as supervisor does it).
 */
import { failed, succeeded, type ActionResult, type ActionVerb } from '../core/outcomes.js';
import type { ServiceDeps, SupervisorPort } from '../core/ports.js';
import { targetProcesses, type Target } from '../core/resolver.js';
import { actOnInitscript } from './initscript-actions.js';
import { actOnGroup, actOnProcess } from './supervisord-actions.js';
import { ensureSupervisord, probeSupervisord } from './supervisord-up.js';

export type { ServiceDeps };

export type ServiceAction = 'start' | 'stop' | 'restart';

export interface ActionOptions {
  timeoutMs: number;
  /** Massive (mstart...): asked for every matched process at once; a whole group is one group call either way. */
  massive: boolean;
  /** Called with each result as soon as it is known. */
  onResult?: (result: ActionResult) => void;
  /** Called when calls are sent for these names (supervisord goes on with them whatever happens to us). */
  onIssue?: (verb: ActionVerb, names: string[]) => void;
}

type Gate = { go: true } | { go: false; result: (name: string) => ActionResult };

/**
 * Whether supervisord can take the calls; for stop, a daemon that is down means nothing runs. A start
 * launches a supervisord that is down, unless `launch` is false: the start phase of a restart whose
 * supervisord went away during the stop phase reports that, and never starts a new one behind it.
 */
async function daemonGate(deps: ServiceDeps, verb: ActionVerb, timeoutMs: number, launch = true): Promise<Gate> {
  if (!deps.supervisor) {
    const reason = deps.supervisorProblem ?? 'supervisord config unreadable';
    return { go: false, result: (name) => failed(name, 'supervisord', verb, reason) };
  }
  const mayLaunch = verb === 'start' && launch && deps.launcher;
  const check = mayLaunch ? await ensureSupervisord(deps.supervisor, deps.launcher!, deps.clock, timeoutMs) : await probeSupervisord(deps.supervisor);
  if (check.up) return { go: true };
  if (verb === 'stop' && check.down) return { go: false, result: (name) => succeeded(name, 'supervisord', verb, 'not running', 'supervisord is not running') };
  const reason = verb === 'start' && !launch && check.down ? `supervisord went away during the restart (${check.reason}); not started again` : check.reason;
  return { go: false, result: (name) => failed(name, 'supervisord', verb, reason) };
}

function supervisordUnits(supervisor: SupervisorPort, targets: Target[], verb: ActionVerb, options: ActionOptions): Array<Promise<ActionResult[]>> {
  return targets.flatMap((target): Array<Promise<ActionResult[]>> => {
    if (target.kind === 'process') return [actOnProcess(supervisor, target.name, verb, options.timeoutMs).then((r) => [r])];
    // A whole group is one group call, massive or not: supervisord spawns (or stops) every member in one
    // pass and waits for them together. Processes named one by one each get their own call, all at once.
    if (target.kind === 'group') return [actOnGroup(supervisor, target.name, target.processes, verb, options.timeoutMs)];
    return [];
  });
}

/** One verb over every target, all at once. */
async function runVerb(verb: ActionVerb, targets: Target[], deps: ServiceDeps, options: ActionOptions, launch = true): Promise<ActionResult[]> {
  const report = (results: ActionResult[]) => {
    results.forEach((result) => options.onResult?.(result));
    return results;
  };
  const scripts = targets.filter((target) => target.kind === 'lsb');
  if (scripts.length > 0) options.onIssue?.(verb, scripts.map((target) => target.name));
  const units: Array<Promise<ActionResult[]>> = scripts
    .map((target) => actOnInitscript(deps.initscripts, target.name, verb, options.timeoutMs).then((r) => report([r])));
  const supervised = targets.filter((target) => target.kind !== 'lsb');
  if (supervised.length > 0) {
    const gate = await daemonGate(deps, verb, options.timeoutMs, launch);
    if (gate.go) options.onIssue?.(verb, targetProcesses(supervised));
    if (gate.go) units.push(...supervisordUnits(deps.supervisor!, supervised, verb, options).map((unit) => unit.then(report)));
    else units.push(Promise.resolve(report(targetProcesses(supervised).map(gate.result))));
  }
  return (await Promise.all(units)).flat();
}

/** Runs `action` over `targets`; resolves with one result per process or service, per verb run. */
export async function runServiceAction(action: ServiceAction, targets: Target[], deps: ServiceDeps, options: ActionOptions): Promise<ActionResult[]> {
  if (action !== 'restart') return runVerb(action, targets, deps, options);
  // A restart launches supervisord only when it was down to begin with (SPEC 4), not when it left midway.
  const wasDown = targets.some((target) => target.kind !== 'lsb') && deps.supervisor ? (await probeSupervisord(deps.supervisor)).up === false : false;
  const stopped = await runVerb('stop', targets, deps, options);
  const started = await runVerb('start', targets, deps, options, wasDown);
  return [...stopped, ...started];
}
