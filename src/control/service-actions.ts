/**
 * Runs start / stop / restart over resolved targets: every unit at once, and waits for all. A result per
 * process or service, never a throw per target. restart is stop then start (as supervisor does it).
 */
import { failed, succeeded, type ActionResult, type ActionVerb } from '../core/model/outcomes.js';
import type { ServiceDeps } from '../core/ports.js';
import { targetProcesses, type Target } from '../core/plan/resolver.js';
import { actOnInitscript } from './initscript-actions.js';
import {
  faceEarlierLeftovers,
  recordBeforeStop,
  refusedOverLeftovers,
  settleStops,
  type LeftoverOptions,
} from './leftovers.js';
import { markLogs } from './log-readiness.js';
import { awaitStarts, type ReadinessOptions } from './readiness.js';
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
  /** How long what a stop leaves gets to exit before it counts as left running (SPEC 8). */
  leftoverGraceMs?: number;
  /** TERM, then KILL after the grace, to what a stop left (and, on a start, what an earlier stop left). */
  killLeftovers?: boolean;
  /** What a start waits for once up; absent (`--no-wait`): nothing. */
  readiness?: ReadinessOptions;
  /** Something to tell: leftovers of an earlier stop that still run, a journal that cannot be written. */
  onNotice?: (line: string) => void;
  /** Aborted when the operator interrupted the action: the journal then says so. */
  interrupted?: AbortSignal;
}

const leftoverOptions = ({ leftoverGraceMs, killLeftovers, onNotice }: ActionOptions): LeftoverOptions => ({
  ...(leftoverGraceMs !== undefined ? { graceMs: leftoverGraceMs } : {}),
  kill: killLeftovers ?? false,
  ...(onNotice ? { onNotice } : {}),
});

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
  // Another node's (nothing is launched there): the action's own call is the check, one round trip fewer
  // to a far node. A supervisord there that is down, unreachable or shutting down fails it, nothing done,
  // and fails the action (SPEC 11): what runs on a node that does not answer is not known from here.
  if (!deps.launcher) return { go: true };
  const mayLaunch = verb === 'start' && launch && deps.launcher;
  const check = mayLaunch
    ? await ensureSupervisord(deps.supervisor, deps.launcher!, deps.clock, timeoutMs)
    : await probeSupervisord(deps.supervisor);
  if (check.up) return { go: true };
  if (verb === 'stop' && check.down)
    return {
      go: false,
      result: (name) => succeeded(name, 'supervisord', verb, 'not running', 'supervisord is not running'),
    };
  const reason =
    verb === 'start' && !launch && check.down
      ? `supervisord went away during the restart (${check.reason}); not started again`
      : check.reason;
  return { go: false, result: (name) => failed(name, 'supervisord', verb, reason) };
}

function supervisordUnits(
  deps: ServiceDeps,
  targets: Target[],
  verb: ActionVerb,
  options: ActionOptions,
): Array<Promise<ActionResult[]>> {
  const supervisor = deps.supervisor!;
  const wait = { timeoutMs: options.timeoutMs, clock: deps.clock };
  return targets.flatMap((target): Array<Promise<ActionResult[]>> => {
    if (target.kind === 'process') return [actOnProcess(supervisor, target.name, verb, wait).then((r) => [r])];
    // A whole group is one group call, massive or not: supervisord spawns (or stops) every member in one
    // pass and waits for them together. Processes named one by one each get their own call, all at once.
    if (target.kind === 'group') return [actOnGroup(supervisor, target.name, target.processes, verb, wait)];
    return [];
  });
}

