/**
 * A run from the panel as the panel's state sees it (SPEC 6, 11): a platform run's events and end, a row
 * action's readiness answers, an update's rows, each turned into the reducer's actions. Pure: the ui hook
 * (ui/hooks/use-runner) only starts the run and dispatches what this says.
 */
import { failureText, firstFailed, type PlatformEvent, type PlatformOutcome } from './platform.js';
import type { NameOnNode } from '../core/report/node-names.js';
import { splitNamespec } from '../core/model/names.js';
import { describePlan } from '../core/plan/config-update.js';
import type { NodeUpdatePreview } from './tui-session-api.js';
import { stageLabel } from '../core/plan/stage-plan.js';
import type { RowVerb, TuiAction, TuiState, UpdateScreen, Verb } from '../core/panel/tui-state.js';
import type { NodeTarget } from '../core/plan/node-resolver.js';
import type { NodeResult } from '../core/panel/node-views.js';

/** What results say of readiness, for the rows at once (not at the next readiness poll), by the name shown. */
export function readinessAnswers(
  results: readonly NodeResult[],
  name: NameOnNode,
): Array<[string, string | undefined]> {
  return results.flatMap((result): Array<[string, string | undefined]> => {
    if (result.action !== 'start') return [];
    const key = name(result.name, result.node);
    if (result.ok && result.readyAfterMs !== undefined) return [[key, undefined]];
    return result.notReady !== undefined ? [[key, result.notReady]] : [];
  });
}

/** The label of a row in flight, by what is done to it. */
export const INFLIGHT_LABEL: Record<RowVerb | 'stop-phase', string> = {
  start: 'starting...',
  stop: 'stopping...',
  restart: 'restarting...',
  kill: 'killing...',
  'stop-phase': 'stopping...',
};

/** What the panel's state takes of a platform run's event: its stage's progress, rows in flight, readiness. */
export function platformEventActions(event: PlatformEvent, name: NameOnNode): TuiAction[] {
  switch (event.type) {
    case 'stage-begin':
      return [
        { type: 'platform-stage', stage: event.stage, progress: { state: 'running' } },
        {
          type: 'inflight',
          keys: event.services.map((service) => `${event.stage}:${service.operand}`),
          label: INFLIGHT_LABEL[event.verb],
        },
      ];
    case 'service-end':
      return [
        { type: 'inflight', keys: [`${event.stage}:${event.outcome.operand}`], label: undefined },
        {
          type: 'ready-polled',
          answers: readinessAnswers(
            event.outcome.results.map((result) => ({ ...result, node: event.outcome.node })),
            name,
          ),
        },
      ];
    case 'stage-end': {
      const progress = { state: event.ok ? ('ok' as const) : ('KO' as const), elapsedMs: event.elapsedMs };
      return [{ type: 'platform-stage', stage: event.stage, progress }];
    }
    case 'daemon': {
      const text = `supervisord: ${event.phase}${event.reason ? `: ${event.reason}` : ''}`;
      return [{ type: 'message', message: { level: event.phase === 'failed' ? 'error' : 'info', text } }];
    }
    default:
      return [];
  }
}

/**
 * How a platform run ended, as the reducer's explicit end and the message that says it. `elapsedMs` is
 * the whole run's, from the key to its end: a restart's stop phase counts too (SPEC 11).
 */
export function platformEnd(
  verb: Verb,
  outcome: PlatformOutcome | { error: string },
  elapsedMs: number,
  name: NameOnNode,
): Extract<TuiAction, { type: 'platform-end' }> {
  if ('error' in outcome)
    return {
      type: 'platform-end',
      end: 'failed',
      message: { level: 'error', text: `hypcontrol ${verb}: ${outcome.error}` },
    };
  if (outcome.aborted)
    return {
      type: 'platform-end',
      end: 'aborted',
      message: { level: 'error', text: `hypcontrol ${verb}: interrupted` },
    };
  const failed = firstFailed(outcome);
  const failedStage = failed?.stage ?? outcome.stages.find((stage) => !stage.ok)?.name;
  const why = (failed && failureText(failed.service, name)) ?? outcome.daemonProblem ?? 'see the panels';
  const text = outcome.ok
    ? `hypcontrol ${verb}: done in ${(elapsedMs / 1000).toFixed(1)}s`
    : `hypcontrol ${verb} failed${failedStage ? ` at ${stageLabel(failedStage)}` : ''}: ${why}`;
  return {
    type: 'platform-end',
    end: outcome.ok ? 'ok' : 'failed',
    message: { level: outcome.ok ? 'ok' : 'error', text },
  };
}

/** The keys of the rows an update of these groups (as `name` shows them, on their node) touches. */
export function rowsOfGroups(state: TuiState, groups: readonly string[], name: NameOnNode): string[] {
  const touched = (target: NodeTarget) =>
    target.kind !== 'lsb' && groups.includes(name(target.kind === 'process' ? target.group : target.name, target.node));
  return state.panels
    .flatMap((panel) => panel.rows)
    .filter((row) => row.targets.some(touched))
    .map((row) => row.key);
}

/**
 * The update screen of the nodes' previews: each node's plan or problems (under its name and address when
 * the home has several), and what `y` applies: each node's answer that changes something, by group.
 */
export function updateScreenOf(
  previews: readonly NodeUpdatePreview[],
  name: NameOnNode,
  failed: ReadonlyArray<{ node: string; name: string; key: string }> = [],
): UpdateScreen {
  const several = previews.length > 1;
  const lines = previews.flatMap(({ label, preview }) => {
    const own = preview.ok ? describePlan(preview.plan) : preview.problems;
    return several ? [`${label}:`, ...own.map((line) => `  ${line}`)] : own;
  });
  const changing = previews.flatMap(({ node, preview }) =>
    preview.ok && preview.plan.groups.length > 0 ? [{ node, answer: preview.answer, plan: preview.plan }] : [],
  );
  const answers = changing.map(({ node, answer }) => ({ node, answer }));
  // A failed process whose group the update leaves alone stays as it is: the update is not a restart.
  const touched = new Set(
    changing.flatMap(({ node, plan }) => plan.groups.map((group) => `${node}\u0000${group.group}`)),
  );
  const untouched = failed.filter((one) => !touched.has(`${one.node}\u0000${splitNamespec(one.name).group}`));
  const stays = untouched.length
    ? [
        '',
        'Failed, and not touched by this update (it stays stopped; r restarts it):',
        ...untouched.map((one) => `  ${one.key}`),
      ]
    : [];
  const groups = changing.flatMap(({ node, plan }) => plan.groups.map((group) => name(group.group, node)));
  return { lines: [...lines, ...stays], apply: answers.length > 0 ? { answers, groups } : undefined };
}
