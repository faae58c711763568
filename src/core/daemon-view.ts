/** What one getAllProcessInfo said, and the status rows it gives. */
import { configDrift, type Catalog } from './catalog.js';
import { makeNamespec } from './names.js';
import type { ProcessInfo } from './ports.js';
import { rowFromProcessInfo, unknownRow, type StatusRow } from './status.js';

/** What supervisord said in one getAllProcessInfo, or why it could not be asked. */
export type DaemonView = { ok: true; processes: ProcessInfo[] } | { ok: false; reason: string };

/** Rows for supervisord processes, read from one daemon view. */
export function supervisordRows(namespecs: string[], view: DaemonView, catalog: Catalog): StatusRow[] {
  if (!view.ok) return namespecs.map((name) => unknownRow(name, 'supervisord', view.reason));
  const byNamespec = new Map(view.processes.map((info) => [makeNamespec(info.group, info.name), info]));
  return namespecs.map((namespec) => {
    const info = byNamespec.get(namespec);
    const entry = catalog.byNamespec.get(namespec);
    const drift = entry ? configDrift(entry) : undefined;
    if (!info) return { ...unknownRow(namespec, 'supervisord', drift ?? 'not known to supervisord'), state: 'NOT LOADED' };
    return rowFromProcessInfo(namespec, info, drift);
  });
}