/** One verb over every target, all at once. */
async function runVerb(
  verb: ActionVerb,
  targets: Target[],
  deps: ServiceDeps,
  options: ActionOptions,
  launch = true,
): Promise<ActionResult[]> {
  const report = (results: ActionResult[]) => {
    results.forEach((result) => options.onResult?.(result));
    return results;
  };
  const scripts = targets.filter((target) => target.kind === 'lsb');
  const issued = deps.clock.now();
  if (scripts.length > 0)
    options.onIssue?.(
      verb,
      scripts.map((target) => target.name),
    );
  const units: Array<Promise<ActionResult[]>> = scripts.map((target) =>
    actOnInitscript(deps.initscripts, target.name, verb, options.timeoutMs)
      .then((r) =>
        verb === 'start'
          ? awaitStarts([r], { marks: new Map(), since: issued, readiness: options.readiness }, deps)
          : [r],
      )
      .then(report),
  );
  const supervised = targets.filter((target) => target.kind !== 'lsb');
  if (supervised.length > 0) {
    const names = targetProcesses(supervised);
    const gate = await daemonGate(deps, verb, options.timeoutMs, launch);
    if (gate.go) {
      const trees = verb === 'stop' ? await recordBeforeStop(deps, names) : new Map();
      // A start over what an earlier stop left running refuses before it begins (SPEC 11).
      const held = verb === 'start' ? await faceEarlierLeftovers(deps, names, leftoverOptions(options)) : new Map();
      if (held.size > 0)
        units.push(Promise.resolve([...held].map(([name, list]) => refusedOverLeftovers(name, list))).then(report));
      const going = withoutNames(supervised, new Set(held.keys()));
      const goingNames = targetProcesses(going);
      const marks =
        verb === 'start' && options.readiness
          ? await markLogs(deps.supervisor, goingNames, options.readiness.checks)
          : new Map();
      if (goingNames.length > 0) options.onIssue?.(verb, goingNames);
      const since = deps.clock.now();
      const settle = (results: ActionResult[]) =>
        verb === 'stop'
          ? settleStops(results, trees, deps, leftoverOptions(options))
          : awaitStarts(results, { marks, since, readiness: options.readiness }, deps);
      units.push(...supervisordUnits(deps, going, verb, options).map((unit) => unit.then(settle).then(report)));
    } else {
      const results = names.map(gate.result);
      units.push(
        (verb === 'stop'
          ? settleStops(results, new Map(), deps, leftoverOptions(options))
          : Promise.resolve(results)
        ).then(report),
      );
    }
  }
  return (await Promise.all(units)).flat();
}

/** The targets without these processes (a group that loses members becomes its remaining processes). */
function withoutNames(targets: Target[], names: ReadonlySet<string>): Target[] {
  if (names.size === 0) return targets;
  return targets.flatMap((target): Target[] => {
    if (target.kind === 'lsb') return [target];
    if (target.kind === 'process') return names.has(target.name) ? [] : [target];
    if (!target.processes.some((name) => names.has(name))) return [target];
    return target.processes
      .filter((name) => !names.has(name))
      .map((name) => ({ kind: 'process', name, group: target.name }));
  });
}

/** Runs `action` over `targets`; resolves with one result per process or service, per verb run. */
export async function runServiceAction(
  action: ServiceAction,
  targets: Target[],
  deps: ServiceDeps,
  options: ActionOptions,
): Promise<ActionResult[]> {
  if (action !== 'restart') return runVerb(action, targets, deps, options);
  // A restart launches supervisord only when it was down to begin with (SPEC 4), not when it left midway.
  const wasDown =
    targets.some((target) => target.kind !== 'lsb') && deps.supervisor && deps.launcher
      ? (await probeSupervisord(deps.supervisor)).up === false
      : false;
  const stopped = await runVerb('stop', targets, deps, options);
  // What a stop left running is never started over: a second broker against the first helps nobody.
  const held = new Set(stopped.filter((result) => result.leftovers?.length).map((result) => result.name));
  const refused = [...held].map((name) =>
    failed(name, 'supervisord', 'start', 'not started again: its stop left processes running (--kill-leftovers)'),
  );
  refused.forEach((result) => options.onResult?.(result));
  const started = await runVerb('start', withoutNames(targets, held), deps, options, wasDown);
  return [...stopped, ...refused, ...started];
}
