/**
 * The whole platform, stage by stage, over every node of the home (SPEC 5, 10); a home without `[node:]`
 * sections is a fleet of one. Start: the home's supervisord (started if down), then each stage on every
 * node at once; the next stage only once all are up and ready everywhere. Stop: stages in reverse, then
 * the home's supervisord. Another node's supervisord is only asked (it is not ours to launch), and one
 * that does not answer fails every stage it is part of, by name and reason (SPEC 11).
 */
import { errorText, failed } from '../core/model/outcomes.js';
import type { StageName } from '../core/config/hypcontrol-conf.js';
import { nodeProblem } from '../core/config/nodes.js';
import type { ReadyChecks } from '../core/plan/readiness.js';
import type { PlannedService, PlannedStage } from '../core/plan/stage-plan.js';
import { nameAlone, type NameOnNode } from '../core/report/node-names.js';
import { runServiceAction, type ServiceDeps } from './service-actions.js';
import { ensureSupervisord, probeSupervisord } from './supervisord-up.js';
import { shutdownSupervisord } from './supervisord-shutdown.js';
import { describeHolder, takePlatformLock } from './platform-lock.js';
import {
  platformRecord,
  type PlatformEvent,
  type PlatformOutcome,
  type PlatformRun,
  type ServiceOutcome,
  type StageOutcome,
} from './platform-outcome.js';

export * from './platform-outcome.js';

/** A node as a platform run sees it: its ports, its own plan and its own readiness checks. */
export interface PlatformNode {
  name: string;
  /** `node2 (http://10.0.0.2:9001)`. */
  label: string;
  deps: ServiceDeps;
  /** Its own plan: every stage, with the services that resolved on it. */
  plan: PlannedStage[];
  /** The home's own supervisord (launched before a start, shut down after a stop). */
  local: boolean;
  /** The readiness checks bound on its catalog (a start waits for them when `readyTimeoutMs` is set). */
  checks: ReadyChecks;
  /** Why its answer could not be had when the plan was made: every stage then fails on it (SPEC 11). */
  unreachable?: string;
}

export interface PlatformOptions {
  timeoutMs: number;
  /** How long a start waits for readiness once up; absent (`--no-wait`): it does not wait. */
  readyTimeoutMs?: number;
  leftoverGraceMs?: number;
  killLeftovers?: boolean;
  signal?: AbortSignal;
  onEvent?: (event: PlatformEvent) => void;
  /** Something to tell that is not an event: a journal that cannot be written. */
  onNotice?: (line: string) => void;
  /** How the journal names a process on its node. */
  name?: NameOnNode;
}

type Verb = 'start' | 'stop';

async function actOnService(verb: Verb, service: PlannedService, node: PlatformNode, options: PlatformOptions) {
  const { deps } = node;
  const started = deps.clock.now();
  const on = { operand: service.operand, node: node.name };
  if (!service.resolution.ok) {
    const result = failed(service.operand, 'supervisord', verb, service.resolution.message);
    return { ...on, ok: false, results: [result], elapsedMs: 0, problem: service.resolution.message };
  }
  // A glob is a massive action; a group name is one group call, as with `service`.
  const { timeoutMs, readyTimeoutMs, leftoverGraceMs, killLeftovers } = options;
  const results = await runServiceAction(verb, service.resolution.targets, deps, {
    timeoutMs,
    massive: service.resolution.pattern,
    ...(readyTimeoutMs !== undefined ? { readiness: { checks: node.checks, timeoutMs: readyTimeoutMs } } : {}),
    ...(leftoverGraceMs !== undefined ? { leftoverGraceMs } : {}),
    ...(killLeftovers ? { killLeftovers } : {}),
  });
  const readyTimes = results.flatMap((result) => (result.readyAfterMs === undefined ? [] : [result.readyAfterMs]));
  return {
    ...on,
    ok: results.every((result) => result.ok),
    results,
    elapsedMs: deps.clock.now() - started,
    ...(readyTimes.length > 0 ? { readyAfterMs: Math.max(...readyTimes) } : {}),
  };
}

