/**
 * A home is a fleet (SPEC 10): its own supervisord first, then each `[node:NAME]` of canopsis-tui.ini; a
 * home without such sections is a fleet of one. Every command asks its nodes here, all at once, and plans
 * the platform over them; nothing here depends on how many there are.
 */
import { ConfigError } from '../core/model/config-error.js';
import type { HomeFiles, HomeReading } from '../core/home.js';
import { supervisordProblems } from '../core/home.js';
import { nodeProblem, splitNodeName } from '../core/config/nodes.js';
import type { HypcontrolConf } from '../core/config/hypcontrol-conf.js';
import { resolveOnNodes, type NodeCatalog } from '../core/plan/node-resolver.js';
import { resolveOperand } from '../core/plan/resolver.js';
import { invalidNameReason, isPattern, splitNamespec } from '../core/model/names.js';
import { buildCatalog, catalogNames, type Catalog } from '../core/plan/catalog.js';
import type { DaemonView } from '../core/report/daemon-view.js';
import { readinessOnNodes, type ReadyChecks } from '../core/plan/readiness.js';
import { planOnNodes, type Unresolved } from '../core/plan/stage-plan.js';
import type { ControlEngine } from './engine.js';
import type { PlatformNode } from './platform.js';

/** One node: its files (another node's are those of the home, without supervisord's), ports and engine. */
export interface FleetNode extends HomeReading {
  name: string;
  /** `node2 (http://10.0.0.2:9001)`, for messages; the name alone for the home's own. */
  label: string;
  /** The home's own supervisord: the one launched and shut down from here. */
  local: boolean;
  engine: ControlEngine;
  /** Why its own files (another node's, over ssh) could not be read, when they could not. */
  filesProblem?: string;
}

/** A node with what it runs, and the readiness checks bound on it. */
export interface NodeState {
  node: FleetNode;
  catalog: Catalog;
  /** Its getAllProcessInfo answer; undefined when its files named what was asked and it was not asked. */
  view: DaemonView | undefined;
  /** Another node's: why its initscripts are not known here (no ssh, ssh failed), when they are not. */
  initscriptsProblem?: string;
  checks: ReadyChecks;
  /** `node2 (http://...): connection refused`, when its supervisord could not be asked. */
  unreachable: string | undefined;
}

/** A node that was asked. */
export interface AnsweredState extends NodeState {
  view: DaemonView;
}

export interface FleetView<State extends NodeState = AnsweredState> {
  states: State[];
  problems: { all: string[]; readiness: string[] };
}

/** supervisord's files of a node when they are read here (the home's own, readable). */
function readableConfig(files: HomeFiles) {
  return files.config instanceof ConfigError ? undefined : files.config;
}

/** Why names may be missing from a node's catalog: its supervisord unasked, unless its files are read here. */
function namesHiddenBy({ node, unreachable }: NodeState): string | undefined {
  return readableConfig(node.files) ? undefined : unreachable;
}

/** What the resolver is told of a node: its catalog, and why part of it is unknown. */
export function nodeCatalog(state: NodeState): NodeCatalog {
  const { node, catalog, initscriptsProblem: initscripts } = state;
  const unreachable = namesHiddenBy(state);
  return {
    node: node.name,
    catalog,
    ...(unreachable ? { unreachable } : {}),
    ...(initscripts ? { initscripts } : {}),
  };
}

type Unbound = Omit<NodeState, 'checks'>;

/**
 * `GROUP:NAME` in full, no pattern: one process whatever else a node runs, so its name needs no answer
 * first; a node that runs no such process refuses the action's own call (BAD_NAME), nothing done.
 */
function namedInFull(name: string): { group: string; name: string } | undefined {
  if (isPattern(name) || invalidNameReason(name) !== undefined) return undefined;
  const { group, process } = splitNamespec(name);
  return name.includes(':') && group !== '' && process !== '' ? { group, name: process } : undefined;
}

/**
 * A node's catalog from its files alone when `enough` says they answer the question; from `inFull` (an
 * action on a process named in full, on a node whose files are not read here: a round trip fewer to a far
 * node); else its answer.
 */
