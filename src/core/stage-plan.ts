/** The platform as stages of resolved services, from hypcontrol.conf and the catalog (SPEC 5). */
import picomatch from 'picomatch';
import type { Catalog } from './catalog.js';
import { isPattern } from './names.js';
import type { HypcontrolConf, StageName } from './hypcontrol-conf.js';
import { resolveOperand, type Resolution } from './resolver.js';

export interface PlannedService {
  /** The name as written in hypcontrol.conf (a name or a glob). */
  operand: string;
  resolution: Resolution;
}

export interface PlannedStage {
  name: StageName;
  services: PlannedService[];
}

/** Resolves every name of every stage through the shared resolver, stages in start order. */
export function planStages(conf: HypcontrolConf, catalog: Catalog): PlannedStage[] {
  return conf.stages.map((stage) => ({
    name: stage.name,
    services: stage.services.map((operand) => ({ operand, resolution: resolveOperand(operand, catalog) })),
  }));
}

/** `STAGE: message` for every name that resolves to nothing. */
export function unresolvedNames(plan: readonly PlannedStage[]): string[] {
  return plan.flatMap((stage) =>
    stage.services.flatMap((service) => (service.resolution.ok ? [] : [`${stage.name}: ${service.resolution.message}`])),
  );
}

/** The initscripts a stage names or one of its patterns matches: the only ones the panel asks about. */
export function stagedInitscripts(conf: HypcontrolConf | undefined, lsb: readonly string[]): string[] {
  const operands = conf?.stages.flatMap((stage) => stage.services) ?? [];
  const matchers = operands.filter(isPattern).map((pattern) => picomatch(pattern, { dot: true, nobrace: true, noextglob: true }));
  return lsb.filter((name) => operands.includes(name) || matchers.some((match) => match(name)));
}

/** Stage names as the original prints them: `backend`. */
export function stageLabel(name: StageName): string {
  return name.toLowerCase();
}