/** Why a node cannot take part in a stage now (undefined: it answers). */
async function unanswered(node: PlatformNode): Promise<string | undefined> {
  if (node.local) return undefined;
  if (node.unreachable) return node.unreachable;
  const supervisor = node.deps.supervisor;
  if (!supervisor) return nodeProblem(node.label, node.deps.supervisorProblem ?? 'no address');
  const check = await probeSupervisord(supervisor);
  return check.up ? undefined : nodeProblem(node.label, check.reason);
}

/** One node's part of a stage: its services all at once, all awaited even when one fails early. */
async function runNodeStage(verb: Verb, stage: PlannedStage, node: PlatformNode, options: PlatformOptions) {
  const problem = await unanswered(node);
  const outcomes: Array<Promise<ServiceOutcome>> = problem
    ? [Promise.resolve(unansweredOutcome(node, verb, problem))]
    : stage.services.map((service) => actOnService(verb, service, node, options));
  return Promise.all(
    outcomes.map(async (pending) => {
      const outcome = await pending;
      options.onEvent?.({ type: 'service-end', stage: stage.name, outcome });
      return outcome;
    }),
  );
}

/** The stage's outcome for a node that does not answer: its supervisord failed, with why. */
function unansweredOutcome(node: PlatformNode, verb: Verb, reason: string): ServiceOutcome {
  const result = failed('supervisord', 'supervisord', verb, reason);
  return { operand: 'supervisord', node: node.name, ok: false, results: [result], elapsedMs: 0, problem: reason };
}

/** The names a node is part of a stage by: a node that did not answer, by its supervisord. */
function stageNames(node: PlatformNode, stage: PlannedStage) {
  if (node.unreachable && !node.local) return [{ operand: 'supervisord', node: node.name }];
  return stage.services.map((service) => ({ operand: service.operand, node: node.name }));
}

/** One stage (at `index` of every node's plan) on every node at once. */
async function runStage(verb: Verb, index: number, nodes: PlatformNode[], options: PlatformOptions) {
  const clock = nodes[0]!.deps.clock;
  const stage = nodes[0]!.plan[index]!.name;
  const began = clock.now();
  const services = nodes.flatMap((node) => stageNames(node, node.plan[index]!));
  options.onEvent?.({ type: 'stage-begin', stage, verb, services });
  const perNode = await Promise.all(nodes.map((node) => runNodeStage(verb, node.plan[index]!, node, options)));
  const all = perNode.flat();
  const ok = all.every((service) => service.ok);
  const elapsedMs = clock.now() - began;
  options.onEvent?.({ type: 'stage-end', stage, ok, elapsedMs });
  return { name: stage, ok, elapsedMs, services: all };
}

/** The stages at `order` (indexes in start order), one after the other; a start stops at a failed one. */
async function runStages(verb: Verb, order: number[], nodes: PlatformNode[], options: PlatformOptions) {
  const done: StageOutcome[] = [];
  for (const index of order) {
    if (options.signal?.aborted) {
      options.onEvent?.({ type: 'aborted', stage: nodes[0]!.plan[index]!.name });
      return { ok: false, aborted: true, stages: done };
    }
    const outcome = await runStage(verb, index, nodes, options);
    done.push(outcome);
    if (!outcome.ok && verb === 'start') return { ok: false, aborted: false, stages: done };
  }
  return { ok: done.every((stage) => stage.ok), aborted: false, stages: done };
}

/** Launches supervisord when it is down and this home can (it is local); why not, when it is not up. */
export async function bringUp(deps: ServiceDeps, timeoutMs: number): Promise<string | undefined> {
  if (!deps.supervisor || !deps.launcher) return undefined;
  const check = await ensureSupervisord(deps.supervisor, deps.launcher, deps.clock, timeoutMs);
  return check.up ? undefined : check.reason;
}

