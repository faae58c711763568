/** Status of resolved targets: one getAllProcessInfo for every supervisord process, initscripts in parallel. */
import { configDrift, type Catalog } from '../core/catalog.js';
import { makeNamespec } from '../core/names.js';
import type { InitscriptPort, ProcessInfo, SupervisorPort } from '../core/ports.js';
import { isSupervisorError } from '../core/supervisor-error.js';
import { targetProcesses, type Target } from '../core/resolver.js';
import { rowFromProcessInfo, unknownRow, type StatusRow } from '../core/status.js';
import { initscriptStatus } from './initscript-actions.js';

/** What supervisord said in one getAllProcessInfo, or why it could not be asked. */
export type DaemonView = { ok: true; processes: ProcessInfo[] } | { ok: false; reason: string };

/** One getAllProcessInfo, as a view that never throws. */
export async function readDaemonView(supervisor: SupervisorPort | undefined, problem: string | undefined): Promise<DaemonView> {
  if (!supervisor) return { ok: false, reason: problem ?? 'supervisord config unreadable' };
  try {
    return { ok: true, processes: await supervisor.getAllProcessInfo() };
  } catch (error) {
    return { ok: false, reason: isSupervisorError(error) ? error.message : String(error) };
  }
}

/** Rows for supervisord processes, read from one daemon view. */
export function supervisordRows(namespecs: string[], view: DaemonView, catalog: Catalog): StatusRow[] {
  if (!view.ok) return namespecs.map((name) => unknownRow(name, 'supervisord', view.reason));
  const byNamespec = new Map(view.processes.map((info) => [makeNamespec(info.group, info.name), info]));
  return namespecs.map((namespec) => {
    const info = byNamespec.get(namespec);
    const entry = catalog.processes.find((p) => p.namespec === namespec);
    const drift = entry ? configDrift(entry) : undefined;
    if (!info) return { ...unknownRow(namespec, 'supervisord', drift ?? 'not known to supervisord'), state: 'NOT LOADED' };
    return rowFromProcessInfo(namespec, info, drift);
  });
}

/** Status rows for `targets`, initscripts in the order given, then supervisord processes. */
export async function readTargetStatus(targets: Target[], view: DaemonView, catalog: Catalog, scripts: InitscriptPort, timeoutMs: number): Promise<StatusRow[]> {
  const lsb = await Promise.all(targets.filter((t) => t.kind === 'lsb').map((t) => initscriptStatus(scripts, t.name, timeoutMs)));
  return [...lsb, ...supervisordRows(targetProcesses(targets), view, catalog)];
}
