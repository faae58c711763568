/**
 * One control engine per supervisord (with its home's initscripts): everything `service`, `hypcontrol`
 * and the panel ask of it, over the ports it was built with. Every failure comes back as a result: an
 * unexpected throw underneath becomes the failure of what it concerned, never an exception out of here.
 */
import type { Catalog } from '../core/plan/catalog.js';
import type { DaemonView } from '../core/report/daemon-view.js';
import type { HomeFiles } from '../core/home.js';
import { errorText, failed, type ActionResult } from '../core/model/outcomes.js';
import { summarize, type ActionRecord } from '../core/report/journal.js';
import { targetProcesses, type Target } from '../core/plan/resolver.js';
import type { ReadyChecks } from '../core/plan/readiness.js';
import type { PlannedStage } from '../core/plan/stage-plan.js';
import { unknownRow, type StatusRow } from '../core/report/status.js';
import { killLeftovers } from './leftovers.js';
import {
  applyUpdate,
  previewUpdate,
  type GroupResult,
  type UpdateOptions,
  type UpdatePreview,
  type UpdateRun,
} from './config-update.js';
import type { ReloadAnswer } from '../core/plan/config-update.js';
import { platformRunBeside } from './platform-lock.js';
import { readPlatformStatus, type StageStatus } from './platform-status.js';
import { runServiceAction, type ActionOptions, type ServiceAction, type ServiceDeps } from './service-actions.js';
import { readProcessesView, readTargetStatus, takeSnapshot, type Snapshot } from './service-status.js';

export interface ControlEngine {
  readonly deps: ServiceDeps;
  /** One getAllProcessInfo, and the catalog it and the files make together. */
  snapshot(files: HomeFiles): Promise<Snapshot>;
  /** What supervisord says of just these processes (a few: one small call each). */
  viewOf(namespecs: string[]): Promise<DaemonView>;
  /** Rows for the targets; running ones with checks are checked for readiness. */
  status(
    targets: Target[],
    view: DaemonView,
    catalog: Catalog,
    timeoutMs: number,
    checks?: ReadyChecks,
  ): Promise<StatusRow[]>;
  platformStatus(
    plan: PlannedStage[],
    view: DaemonView,
    catalog: Catalog,
    timeoutMs: number,
    checks?: ReadyChecks,
  ): Promise<StageStatus[]>;
  act(action: ServiceAction, targets: Target[], options: ActionOptions): Promise<ActionResult[]>;
  /** Kills what stops of these targets' processes left running (`K`), and nothing else. */
  killLeftovers(targets: Target[], graceMs: number): Promise<ActionResult[]>;
  /** What `reloadConfig` says changed, limited to `only` groups when named, and what an update does to each process. */
  previewUpdate(files: HomeFiles, only: string[]): Promise<UpdatePreview>;
  /** Applies it, unless the files changed since `previewed` (SPEC 9). */
  applyUpdate(files: HomeFiles, only: string[], previewed: ReloadAnswer, options: UpdateOptions): Promise<UpdateRun>;
}

const nameOnly = (target: string) => target;

const why = (error: unknown) => `internal error: ${errorText(error)}`;

/** Every name the targets cover, with its kind. */
function targetNames(targets: Target[]): Array<{ name: string; kind: ActionResult['kind'] }> {
  const lsb = targets.filter((t) => t.kind === 'lsb').map((t) => ({ name: t.name, kind: 'lsb' as const }));
  return [...lsb, ...targetProcesses(targets).map((name) => ({ name, kind: 'supervisord' as const }))];
}

/** `named`: how the journal names a target on this engine's node (core/report/node-names decides). */
export function createControlEngine(deps: ServiceDeps, named: (target: string) => string = nameOnly): ControlEngine {
  /** Appends what was done to the journal; a journal that cannot be written is said, never fatal. */
  const journal = (record: ActionRecord, onNotice?: (line: string) => void) => {
    const targets = record.targets.map(named);
    const problem = deps.journal?.record({ ...record, targets });
    if (problem) onNotice?.(`journal: ${problem}`);
  };
  const since = (started: number) => deps.clock.now() - started;
  return {
    deps,
    snapshot: (files) => takeSnapshot({ files, deps }),
    viewOf: (namespecs) => readProcessesView(deps.supervisor, deps.supervisorProblem, namespecs),
    async status(targets, view, catalog, timeoutMs, checks) {
      try {
        return await readTargetStatus(targets, view, catalog, deps, timeoutMs, checks);
      } catch (error) {
        return targetNames(targets).map(({ name, kind }) => unknownRow(name, kind, why(error)));
      }
    },
    platformStatus: (plan, view, catalog, timeoutMs, checks) =>
      readPlatformStatus(plan, view, catalog, deps, timeoutMs, checks),
    async act(action, targets, options) {
      const started = deps.clock.now();
      let results: ActionResult[];
      const failAll = (reason: string) => {
        const verb = action === 'stop' ? 'stop' : 'start';
        const all = targetNames(targets).map(({ name, kind }) => failed(name, kind, verb, reason));
        all.forEach((result) => options.onResult?.(result));
        return all;
      };
      // While a platform run holds the home, an action beside it would undo it or be undone (SPEC 11).
      const beside = platformRunBeside(deps);
      try {
        results = beside ? failAll(beside) : await runServiceAction(action, targets, deps, options);
      } catch (error) {
        results = failAll(why(error));
      }
      const record = {
        action: `${options.massive ? 'm' : ''}${action}`,
        targets: targets.map((target) => target.name),
        durationMs: since(started),
      };
      journal({ ...record, ...summarize(results, options.interrupted?.aborted) }, options.onNotice);
      return results;
    },
    async killLeftovers(targets, graceMs) {
      const started = deps.clock.now();
      let results: ActionResult[];
      try {
        results = await killLeftovers(deps, targetProcesses(targets), { graceMs, kill: true });
      } catch (error) {
        results = targetProcesses(targets).map((name) => failed(name, 'supervisord', 'stop', why(error)));
      }
      journal({
        action: 'kill-leftovers',
        targets: targets.map((target) => target.name),
        durationMs: since(started),
        ...summarize(results),
      });
      return results;
    },
    async previewUpdate(files, only) {
      try {
        return await previewUpdate(files, deps, only);
      } catch (error) {
        return { ok: false, problems: [why(error)] };
      }
    },
    async applyUpdate(files, only, previewed, options) {
      const started = deps.clock.now();
      let run: UpdateRun;
      try {
        run = await applyUpdate(files, deps, only, previewed, options);
      } catch (error) {
        run = { ok: false, problems: [why(error)] };
      }
      const targets = run.ok ? run.groups.map((group) => group.group) : only;
      if (run.ok && run.groups.length === 0) return run;
      const whyNot = (group: GroupResult) => group.reason ?? group.results.find((one) => !one.ok)?.reason ?? 'failed';
      const failures = run.ok
        ? run.groups.filter((group) => !group.ok).map((group) => `${group.group}: ${whyNot(group)}`)
        : run.problems;
      const outcome =
        failures.length > 0 ? { outcome: 'failed' as const, reason: failures.join('; ') } : { outcome: 'ok' as const };
      journal({ action: 'update', targets, durationMs: since(started), ...outcome });
      return run;
    },
  };
}
