/**
 * The panel's poll of supervisord, at any scale (FIELD-NOTES: cost at scale). `getAllProcessInfo` costs
 * supervisord about 0.3 s of CPU at 1000 processes; asked every second it is a quarter of a core. supervisord
 * has no "changed since" call, but it logs every state change it makes at `info` (spawned, success, exited,
 * gave up, stopped, added/removed process group). So each interval asks, in one small request, for the last
 * bytes of its main log and the processes whose rows are on screen: when the log's end is the one seen at
 * the last full answer, nothing was spawned or exited anywhere, and the rows on screen are fresh from this
 * very request; when it moved, one full `getAllProcessInfo` follows at once. A full answer is also asked
 * every `fullEveryMs` regardless, and every time when the log cannot tell (a `loglevel` above info, a log
 * supervisord cannot read back, such as syslog).
 */
import type { DaemonView } from '../core/report/daemon-view.js';
import { makeNamespec } from '../core/model/names.js';
import type { ProcessInfo, ServiceDeps, SupervisorPort } from '../core/ports.js';
import { failedView } from './service-status.js';

/** Enough of the log's end to hold its last line, timestamped to the millisecond. */
export const LOG_END_BYTES = 512;
/** The log levels at which supervisord logs every state change. */
const LOGS_CHANGES = new Set(['info', 'debug', 'trace', 'blather']);

export interface PollerOptions {
  now: () => number;
  /** A full answer at least this often, whatever the log says. */
  fullEveryMs: number;
  /** `[supervisord] loglevel`. */
  loglevel: string;
}

export interface DaemonPoller {
  /** The daemon's view; `visible`: the processes whose rows are on screen (asked each time). */
  poll(visible: readonly string[]): Promise<DaemonView>;
  /** How the last poll was answered, for the benchmark and tests. */
  readonly lastKind: 'full' | 'glance' | 'failed' | undefined;
}

type Supervisor = SupervisorPort | undefined;

export function createDaemonPoller(
  supervisor: Supervisor,
  problem: string | undefined,
  options: PollerOptions,
): DaemonPoller {
  const trusted = LOGS_CHANGES.has(options.loglevel);
  let known: ProcessInfo[] | undefined;
  let logEnd: string | undefined;
  let fullAt = -Infinity;
  let lastKind: DaemonPoller['lastKind'];

  const full = async (): Promise<DaemonView> => {
    // The log's end first: a change between the two calls shows at the next poll, never gets lost.
    logEnd = trusted ? await supervisor!.readMainLog(-LOG_END_BYTES, 0).catch(() => undefined) : undefined;
    known = await supervisor!.getAllProcessInfo();
    fullAt = options.now();
    lastKind = 'full';
    return { ok: true, processes: known };
  };

  return {
    get lastKind() {
      return lastKind;
    },
    async poll(visible) {
      if (!supervisor) return { ok: false, reason: problem ?? 'supervisord config unreadable', down: false };
      try {
        if (!known || logEnd === undefined || options.now() - fullAt >= options.fullEveryMs) return await full();
        const glance = await supervisor.glance([...visible], LOG_END_BYTES);
        if (glance.tail !== logEnd) return await full();
        lastKind = 'glance';
        if (glance.processes.length === 0) return { ok: true, processes: known };
        const fresh = new Map(glance.processes.map((info) => [makeNamespec(info.group, info.name), info]));
        known = known.map((info) => fresh.get(makeNamespec(info.group, info.name)) ?? info);
        return { ok: true, processes: known };
      } catch (error) {
        known = undefined;
        lastKind = 'failed';
        return failedView(error);
      }
    },
  };
}

/**
 * supervisord's pid and start time for the header. The pidfile says at no cost whether the daemon answering
 * now is still the one known: a supervisord replaced between two polls gets its own pid and uptime.
 */
type DaemonPid = { pid: number | undefined; startedAt: number | undefined };

export function createPidTracker(): (view: DaemonView, deps: ServiceDeps) => Promise<DaemonPid> {
  let known: { pid: number | undefined; startedAt: number | undefined } = { pid: undefined, startedAt: undefined };
  return async (view, deps) => {
    const filePid = view.ok ? deps.launcher?.daemonPid() : undefined;
    if (!view.ok) known = { pid: undefined, startedAt: undefined };
    else if (known.pid === undefined || (filePid !== undefined && filePid !== known.pid)) {
      const pid = filePid ?? (await deps.supervisor?.getPID().catch(() => undefined));
      known = { pid, startedAt: pid ? deps.launcher?.startedAt(pid) : undefined };
    }
    return known;
  };
}
