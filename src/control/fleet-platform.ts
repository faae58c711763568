/**
 * The platform over several nodes (SPEC 10): each stage runs on every node at once, and the next stage
 * waits for it to be up and ready on all of them; stops run in reverse, each stage on every node. Every
 * node acts through its own ports (its control engine's); names read `NAME@NODE` in events and results.
 * The home's own supervisord is launched before a start and shut down after a stop, as on one node;
 * another node's is only asked (it is not ours to launch), and one that does not answer fails the stage.
 */
import { errorText, type ActionResult } from '../core/model/outcomes.js';
import type { StageName } from '../core/config/hypcontrol-conf.js';
import { atNode as named, nodeProblem } from '../core/config/nodes.js';
import type { ServiceDeps } from '../core/ports.js';
import type { ReadyChecks } from '../core/plan/readiness.js';
import type { PlannedStage } from '../core/plan/stage-plan.js';
import { ConfigError } from '../core/model/config-error.js';
import type { HomePort, HomeReading } from '../core/home.js';
import { bindReadyRules } from '../core/plan/readiness.js';
import { planOnNodes } from '../core/plan/stage-plan.js';
import type { Verb as PanelVerb } from '../core/panel/tui-types.js';
import { createControlEngine, platformRecord } from './engine.js';
import {
  bringUp,
  runStageServices,
  type PlatformEvent,
  type PlatformOptions,
  type PlatformOutcome,
  type PlatformRun,
  type ServiceOutcome,
  type StageOutcome,
} from './platform.js';
import { probeSupervisord } from './supervisord-up.js';
import { shutdownSupervisord } from './supervisord-shutdown.js';
import { describeHolder, takePlatformLock } from './platform-lock.js';

