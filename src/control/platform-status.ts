/** hypcontrol status: every stage, every service, its state, from one daemon view (SPEC 5). */
import type { Catalog } from '../core/plan/catalog.js';
import type { StageName } from '../core/config/hypcontrol-conf.js';
import type { ServiceDeps } from '../core/ports.js';
import type { ReadyChecks } from '../core/plan/readiness.js';
import type { PlannedStage } from '../core/plan/stage-plan.js';
import { unknownRow, type StatusRow } from '../core/report/status.js';
import { readTargetStatus, type DaemonView } from './service-status.js';

export interface ServiceStatus {
  operand: string;
  /** True when the name resolved to nothing (its one row is UNKNOWN with the reason). */
  unresolved: boolean;
  rows: StatusRow[];
}

export interface StageStatus {
  name: StageName;
  services: ServiceStatus[];
}

/** Status of every service of every stage, all initscripts asked at once. */
export async function readPlatformStatus(
  plan: PlannedStage[],
  view: DaemonView,
  catalog: Catalog,
  deps: ServiceDeps,
  timeoutMs: number,
  checks?: ReadyChecks,
): Promise<StageStatus[]> {
  return Promise.all(
    plan.map(async (stage) => ({
      name: stage.name,
      services: await Promise.all(
        stage.services.map(async ({ operand, resolution }): Promise<ServiceStatus> => {
          if (!resolution.ok)
            return { operand, unresolved: true, rows: [unknownRow(operand, 'supervisord', resolution.message)] };
          return {
            operand,
            unresolved: false,
            rows: await readTargetStatus(resolution.targets, view, catalog, deps, timeoutMs, checks),
          };
        }),
      ),
    })),
  );
}
