/**
 * Runs start / stop / restart over resolved targets: every unit at once, and waits for all. A result per
 * process or service, never a throw per target. restart is stop then start (as supervisor does it).
 */
import { makeNamespec } from '../core/names.js';
import { describeProcesses, failed, succeeded, type ActionResult, type ActionVerb } from '../core/outcomes.js';
import { DEFAULT_PLATFORM_SETTINGS } from '../core/settings.js';
import type { ServiceDeps, SupervisorPort } from '../core/ports.js';
import { targetProcesses, type Target } from '../core/resolver.js';
import { actOnInitscript } from './initscript-actions.js';
import { awaitGone, killTrees, recordTrees, storedLeftovers, type Trees } from './leftovers.js';
import { awaitReady, markLogs, type LogMarks, type ReadinessOptions } from './readiness.js';
import { readProcessesView } from './service-status.js';
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
  /** Something to tell before acting: leftovers of an earlier stop that still run. */
  onNotice?: (line: string) => void;
}

const graceOf = (options: ActionOptions) => options.leftoverGraceMs ?? DEFAULT_PLATFORM_SETTINGS.leftoverGraceMs;

/** Each process's pid and descendants, recorded before its stop is asked. */
async function recordBeforeStop(deps: ServiceDeps, names: string[]): Promise<Trees> {
  if (!deps.processTree) return new Map();
  const view = await readProcessesView(deps.supervisor, undefined, names);
  if (!view.ok) return new Map();
  const wanted = new Set(names);
  const pids = new Map(view.processes.map((info) => [makeNamespec(info.group, info.name), info.pid] as const).filter(([name]) => wanted.has(name)));
  return recordTrees(deps.processTree, pids);
}

/**
 * After stops: what they (and earlier stops of the same names) left gets the grace; what outlives it fails
 * the stop and is named, or is killed when asked. The home's leftover store is brought up to date.
 */
async function settleStops(results: ActionResult[], trees: Trees, deps: ServiceDeps, options: ActionOptions): Promise<ActionResult[]> {
  const tree = deps.processTree;
  if (!tree) return results;
  const names = results.filter((r) => r.kind === 'supervisord' && r.action === 'stop' && r.ok).map((r) => r.name);
  if (names.length === 0) return results;
  const watched: Trees = new Map([...trees].filter(([name]) => names.includes(name)));
  for (const [name, earlier] of storedLeftovers(deps, names)) watched.set(name, [...(watched.get(name) ?? []), ...earlier]);
  let left = await awaitGone(tree, deps.clock, watched, graceOf(options));
  let killed: Trees = new Map();
  if (options.killLeftovers && left.size > 0) ({ killed, survived: left } = await killTrees(tree, deps.clock, left, graceOf(options)));
  deps.leftoverStore?.write(new Map(names.map((name) => [name, left.get(name) ?? []])));
  return results.map((result): ActionResult => {
    if (!names.includes(result.name) || result.action !== 'stop') return result;
    const still = left.get(result.name);
    const gone = killed.get(result.name);
    if (still) return { ...failed(result.name, result.kind, 'stop', `stopped, but left running: ${describeProcesses(still)}`), leftovers: still, ...(gone ? { killed: gone } : {}) };
    return gone ? { ...result, killed: gone } : result;
  });
}

/** Before a start: what an earlier stop of these names left still running is said, or killed when asked. */
async function faceEarlierLeftovers(deps: ServiceDeps, names: string[], options: ActionOptions): Promise<void> {
  const earlier = storedLeftovers(deps, names);
  if (earlier.size === 0 || !deps.processTree) return;
  if (!options.killLeftovers) {
    for (const [name, entries] of earlier) options.onNotice?.(`${name}: an earlier stop left running: ${describeProcesses(entries)}; starting anyway (--kill-leftovers stops them first)`);
    return;
  }
  const { killed, survived } = await killTrees(deps.processTree, deps.clock, earlier, graceOf(options));
  for (const [name, entries] of killed) options.onNotice?.(`${name}: killed what an earlier stop left running: ${describeProcesses(entries)}`);
  for (const [name, entries] of survived) options.onNotice?.(`${name}: could not kill what an earlier stop left running: ${describeProcesses(entries)}`);
  deps.leftoverStore?.write(new Map([...earlier.keys()].map((name) => [name, survived.get(name) ?? []])));
}

