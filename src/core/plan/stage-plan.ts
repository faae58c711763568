/** The platform as stages of resolved services, from hypcontrol.conf and each node's catalog (SPEC 5, 10). */
import type { HypcontrolConf, StageName } from '../config/hypcontrol-conf.js';
import type { Resolution } from './resolver.js';
import { resolveOnNodes, type NodeCatalog } from './node-resolver.js';

export interface PlannedService {
  /** The name as written in hypcontrol.conf (a name or a glob). */
  operand: string;
  resolution: Resolution;
}

export interface PlannedStage {
  name: StageName;
  services: PlannedService[];
}

/** Stage names as the original prints them: `backend`. */
export function stageLabel(name: StageName): string {
  return name.toLowerCase();
}

/** A name of a stage that resolves on no node. */
export interface Unresolved {
  stage: StageName;
  operand: string;
  message: string;
}

/**
 * The platform over several nodes (SPEC 10): each name of each stage resolved with the nodes' resolver,
 * and each node's own plan holding what resolved there (a name on no node is a problem, `STAGE: ...`).
 */
export interface NodePlans {
  /** Each node's own plan, by node name. */
  plans: Map<string, PlannedStage[]>;
  unresolved: Unresolved[];
}

export function planOnNodes(conf: HypcontrolConf, catalogs: readonly NodeCatalog[]): NodePlans {
  const plans = new Map(catalogs.map((one) => [one.node, [] as PlannedStage[]]));
  const unresolved: Unresolved[] = [];
  for (const stage of conf.stages) {
    for (const list of plans.values()) list.push({ name: stage.name, services: [] });
    for (const operand of stage.services) {
      const resolution = resolveOnNodes(operand, catalogs);
      if (!resolution.ok) {
        unresolved.push({ stage: stage.name, operand, message: resolution.message });
        continue;
      }
      for (const { node, targets } of resolution.nodes) {
        plans
          .get(node)!
          .at(-1)!
          .services.push({ operand, resolution: { ok: true, operand, pattern: resolution.pattern, targets } });
      }
    }
  }
  return { plans, unresolved };
}
