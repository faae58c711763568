/** Status of resolved targets: one getAllProcessInfo for every supervisord process, initscripts in parallel. */
import type { Catalog } from '../core/catalog.js';
import { supervisordRows, type DaemonView } from '../core/daemon-view.js';
import type { InitscriptPort, SupervisorPort } from '../core/ports.js';
import { isSupervisorError } from '../core/supervisor-error.js';
import { targetProcesses, type Target } from '../core/resolver.js';
import type { StatusRow } from '../core/status.js';
import { initscriptStatus } from './initscript-actions.js';

export type { DaemonView };

/** One getAllProcessInfo, as a view that never throws. */
export async function readDaemonView(supervisor: SupervisorPort | undefined, problem: string | undefined): Promise<DaemonView> {
  if (!supervisor) return { ok: false, reason: problem ?? 'supervisord config unreadable' };
  try {
    return { ok: true, processes: await supervisor.getAllProcessInfo() };
  } catch (error) {
    return { ok: false, reason: isSupervisorError(error) ? error.message : String(error) };
  }
}

/** Status rows for `targets`, initscripts in the order given, then supervisord processes. */
export async function readTargetStatus(targets: Target[], view: DaemonView, catalog: Catalog, scripts: InitscriptPort, timeoutMs: number): Promise<StatusRow[]> {
  const lsb = await Promise.all(targets.filter((t) => t.kind === 'lsb').map((t) => initscriptStatus(scripts, t.name, timeoutMs)));
  return [...lsb, ...supervisordRows(targetProcesses(targets), view, catalog)];
}