/** hypcontrol start: the home's supervisord up first, then each stage (of `only`, when given) in order. */
export async function startPlatform(
  nodes: PlatformNode[],
  options: PlatformOptions,
  only?: ReadonlySet<StageName>,
): Promise<PlatformOutcome> {
  const home = nodes[0]!;
  if (home.deps.supervisor && home.deps.launcher) {
    options.onEvent?.({ type: 'daemon', phase: 'starting' });
    const problem = await bringUp(home.deps, options.timeoutMs);
    if (problem) {
      options.onEvent?.({ type: 'daemon', phase: 'failed', reason: problem });
      return { ok: false, aborted: false, stages: [], daemonProblem: problem };
    }
    options.onEvent?.({ type: 'daemon', phase: 'up' });
  }
  const order = home.plan.flatMap((stage, index) => (!only || only.has(stage.name) ? [index] : []));
  return runStages('start', order, nodes, options);
}

/** hypcontrol stop: frontend, middleware, backend (each on every node at once), then the home's supervisord. */
export async function stopPlatform(nodes: PlatformNode[], options: PlatformOptions): Promise<PlatformOutcome> {
  const home = nodes[0]!;
  const order = home.plan.map((_stage, index) => index).reverse();
  const outcome = await runStages('stop', order, nodes, options);
  if (outcome.aborted || !home.deps.supervisor) return outcome;
  options.onEvent?.({ type: 'daemon', phase: 'stopping' });
  const { problem, killed } = await shutdownSupervisord(home.deps, options);
  const stopped: PlatformEvent = { type: 'daemon', phase: 'stopped', ...(killed ? { reason: killed } : {}) };
  options.onEvent?.(problem ? { type: 'daemon', phase: 'failed', reason: problem } : stopped);
  return problem ? { ...outcome, ok: false, daemonProblem: problem } : outcome;
}

/** start, stop, or restart (stop then start; a stop that failed or was interrupted starts nothing). */
async function runVerb(verb: Verb | 'restart', nodes: PlatformNode[], options: PlatformOptions): Promise<PlatformRun> {
  const lock = takePlatformLock(nodes[0]!.deps, verb, options.onNotice);
  if (lock && !lock.ok) return { refused: describeHolder(lock.holder) };
  try {
    if (verb === 'start') return { started: await startPlatform(nodes, options) };
    const stopped = await stopPlatform(nodes, options);
    if (verb === 'stop' || (!stopped.ok && !stopped.aborted)) return { stopped };
    // A restart never leaves services down because of a Ctrl-C: interrupted while stopping, it starts
    // again the stages it stopped; its start phase runs to the end (a second Ctrl-C ends the process).
    const reached = stopped.aborted ? new Set(stopped.stages.map((stage) => stage.name)) : undefined;
    return { stopped, started: await startPlatform(nodes, { ...options, signal: undefined }, reached) };
  } finally {
    lock?.release();
  }
}

/** hypcontrol start|stop|restart over the nodes (the home's first), journaled once on the home; never throws. */
export async function runPlatformVerb(
  verb: Verb | 'restart',
  nodes: PlatformNode[],
  options: PlatformOptions,
): Promise<PlatformRun> {
  const { deps, plan } = nodes[0]!;
  const began = deps.clock.now();
  let run: PlatformRun;
  try {
    run = await runVerb(verb, nodes, options);
  } catch (error) {
    const outcome = { ok: false, aborted: false, stages: [], daemonProblem: `internal error: ${errorText(error)}` };
    run = verb === 'stop' ? { stopped: outcome } : { started: outcome };
  }
  const record = platformRecord(run, options.name ?? nameAlone);
  const targets = plan.map((stage) => stage.name);
  const problem = deps.journal?.record({
    action: `platform ${verb}`,
    targets,
    durationMs: deps.clock.now() - began,
    ...record,
  });
  if (problem) options.onNotice?.(`journal: ${problem}`);
  return run;
}
