/** Status of resolved targets: one getAllProcessInfo for every supervisord process, initscripts in parallel. */
import type { Catalog } from '../core/catalog.js';
import { supervisordRows, type DaemonView } from '../core/daemon-view.js';
import type { InitscriptPort, SupervisorPort } from '../core/ports.js';
import { isSupervisorError } from '../core/supervisor-error.js';
import { FaultCode } from '../core/faults.js';
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

/** Above this many processes one getAllProcessInfo is cheaper than a getProcessInfo each. */
const FEW_PROCESSES = 8;

/** What supervisord says of just these processes (unknown names are left out, as not loaded). */
export async function readProcessesView(supervisor: SupervisorPort | undefined, problem: string | undefined, namespecs: string[]): Promise<DaemonView> {
  if (namespecs.length === 0) return { ok: true, processes: [] };
  if (!supervisor || namespecs.length > FEW_PROCESSES) return readDaemonView(supervisor, problem);
  try {
    const infos = await Promise.all(
      namespecs.map((namespec) =>
        supervisor.getProcessInfo(namespec).catch((error: unknown) => {
          if (isSupervisorError(error) && error.faultCode === FaultCode.BAD_NAME) return undefined;
          throw error;
        }),
      ),
    );
    return { ok: true, processes: infos.filter((info) => info !== undefined) };
  } catch (error) {
    return { ok: false, reason: isSupervisorError(error) ? error.message : String(error) };
  }
}

/** Status rows for `targets`, initscripts in the order given, then supervisord processes. */
export async function readTargetStatus(targets: Target[], view: DaemonView, catalog: Catalog, scripts: InitscriptPort, timeoutMs: number): Promise<StatusRow[]> {
  const lsb = await Promise.all(targets.filter((t) => t.kind === 'lsb').map((t) => initscriptStatus(scripts, t.name, timeoutMs)));
  return [...lsb, ...supervisordRows(targetProcesses(targets), view, catalog)];
}