export interface PlatformNode {
  name: string;
  /** `node2 (http://10.0.0.2:9001)`. */
  label: string;
  deps: ServiceDeps;
  /** Its own plan: every stage, with the services that resolved on it. */
  plan: PlannedStage[];
  /** The home's own supervisord. */
  local: boolean;
  /** The readiness checks bound on its catalog (a start waits for them when `options.readiness` is set). */
  checks: ReadyChecks;
  /**
   * Why its answer could not be had when the plan was made (refused, cut off, stalled, 401): its plan is
   * then empty, so every stage fails on it rather than pass with nothing done (SPEC 11).
   */
  unreachable?: string;
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

function onNodeOutcome(outcome: ServiceOutcome, node: string): ServiceOutcome {
  const results = outcome.results.map((result): ActionResult => ({ ...result, name: named(result.name, node) }));
  const failure = results.find((result) => !result.ok);
  const reason = failure ? `${failure.name}: ${failure.reason ?? 'failed'}` : outcome.reason;
  return { ...outcome, operand: named(outcome.operand, node), results, ...(reason ? { reason } : {}) };
}

/** The stage's outcome for a node that does not answer: failed, with its name and why. */
function unansweredOutcome(node: PlatformNode, verb: 'start' | 'stop', reason: string): ServiceOutcome {
  const name = named('supervisord', node.name);
  const result: ActionResult = { name, kind: 'supervisord', action: verb, ok: false, outcome: 'failed', reason };
  return { operand: name, ok: false, results: [result], elapsedMs: 0, reason };
}

/** One node's part of a stage: its services, with its own checks, their names and events `NAME@NODE`. */
type Verb = 'start' | 'stop';

async function runNodeStage(
  verb: Verb,
  stage: PlannedStage,
  node: PlatformNode,
  options: PlatformOptions,
): Promise<ServiceOutcome[]> {
  const problem = await unanswered(node);
  if (problem) {
    const outcome = unansweredOutcome(node, verb, problem);
    options.onEvent?.({ type: 'service-end', stage: stage.name, outcome });
    return [outcome];
  }
  const readiness = options.readiness ? { readiness: { ...options.readiness, checks: node.checks } } : {};
  const onEvent = (event: PlatformEvent) => {
    options.onEvent?.(
      event.type === 'service-end' ? { ...event, outcome: onNodeOutcome(event.outcome, node.name) } : event,
    );
  };
  const outcomes = await runStageServices(verb, stage, node.deps, { ...options, ...readiness, onEvent });
  return outcomes.map((outcome) => onNodeOutcome(outcome, node.name));
}

/** One stage on every node at once. */
async function runFleetStage(
  verb: Verb,
  index: number,
  nodes: PlatformNode[],
  options: PlatformOptions,
): Promise<StageOutcome> {
  const stageName = nodes[0]!.plan[index]!.name;
  const began = Date.now();
  // A node that did not answer has no plan: it is part of every stage by its supervisord.
  const services = nodes.flatMap((node) => {
    if (node.unreachable && !node.local) return [named('supervisord', node.name)];
    return node.plan[index]!.services.map((service) => named(service.operand, node.name));
  });
  options.onEvent?.({ type: 'stage-begin', stage: stageName, verb, services });
  const perNode = await Promise.all(nodes.map((node) => runNodeStage(verb, node.plan[index]!, node, options)));
  const all = perNode.flat();
  const ok = all.every((service) => service.ok);
  const elapsedMs = Date.now() - began;
  options.onEvent?.({ type: 'stage-end', stage: stageName, ok, elapsedMs });
  return { name: stageName, ok, elapsedMs, services: all };
}

/** The stages at `order` (indexes in start order), one after the other. */
async function runFleetStages(
  verb: 'start' | 'stop',
  order: number[],
  nodes: PlatformNode[],
  options: PlatformOptions,
) {
  const done: StageOutcome[] = [];
  for (const index of order) {
    if (options.signal?.aborted) {
      options.onEvent?.({ type: 'aborted', stage: nodes[0]!.plan[index]!.name });
      return { ok: false, aborted: true, stages: done };
    }
    const outcome = await runFleetStage(verb, index, nodes, options);
    done.push(outcome);
    if (!outcome.ok && verb === 'start') return { ok: false, aborted: false, stages: done };
  }
  return { ok: done.every((stage) => stage.ok), aborted: false, stages: done };
}

async function startFleet(
  nodes: PlatformNode[],
  stages: Set<StageName> | undefined,
  options: PlatformOptions,
): Promise<PlatformOutcome> {
  const local = nodes[0]!;
  if (local.deps.supervisor && local.deps.launcher) {
    options.onEvent?.({ type: 'daemon', phase: 'starting' });
    const problem = await bringUp(local.deps, options.timeoutMs);
    if (problem) {
      options.onEvent?.({ type: 'daemon', phase: 'failed', reason: problem });
      return { ok: false, aborted: false, stages: [], daemonProblem: problem };
    }
    options.onEvent?.({ type: 'daemon', phase: 'up' });
  }
  const order = local.plan
    .map((_stage, index) => index)
    .filter((index) => !stages || stages.has(local.plan[index]!.name));
  return runFleetStages('start', order, nodes, options);
}

async function stopFleet(nodes: PlatformNode[], options: PlatformOptions): Promise<PlatformOutcome> {
  const order = nodes[0]!.plan.map((_stage, index) => index).reverse();
  const outcome = await runFleetStages('stop', order, nodes, options);
  const local = nodes[0]!;
  if (outcome.aborted || !local.deps.supervisor) return outcome;
  options.onEvent?.({ type: 'daemon', phase: 'stopping' });
  const { problem, killed } = await shutdownSupervisord(local.deps, options);
  const stopped: PlatformEvent = { type: 'daemon', phase: 'stopped', ...(killed ? { reason: killed } : {}) };
  options.onEvent?.(problem ? { type: 'daemon', phase: 'failed', reason: problem } : stopped);
  return problem ? { ...outcome, ok: false, daemonProblem: problem } : outcome;
}

async function runFleetVerb(
  verb: 'start' | 'stop' | 'restart',
  nodes: PlatformNode[],
  options: PlatformOptions,
): Promise<PlatformRun> {
  const lock = takePlatformLock(nodes[0]!.deps, verb, options.onNotice);
  if (lock && !lock.ok) return { refused: describeHolder(lock.holder) };
  try {
    if (verb === 'start') return { started: await startFleet(nodes, undefined, options) };
    const stopped = await stopFleet(nodes, options);
    if (verb === 'stop' || (!stopped.ok && !stopped.aborted)) return { stopped };
    // As on one node: a restart interrupted while stopping starts again the stages it stopped.
    const reached = stopped.aborted ? new Set(stopped.stages.map((stage) => stage.name)) : undefined;
    return { stopped, started: await startFleet(nodes, reached, { ...options, signal: undefined }) };
  } finally {
    lock?.release();
  }
}

/** hypcontrol start|stop|restart over the nodes, journaled once on the home (never throws). */
export async function fleetPlatform(
  verb: 'start' | 'stop' | 'restart',
  nodes: PlatformNode[],
  options: PlatformOptions,
) {
  const began = Date.now();
  let run: PlatformRun;
  try {
    run = await runFleetVerb(verb, nodes, options);
  } catch (error) {
    const outcome = { ok: false, aborted: false, stages: [], daemonProblem: `internal error: ${errorText(error)}` };
    run = verb === 'stop' ? { stopped: outcome } : { started: outcome };
  }
  const targets = nodes[0]!.plan.map((stage) => stage.name);
  const durationMs = Date.now() - began;
  const problem = nodes[0]!.deps.journal?.record({
    action: `platform ${verb}`,
    targets,
    durationMs,
    ...platformRecord(run),
  });
  if (problem) options.onNotice?.(`journal: ${problem}`);
  return run;
}

/** A node as the panel knows it: its name, address, and the port that reads its home. */
export interface PlatformHome {
  name: string;
  label: string;
  home: HomePort;
}

/** A platform action from the panel (`h`) over every node: each node's plan from its answer now. */
export async function platformOnHomes(
  nodes: readonly PlatformHome[],
  verb: PanelVerb,
  signal: AbortSignal,
  onEvent: (event: PlatformEvent) => void,
  timeoutMs: number,
) {
  const readings = nodes.map((node) => node.home.read());
  const { files } = readings[0]!;
  if (files.hypcontrol instanceof ConfigError) return { error: files.hypcontrol.message };
  const snapshot = (reading: HomeReading, index: number) =>
    createControlEngine(reading.deps, nodes[index]!.name).snapshot(reading.files);
  const snapshots = await Promise.all(readings.map(snapshot));
  const catalogs = snapshots.map((snapshot, index) => {
    return {
      node: nodes[index]!.name,
      catalog: snapshot.catalog,
      ...(snapshot.view.ok ? {} : { unreachable: snapshot.view.reason }),
    };
  });
  const { plans, unresolved } = planOnNodes(files.hypcontrol, catalogs);
  if (unresolved.length > 0 && catalogs.every((one) => !one.unreachable)) {
    return {
      error: `${unresolved.map((one) => `${one.stage}: ${one.message}`).join('; ')}: nothing was started or stopped`,
    };
  }
  const platform = files.settings.platform;
  const fleet = readings.map((reading, index): PlatformNode => ({
    name: nodes[index]!.name,
    label: nodes[index]!.label,
    deps: reading.deps,
    plan: plans.get(nodes[index]!.name)!,
    local: index === 0,
    checks: bindReadyRules(files.settings.ready, snapshots[index]!.catalog).checks,
    ...(catalogs[index]!.unreachable
      ? { unreachable: nodeProblem(nodes[index]!.label, catalogs[index]!.unreachable!) }
      : {}),
  }));
  const readiness = { checks: new Map(), timeoutMs: platform.readyTimeoutMs };
  const options = { timeoutMs, signal, onEvent, leftoverGraceMs: platform.leftoverGraceMs, readiness };
  const { stopped, started, refused } = await fleetPlatform(verb, fleet, options);
  return refused ? { error: refused } : (started ?? stopped)!;
}