async function askNode(
  node: FleetNode,
  enough: ((catalog: Catalog) => boolean) | undefined,
  inFull?: { group: string; name: string },
): Promise<Unbound> {
  const config = readableConfig(node.files);
  if (enough && config) {
    const catalog = buildCatalog({ ...node.files, config, loaded: undefined });
    if (enough(catalog)) return { node, catalog, view: undefined, unreachable: undefined };
  }
  if (inFull && !config) {
    const catalog = buildCatalog({ ...node.files, config: undefined, loaded: [inFull], remote: true });
    return { node, catalog, view: undefined, unreachable: undefined };
  }
  const { view, catalog, initscriptsProblem } = await node.engine.snapshot(node.files);
  const unreachable = view.ok ? undefined : nodeProblem(node.label, view.reason);
  // What it answered is what a Tab completes as NAME@NODE later, without asking it again.
  if (view.ok) node.deps.names?.remember(node.name, catalogNames(catalog));
  return { node, catalog, view, unreachable, ...(initscriptsProblem ? { initscriptsProblem } : {}) };
}

/** Another node's files that could not be read, or that its supervisord would refuse: said by node. */
export function nodeFilesProblems(
  node: { local: boolean; label: string; filesProblem?: string },
  files: HomeFiles,
): string[] {
  if (node.local) return [];
  const refused = files.config instanceof ConfigError ? [`${node.label}: ${files.config.message}`] : [];
  return [...(node.filesProblem ? [node.filesProblem] : []), ...refused];
}

/** The nodes' states, each node's checks bound on its catalog. */
function bound(nodes: readonly FleetNode[], states: Unbound[]): FleetView<NodeState> {
  const home = nodes[0]!;
  const readiness = readinessOnNodes(
    home.files.settings,
    states.map((one) => one.catalog),
  );
  // A [ready] key may name what another node runs: with some nodes left out, only the file's own problems count.
  const wrong = states.length === nodes.length ? readiness.problems : home.files.settings.problems;
  const remote = states.flatMap(({ node }) => nodeFilesProblems(node, node.files));
  return {
    states: states.map((state, index) => ({ ...state, checks: readiness.checks[index]! })),
    problems: { all: [...supervisordProblems(home.files), ...remote, ...wrong], readiness: wrong },
  };
}

/** One getAllProcessInfo per node (or only of the node `only`), all at once. */
export async function askNodes(nodes: readonly FleetNode[], only?: string): Promise<FleetView> {
  const asked = only === undefined ? nodes : nodes.filter((node) => node.name === only);
  return bound(nodes, await Promise.all(asked.map((node) => askNode(node, undefined)))) as FleetView;
}

/**
 * `operand` resolved over the nodes it may be on (`NAME@NODE`: that node alone). A node whose files name it
 * plainly (no pattern) is not asked: what is done or shown then asks about just those processes. With
 * `acting`, neither is the one node of `GROUP:NAME@NODE` (`namedInFull`).
 */
export async function resolveOnFleet(operand: string, nodes: readonly FleetNode[], acting = false) {
  const { name, node: named } = splitNodeName(
    operand,
    nodes.map((node) => node.name),
  );
  const asked = named === undefined ? nodes : nodes.filter((node) => node.name === named);
  const plainly = (catalog: Catalog) => {
    const resolution = resolveOperand(name, catalog);
    return resolution.ok && !resolution.pattern;
  };
  const inFull = acting && named !== undefined ? namedInFull(name) : undefined;
  const view = bound(nodes, await Promise.all(asked.map((node) => askNode(node, plainly, inFull))));
  return { view, named, resolution: resolveOnNodes(operand, view.states.map(nodeCatalog)) };
}

/** The platform over the nodes, or the names of hypcontrol.conf that resolve on none. */
export type PlatformPlan = { ok: true; nodes: PlatformNode[] } | { ok: false; unresolved: Unresolved[] };

/**
 * Each node's own plan from its answer. A name on no node is a refusal, unless another node could not be
 * asked (it may hold it: that node then fails every stage, by name). A node whose files are read here
 * names its processes without its supervisord: its being down excuses nothing.
 */
export function planPlatform(conf: HypcontrolConf, view: FleetView<NodeState>): PlatformPlan {
  const { plans, unresolved } = planOnNodes(conf, view.states.map(nodeCatalog));
  const excused = view.states.some(namesHiddenBy);
  if (unresolved.length > 0 && !excused) return { ok: false, unresolved };
  const nodes = view.states.map(({ node, checks, unreachable }): PlatformNode => {
    return {
      name: node.name,
      label: node.label,
      deps: node.deps,
      plan: plans.get(node.name)!,
      local: node.local,
      checks,
      ...(unreachable && !node.local ? { unreachable } : {}),
    };
  });
  return { ok: true, nodes };
}
