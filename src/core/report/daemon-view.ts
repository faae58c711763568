/** What one getAllProcessInfo said, and the status rows it gives. */
import { configDrift, type Catalog } from '../plan/catalog.js';
import { makeNamespec } from '../model/names.js';
import type { ProcessInfo } from '../ports.js';
import { rowFromProcessInfo, unknownRow, type StatusRow } from './status.js';

/** What supervisord said in one getAllProcessInfo, or why it could not be asked. */
/** `down`: supervisord is simply not there (socket missing or refused), so starting it would help. */
export type DaemonView = { ok: true; processes: ProcessInfo[] } | { ok: false; reason: string; down: boolean };

const indexes = new WeakMap<readonly ProcessInfo[], Map<string, ProcessInfo>>();

/** The processes of one answer by namespec, built once per answer (panels ask for it per row). */
function indexByNamespec(processes: readonly ProcessInfo[]): Map<string, ProcessInfo> {
  let index = indexes.get(processes);
  if (!index) {
    index = new Map(processes.map((info) => [makeNamespec(info.group, info.name), info]));
    indexes.set(processes, index);
  }
  return index;
}

/** supervisord's state in a few words, after `supervisord: `: running, not running (why), or what is wrong. */
export function daemonStateText(view: DaemonView): string {
  if (view.ok) return 'running';
  if (view.down) return `not running (${view.reason.replace(/^supervisord is not running: /, '')})`;
  return view.reason.replace(/^supervisord (is )?/, '');
}

/** Rows for supervisord processes, read from one daemon view. */
export function supervisordRows(namespecs: string[], view: DaemonView, catalog: Catalog): StatusRow[] {
  if (!view.ok) return namespecs.map((name) => unknownRow(name, 'supervisord', view.reason));
  const byNamespec = indexByNamespec(view.processes);
  return namespecs.map((namespec) => {
    const info = byNamespec.get(namespec);
    const entry = catalog.byNamespec.get(namespec);
    const drift = entry ? configDrift(entry) : undefined;
    if (!info)
      return { ...unknownRow(namespec, 'supervisord', drift ?? 'not known to supervisord'), state: 'NOT LOADED' };
    return rowFromProcessInfo(namespec, info, drift);
  });
}

/**
 * Processes that failed (FATAL, BACKOFF, EXITED not 0), each with what tells this failure from the next
 * (its stop time: BACKOFF turning FATAL is the same failure): whose last line of log is worth reading once.
 */
export function failedRuns(view: DaemonView | undefined): Array<[name: string, run: string]> {
  if (!view?.ok) return [];
  return view.processes
    .filter(
      (p) => p.statename === 'FATAL' || p.statename === 'BACKOFF' || (p.statename === 'EXITED' && p.exitstatus !== 0),
    )
    .map((p) => [makeNamespec(p.group, p.name), String(p.stop)]);
}
