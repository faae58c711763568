/** Status of resolved targets: one getAllProcessInfo for every supervisord process, initscripts in parallel. */
import { buildCatalog, type Catalog } from '../core/plan/catalog.js';
import { ConfigError } from '../core/model/config-error.js';
import type { HomeReading } from '../core/home.js';
import { supervisordRows, type DaemonView } from '../core/report/daemon-view.js';
import type { ServiceDeps, SupervisorPort } from '../core/ports.js';
import { NO_CHECKS, type ReadyChecks } from '../core/plan/readiness.js';
import { isSupervisorError } from '../core/model/supervisor-error.js';
import { FaultCode } from '../core/model/faults.js';
import { targetProcesses, type Target } from '../core/plan/resolver.js';
import { firstLogTime, histories, HOUR_MS, parseMainLog, processPart } from '../core/report/restart-history.js';
import { hasFailed, withHistory, withLastLine, type StatusRow } from '../core/report/status.js';
import { initscriptStatus } from './initscript-actions.js';
import { lastErrorLine } from './logs.js';
import { probeService } from './readiness.js';

export type { DaemonView };

export function failedView(error: unknown): DaemonView {
  return isSupervisorError(error)
    ? { ok: false, reason: error.message, down: error.isDown }
    : { ok: false, reason: String(error), down: false };
}

/** One getAllProcessInfo, as a view that never throws. */
export async function readDaemonView(
  supervisor: SupervisorPort | undefined,
  problem: string | undefined,
): Promise<DaemonView> {
  if (!supervisor) return { ok: false, reason: problem ?? 'supervisord config unreadable', down: false };
  try {
    return { ok: true, processes: await supervisor.getAllProcessInfo() };
  } catch (error) {
    return failedView(error);
  }
}

export interface Snapshot {
  view: DaemonView;
  catalog: Catalog;
  /** Another node's: why its initscripts are not known here (no ssh, ssh failed), when they are not. */
  initscriptsProblem?: string;
}

/** One getAllProcessInfo and the catalog it and the files make together (another node's initscripts listed at once). */
export async function takeSnapshot({ files, deps }: HomeReading): Promise<Snapshot> {
  const remote = files.config === undefined;
  const listing = remote ? deps.initscripts.list?.() : undefined;
  const [view, listed] = await Promise.all([readDaemonView(deps.supervisor, deps.supervisorProblem), listing]);
  const config = files.config instanceof ConfigError ? undefined : files.config;
  const lsb = listed && 'names' in listed ? listed.names : files.lsb;
  const catalog = buildCatalog({ ...files, lsb, config, loaded: view.ok ? view.processes : undefined, remote });
  return { view, catalog, ...(listed && 'problem' in listed ? { initscriptsProblem: listed.problem } : {}) };
}

/** Above this many processes one getAllProcessInfo is cheaper than a getProcessInfo each. */
const FEW_PROCESSES = 8;

/** What supervisord says of just these processes (unknown names are left out, as not loaded). */
export async function readProcessesView(
  supervisor: SupervisorPort | undefined,
  problem: string | undefined,
  namespecs: string[],
): Promise<DaemonView> {
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
    return failedView(error);
  }
}

/** Running rows with readiness checks are checked (all at once); a failing one says why it is not ready. */
export async function withReadiness(rows: StatusRow[], deps: ServiceDeps, checks: ReadyChecks): Promise<StatusRow[]> {
  return Promise.all(
    rows.map(async (row) => {
      const mine = checks.get(row.name);
      if (row.state !== 'RUNNING' || !mine?.length) return row;
      const result = await probeService(row.name, mine, deps, undefined, row.pid);
      return result.ok ? row : { ...row, notReady: result.reason };
    }),
  );
}

/** Failed processes get the last line they wrote (SPEC 9): why it failed, in its own words. */
async function withLastLines(rows: StatusRow[], supervisor: SupervisorPort | undefined): Promise<StatusRow[]> {
  if (!supervisor) return rows;
  return Promise.all(
    rows.map(async (row) => (hasFailed(row) ? withLastLine(row, await lastErrorLine(supervisor, row.name)) : row)),
  );
}

/**
 * How much of supervisord's main log is read for the last hour's starts and exits: the last 256 KB, and
 * more while that does not reach back an hour, up to 4 MB (a busy log of hundreds of engines).
 */
const MAIN_LOG_READS = [262_144, 1_048_576, 4_194_304];

/** The end of supervisord's main log, as far back as the last hour needs (bounded); undefined when unreadable. */
export async function readLastHourOfMainLog(supervisor: SupervisorPort, now: number): Promise<string | undefined> {
  let text: string | undefined;
  for (const bytes of MAIN_LOG_READS) {
    text = await supervisor.readMainLog(-bytes, 0).catch(() => undefined);
    if (text === undefined || Buffer.byteLength(text) < bytes) return text;
    const first = firstLogTime(text);
    if (first !== undefined && first <= now - HOUR_MS) return text;
  }
  return text;
}

/** A process running for over an hour has neither started nor exited in the last hour: nothing to read. */
const mayHaveHistory = (row: StatusRow) =>
  row.kind === 'supervisord' &&
  row.state !== 'UNKNOWN' &&
  !(row.state === 'RUNNING' && (row.uptimeSeconds ?? 0) > 3600);

/** supervisord's processes get their restart history, from one read of the end of its main log. */
async function withHistories(
  rows: StatusRow[],
  supervisor: SupervisorPort | undefined,
  now: number,
): Promise<StatusRow[]> {
  if (!supervisor || !rows.some(mayHaveHistory)) return rows;
  const text = await readLastHourOfMainLog(supervisor, now);
  if (text === undefined) return rows;
  const wanted = new Set(rows.filter(mayHaveHistory).map((row) => processPart(row.name)));
  const byProcess = histories(parseMainLog(text, wanted), now);
  return rows.map((row) => (row.kind === 'supervisord' ? withHistory(row, byProcess.get(processPart(row.name))) : row));
}

/** Status rows for `targets`, initscripts in the order given, then supervisord processes; readiness checked. */
export async function readTargetStatus(
  targets: Target[],
  view: DaemonView,
  catalog: Catalog,
  deps: ServiceDeps,
  timeoutMs: number,
  checks: ReadyChecks = NO_CHECKS,
): Promise<StatusRow[]> {
  const lsb = await Promise.all(
    targets.filter((t) => t.kind === 'lsb').map((t) => initscriptStatus(deps.initscripts, t.name, timeoutMs)),
  );
  const rows = await withLastLines(supervisordRows(targetProcesses(targets), view, catalog), deps.supervisor);
  const processes = await withHistories(rows, deps.supervisor, deps.clock.now());
  return withReadiness([...lsb, ...processes], deps, checks);
}