const NOT_UP = new Set(['STOPPED', 'EXITED', 'FATAL', 'BACKOFF', 'STOPPING']);

/** After starts: each started service with checks is waited for until ready, or fails with the check's last error. */
async function awaitStarts(results: ActionResult[], marks: LogMarks, since: number, deps: ServiceDeps, options: ActionOptions): Promise<ActionResult[]> {
  const readiness = options.readiness;
  if (!readiness) return results;
  return Promise.all(
    results.map(async (result): Promise<ActionResult> => {
      const checks = readiness.checks.get(result.name);
      if (!checks?.length || !result.ok || result.action !== 'start') return result;
      const supervisor = deps.supervisor;
      const stillUp =
        result.kind === 'supervisord' && supervisor
          ? async () => {
              const info = await supervisor.getProcessInfo(result.name).catch(() => undefined);
              return info && NOT_UP.has(info.statename) ? `it is ${info.statename}${info.spawnerr ? ` (${info.spawnerr})` : ''}` : undefined;
            }
          : undefined;
      // Only a process this start spawned is read from where its log stood; one already running is read as status reads it.
      const cursor = result.outcome === 'started' ? marks.get(result.name) : undefined;
      const ready = await awaitReady(result.name, checks, deps, { since, timeoutMs: readiness.timeoutMs, ...(cursor ? { cursor } : {}), ...(stillUp ? { stillUp } : {}) });
      return ready.ok ? { ...result, readyAfterMs: ready.afterMs } : failed(result.name, result.kind, 'start', ready.reason);
    }),
  );
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
  const issued = deps.clock.now();
  if (scripts.length > 0) options.onIssue?.(verb, scripts.map((target) => target.name));
  const units: Array<Promise<ActionResult[]>> = scripts.map((target) =>
    actOnInitscript(deps.initscripts, target.name, verb, options.timeoutMs)
      .then((r) => (verb === 'start' ? awaitStarts([r], new Map(), issued, deps, options) : [r]))
      .then(report),
  );
  const supervised = targets.filter((target) => target.kind !== 'lsb');
  if (supervised.length > 0) {
    const names = targetProcesses(supervised);
    const gate = await daemonGate(deps, verb, options.timeoutMs, launch);
    if (gate.go) {
      const trees = verb === 'stop' ? await recordBeforeStop(deps, names) : new Map();
      if (verb === 'start') await faceEarlierLeftovers(deps, names, options);
      const marks = verb === 'start' && options.readiness ? await markLogs(deps.supervisor, names, options.readiness.checks) : new Map();
      options.onIssue?.(verb, names);
      const since = deps.clock.now();
      const settle = (results: ActionResult[]) => (verb === 'stop' ? settleStops(results, trees, deps, options) : awaitStarts(results, marks, since, deps, options));
      units.push(...supervisordUnits(deps.supervisor!, supervised, verb, options).map((unit) => unit.then(settle).then(report)));
    } else {
      const results = names.map(gate.result);
      units.push((verb === 'stop' ? settleStops(results, new Map(), deps, options) : Promise.resolve(results)).then(report));
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
    return target.processes.filter((name) => !names.has(name)).map((name) => ({ kind: 'process', name, group: target.name }));
  });
}

/** Runs `action` over `targets`; resolves with one result per process or service, per verb run. */
export async function runServiceAction(action: ServiceAction, targets: Target[], deps: ServiceDeps, options: ActionOptions): Promise<ActionResult[]> {
  if (action !== 'restart') return runVerb(action, targets, deps, options);
  // A restart launches supervisord only when it was down to begin with (SPEC 4), not when it left midway.
  const wasDown = targets.some((target) => target.kind !== 'lsb') && deps.supervisor ? (await probeSupervisord(deps.supervisor)).up === false : false;
  const stopped = await runVerb('stop', targets, deps, options);
  // What a stop left running is never started over: a second broker against the first helps nobody.
  const held = new Set(stopped.filter((result) => result.leftovers?.length).map((result) => result.name));
  const refused = [...held].map((name) => failed(name, 'supervisord', 'start', 'not started again: its stop left processes running (--kill-leftovers)'));
  refused.forEach((result) => options.onResult?.(result));
  const started = await runVerb('start', withoutNames(targets, held), deps, options, wasDown);
  return [...stopped, ...refused, ...started];
}
