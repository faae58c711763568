/**
 * Config apply (SPEC 9): a preview from supervisord's own `reloadConfig`, then the update group by group.
 * Files supervisord would refuse stop everything before it begins; a group that fails never holds the
 * others back. See core/config-update for what happens to each process.
 */
import { ConfigError } from '../core/model/config-error.js';
import {
  planUpdate,
  processesToStart,
  sameAnswer,
  type GroupChange,
  type GroupUpdate,
  type ReloadAnswer,
  type UpdatePlan,
} from '../core/plan/config-update.js';
import { supervisordProblems, type HomeFiles } from '../core/home.js';
import { errorText, failed, type ActionResult } from '../core/model/outcomes.js';
import type { ServiceDeps } from '../core/ports.js';
import { maskSecrets } from '../core/model/secrets.js';
import { makeNamespec } from '../core/model/names.js';
import type { ReadinessOptions } from './readiness.js';
import { runServiceAction } from './service-actions.js';

export type UpdatePreview =
  { ok: true; answer: ReloadAnswer; plan: UpdatePlan; unknown: string[] } | { ok: false; problems: string[] };

export interface GroupResult {
  group: string;
  change: GroupChange;
  ok: boolean;
  /** Each process stopped or started on the way. */
  results: ActionResult[];
  /** Why the group's update stopped halfway, when it did. */
  reason?: string;
}

export interface UpdateOptions {
  timeoutMs: number;
  leftoverGraceMs?: number;
  killLeftovers?: boolean;
  readiness?: ReadinessOptions;
  /** Each group's result as soon as it is known. */
  onGroup?: (result: GroupResult) => void;
}

export type UpdateRun = { ok: false; problems: string[] } | { ok: true; plan: UpdatePlan; groups: GroupResult[] };

const NOTHING = 'nothing was applied';

/** What an update would do now, or why it cannot be done (files supervisord would refuse, no daemon). */
export async function previewUpdate(files: HomeFiles, deps: ServiceDeps, only: string[]): Promise<UpdatePreview> {
  const problems = supervisordProblems(files);
  if (problems.length > 0)
    return { ok: false, problems: [...problems, `${NOTHING}: supervisord would refuse these files`] };
  if (!deps.supervisor) return { ok: false, problems: [deps.supervisorProblem ?? 'supervisord config unreadable'] };
  let answer: ReloadAnswer;
  let loaded;
  try {
    answer = await deps.supervisor.reloadConfig();
    loaded = await deps.supervisor.getAllProcessInfo();
  } catch (error) {
    return { ok: false, problems: [`supervisord could not reread its files: ${maskSecrets(errorText(error))}`] };
  }
  const config = files.config instanceof ConfigError ? undefined : files.config;
  const known = new Set([
    ...(config?.groups.map((group) => group.name) ?? []),
    ...loaded.map((info) => info.group),
    ...answer.added,
    ...answer.changed,
    ...answer.removed,
  ]);
  // Groups named that this supervisord does not know are left to the nodes that do (the caller says when none does).
  const unknown = only.filter((group) => !known.has(group));
  const mine = only.filter((group) => known.has(group));
  if (only.length > 0 && mine.length === 0) return { ok: true, answer, plan: { groups: [], unchanged: [] }, unknown };
  return { ok: true, answer, plan: planUpdate(answer, config, loaded, mine), unknown };
}

/** `no such group ...` for the groups that no node knows, when some are named. */
export function unknownGroups(previews: readonly UpdatePreview[], only: readonly string[]): string | undefined {
  const known = (group: string) => previews.some((one) => one.ok && !one.unknown.includes(group));
  const nowhere = only.filter((group) => !known(group));
  return nowhere.length > 0
    ? `no such group in the files or in supervisord: ${nowhere.join(', ')}; ${NOTHING}`
    : undefined;
}

async function loadedIn(supervisor: NonNullable<ServiceDeps['supervisor']>, group: string): Promise<Set<string>> {
  const all = await supervisor.getAllProcessInfo();
  return new Set(all.filter((info) => info.group === group).map((info) => makeNamespec(info.group, info.name)));
}

