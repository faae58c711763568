/**
 * A home is a fleet (SPEC 10): its own supervisord first, then each `[node:NAME]` of canopsis-tui.ini; a
 * home without such sections is a fleet of one. Every command asks its nodes here, all at once, and plans
 * the platform over them; nothing here depends on how many there are.
 */
import { ConfigError } from '../core/model/config-error.js';
import type { HomeReading } from '../core/home.js';
import { supervisordProblems } from '../core/home.js';
import { nodeProblem } from '../core/config/nodes.js';
import type { HypcontrolConf } from '../core/config/hypcontrol-conf.js';
import type { NodeCatalog } from '../core/plan/node-resolver.js';
import { readinessOnNodes, type ReadyChecks } from '../core/plan/readiness.js';
import { planOnNodes, type Unresolved } from '../core/plan/stage-plan.js';
import type { ControlEngine } from './engine.js';
import type { PlatformNode } from './platform.js';
import type { Snapshot } from './service-status.js';

/** One node: its files (another node's are those of the home, without supervisord's), ports and engine. */
export interface FleetNode extends HomeReading {
  name: string;
  /** `node2 (http://10.0.0.2:9001)`, for messages; the name alone for the home's own. */
  label: string;
  /** The home's own supervisord: the one whose files are read here, launched and shut down from here. */
  local: boolean;
  engine: ControlEngine;
}

/** A node with its answer and the readiness checks bound on it. */
export interface NodeState {
  node: FleetNode;
  snapshot: Snapshot;
  checks: ReadyChecks;
  /** `node2 (http://...): connection refused`, when its supervisord could not be asked. */
  unreachable: string | undefined;
}

export interface FleetView {
  states: NodeState[];
  problems: { all: string[]; readiness: string[] };
}

/** Why names may be missing from a node's catalog: its supervisord unasked, unless its files are read here. */
function namesHiddenBy({ node, unreachable }: NodeState): string | undefined {
  const { config } = node.files;
  return config !== undefined && !(config instanceof ConfigError) ? undefined : unreachable;
}

/** What the resolver is told of a node: its catalog, and why part of it is unknown. */
export function nodeCatalog(state: NodeState): NodeCatalog {
  const { node, snapshot } = state;
  const initscripts = snapshot.initscriptsProblem;
  const unreachable = namesHiddenBy(state);
  return {
    node: node.name,
    catalog: snapshot.catalog,
    ...(unreachable ? { unreachable } : {}),
    ...(initscripts ? { initscripts } : {}),
  };
}

/** One getAllProcessInfo per node (or only of the node `only`), all at once, each node's checks bound on it. */
export async function askNodes(nodes: readonly FleetNode[], only?: string): Promise<FleetView> {
  const home = nodes[0]!;
  const asked = only === undefined ? nodes : nodes.filter((node) => node.name === only);
  const snapshots = await Promise.all(asked.map((node) => node.engine.snapshot(node.files)));
  const readiness = readinessOnNodes(
    home.files.settings,
    snapshots.map((one) => one.catalog),
  );
  const states = asked.map((node, index): NodeState => {
    const { view } = snapshots[index]!;
    const unreachable = view.ok ? undefined : nodeProblem(node.label, view.reason);
    return { node, snapshot: snapshots[index]!, checks: readiness.checks[index]!, unreachable };
  });
  // A [ready] key may name what another node runs: with one node asked, only the file's own problems count.
  const wrong = only === undefined ? readiness.problems : home.files.settings.problems;
  return { states, problems: { all: [...supervisordProblems(home.files), ...wrong], readiness: wrong } };
}

/** The platform over the nodes, or the names of hypcontrol.conf that resolve on none. */
export type PlatformPlan = { ok: true; nodes: PlatformNode[] } | { ok: false; unresolved: Unresolved[] };

/**
 * Each node's own plan from its answer. A name on no node is a refusal, unless another node could not be
 * asked (it may hold it: that node then fails every stage, by name). A node whose files are read here
 * names its processes without its supervisord: its being down excuses nothing.
 */
export function planPlatform(conf: HypcontrolConf, view: FleetView): PlatformPlan {
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