async function applyGroup(group: GroupUpdate, deps: ServiceDeps, options: UpdateOptions): Promise<GroupResult> {
  const supervisor = deps.supervisor!;
  const results: ActionResult[] = [];
  const end = (reason?: string): GroupResult => {
    const ok = reason === undefined && results.every((one) => one.ok);
    return { group: group.group, change: group.change, ok, results, ...(reason ? { reason } : {}) };
  };
  const { timeoutMs, leftoverGraceMs, killLeftovers, readiness } = options;
  if (group.change !== 'added') {
    if (group.loaded.length > 0) {
      const target = { kind: 'group' as const, name: group.group, processes: group.loaded };
      const grace = leftoverGraceMs !== undefined ? { leftoverGraceMs } : {};
      const stopOptions = { timeoutMs, massive: false, ...grace, killLeftovers: killLeftovers ?? false };
      results.push(...(await runServiceAction('stop', [target], deps, stopOptions)));
      if (results.some((one) => !one.ok)) return end('not stopped: left as it was');
    }
    try {
      await supervisor.removeProcessGroup(group.group);
    } catch (error) {
      return end(`stopped, but supervisord would not remove it: ${errorText(error)}`);
    }
  }
  if (group.change === 'removed') return end();
  try {
    await supervisor.addProcessGroup(group.group);
  } catch (error) {
    return end(`supervisord would not add it: ${errorText(error)}`);
  }
  // Added again, what ran before runs again; supervisord starts the autostart ones itself, and a start
  // asked meanwhile is answered `already started`. Another node's files are not read here: what it no
  // longer holds is not asked for.
  const there = group.filesHere ? undefined : await loadedIn(supervisor, group.group);
  const starting = processesToStart(group)
    .filter((name) => !there || there.has(name))
    .map((name) => ({ kind: 'process' as const, name, group: group.group }));
  if (starting.length > 0)
    results.push(
      ...(await runServiceAction('start', starting, deps, {
        timeoutMs,
        massive: true,
        ...(readiness ? { readiness } : {}),
      })),
    );
  return end();
}

/**
 * Applies the update the preview showed. supervisord is asked again first: when the files changed since
 * the preview, nothing is applied (the operator looks again).
 */
export async function applyUpdate(
  files: HomeFiles,
  deps: ServiceDeps,
  only: string[],
  previewed: ReloadAnswer,
  options: UpdateOptions,
): Promise<UpdateRun> {
  const preview = await previewUpdate(files, deps, only);
  if (!preview.ok) return preview;
  if (!sameAnswer(preview.answer, previewed))
    return { ok: false, problems: [`the files changed since the preview; ${NOTHING}: look again`] };
  const groups = await Promise.all(
    preview.plan.groups.map(async (group) => {
      let result: GroupResult;
      try {
        result = await applyGroup(group, deps, options);
      } catch (error) {
        const reason = `internal error: ${errorText(error)}`;
        result = {
          group: group.group,
          change: group.change,
          ok: false,
          results: [failed(group.group, 'supervisord', 'start', reason)],
          reason,
        };
      }
      options.onGroup?.(result);
      return result;
    }),
  );
  return { ok: true, plan: preview.plan, groups };
}

/** `amqp2engines: changed, 2 restarted`, or the group's first failure. */
export function describeGroupResult(result: GroupResult): string {
  const failure = result.results.find((one) => !one.ok);
  if (!result.ok) {
    const why = [
      ...(failure ? [`${failure.name}: ${failure.reason ?? 'failed'}`] : []),
      ...(result.reason ? [result.reason] : []),
    ];
    return `${result.group}: update failed: ${why.join('; ')}`;
  }
  const started = result.results.filter((one) => one.action === 'start').length;
  const stopped = result.results.filter((one) => one.action === 'stop' && one.outcome === 'stopped').length;
  const parts = [result.change, ...(stopped ? [`${stopped} stopped`] : []), ...(started ? [`${started} started`] : [])];
  return `${result.group}: ${parts.join(', ')}`;
}
