/** Runs what the operator asked for: a row action or a platform action, marking rows in flight meanwhile. */
import { useCallback, type Dispatch } from 'react';
import { failureText, firstFailed, type PlatformEvent, type PlatformOutcome } from '../../control/platform.js';
import { nodeNaming, type NameOnNode } from '../../core/report/node-names.js';
import type { TuiSession } from '../../control/tui-session.js';
import { resultMessage } from '../../core/panel/result-message.js';
import { stageLabel } from '../../core/plan/stage-plan.js';
import type { ActionResult } from '../../core/model/outcomes.js';
import type {
  ActionRequest,
  Message,
  RowVerb,
  TuiAction,
  TuiState,
  UpdateScreen,
  Verb,
} from '../../core/panel/tui-state.js';
import { describePlan } from '../../core/plan/config-update.js';
import type { Target } from '../../core/plan/resolver.js';
import { describeGroupResult } from '../../control/config-update.js';

/** What results say of readiness, for the rows at once (not at the next readiness poll). */
function readinessAnswers(results: readonly ActionResult[]): Array<[string, string | undefined]> {
  return results.flatMap((result): Array<[string, string | undefined]> => {
    if (result.action !== 'start') return [];
    if (result.ok && result.readyAfterMs !== undefined) return [[result.name, undefined]];
    return result.notReady !== undefined ? [[result.name, result.notReady]] : [];
  });
}

const LABEL: Record<RowVerb | 'stop-phase', string> = {
  start: 'starting...',
  stop: 'stopping...',
  restart: 'restarting...',
  kill: 'killing...',
  'stop-phase': 'stopping...',
};

function platformHandler(dispatch: Dispatch<TuiAction>, pollNow: () => void): (event: PlatformEvent) => void {
  return (event) => {
    if (event.type === 'stage-begin') {
      dispatch({ type: 'platform-stage', stage: event.stage, progress: { state: 'running' } });
      dispatch({
        type: 'inflight',
        keys: event.services.map((service) => `${event.stage}:${service.operand}`),
        label: LABEL[event.verb],
      });
    } else if (event.type === 'service-end') {
      dispatch({ type: 'inflight', keys: [`${event.stage}:${event.outcome.operand}`], label: undefined });
      dispatch({ type: 'ready-polled', answers: readinessAnswers(event.outcome.results) });
      pollNow();
    } else if (event.type === 'stage-end') {
      dispatch({
        type: 'platform-stage',
        stage: event.stage,
        progress: { state: event.ok ? 'ok' : 'KO', elapsedMs: event.elapsedMs },
      });
    } else if (event.type === 'daemon') {
      dispatch({
        type: 'message',
        message: {
          level: event.phase === 'failed' ? 'error' : 'info',
          text: `supervisord: ${event.phase}${event.reason ? `: ${event.reason}` : ''}`,
        },
      });
    }
  };
}

/**
 * How a platform run ended, as the reducer's explicit end and the message that says it. `elapsedMs` is
 * the whole run's, from the key to its end: a restart's stop phase counts too (SPEC 11).
 */
function platformEnd(
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

async function runPlatform(
  verb: Verb,
  session: TuiSession,
  state: TuiState,
  dispatch: Dispatch<TuiAction>,
  { pollNow, now }: { pollNow: () => void; now: () => number },
): Promise<void> {
  const stages = (state.hypcontrol?.stages ?? []).map((stage) => stage.name);
  dispatch({ type: 'platform-begin', verb, stages });
  dispatch({ type: 'message', message: { level: 'info', text: `hypcontrol ${verb}...` } });
  const began = now();
  try {
    const outcome = await session.runPlatform(verb, new AbortController().signal, platformHandler(dispatch, pollNow));
    // The panel names a process on its node as its rows do: by the nodes its daemon view spans.
    const name = nodeNaming(state.daemon?.ok ? (state.daemon.nodes?.length ?? 1) : 1);
    dispatch(platformEnd(verb, outcome, now() - began, name));
  } catch (error) {
    // Errors are results: a run that threw still ends, and the panel is never left thinking it runs.
    dispatch({
      type: 'platform-end',
      end: 'threw',
      message: { level: 'error', text: `hypcontrol ${verb}: ${(error as Error).message}` },
    });
  }
  pollNow();
}

/** Returns `run(request)`; a request for a row already in flight is refused by decideCommand before this. */
export function useRunner(
  session: TuiSession,
  current: () => TuiState,
  dispatch: Dispatch<TuiAction>,
  pollNow: () => void,
  now: () => number,
): (request: ActionRequest) => void {
  return useCallback(
    (request: ActionRequest) => {
      if (request.scope === 'platform') {
        void runPlatform(request.verb, session, current(), dispatch, { pollNow, now });
        return;
      }
      dispatch({ type: 'inflight', keys: [request.rowKey], label: LABEL[request.verb] });
      dispatch({
        type: 'message',
        message: { level: 'info', text: `${request.massive ? 'massive ' : ''}${request.verb} ${request.name}...` },
      });
      // Errors are results: an adapter that throws ends the action with its reason, never a row stuck in flight.
      const ended = (message: Message) => {
        dispatch({ type: 'inflight', keys: [request.rowKey], label: undefined });
        dispatch({ type: 'message', message });
        pollNow();
      };
      session.act(request).then(
        (results) => {
          dispatch({ type: 'ready-polled', answers: readinessAnswers(results) });
          dispatch({ type: 'leftovers-polled', leftovers: session.pollLeftovers() });
          ended(resultMessage(request, results));
        },
        (error: unknown) =>
          ended({ level: 'error', text: `${request.verb} ${request.name}: ${(error as Error).message}` }),
      );
    },
    [session, current, dispatch, pollNow, now],
  );
}

/** The keys of the rows an update of these groups touches. */
function rowsOfGroups(state: TuiState, groups: readonly string[]): string[] {
  const touched = (target: Target) =>
    target.kind !== 'lsb' && groups.includes(target.kind === 'process' ? target.group : target.name);
  return state.panels
    .flatMap((panel) => panel.rows)
    .filter((row) => row.targets.some(touched))
    .map((row) => row.key);
}

/** `u`: asks supervisord what an update would do, for the update screen. */
export async function previewUpdate(session: TuiSession, dispatch: Dispatch<TuiAction>): Promise<void> {
  let preview: UpdateScreen;
  try {
    const answer = await session.previewUpdate();
    const groups = answer.ok ? answer.plan.groups.map((group) => group.group) : [];
    preview = answer.ok
      ? { lines: describePlan(answer.plan), apply: groups.length > 0 ? { answer: answer.answer, groups } : undefined }
      : { lines: answer.problems, apply: undefined };
  } catch (error) {
    preview = { lines: [`cannot preview: ${(error as Error).message}`], apply: undefined };
  }
  dispatch({ type: 'update-previewed', preview });
}

/** `y` on the update screen: applies it, the touched rows in flight, each group's result in the message. */
export async function applyUpdate(
  session: TuiSession,
  state: TuiState,
  apply: NonNullable<UpdateScreen['apply']>,
  dispatch: Dispatch<TuiAction>,
  pollNow: () => void,
): Promise<void> {
  const keys = rowsOfGroups(state, apply.groups);
  dispatch({ type: 'inflight', keys, label: 'updating...' });
  dispatch({ type: 'message', message: { level: 'info', text: `update: ${apply.groups.join(', ')}...` } });
  const said: string[] = [];
  let message: Message;
  try {
    const run = await session.applyUpdate(apply.answer, (group) => {
      said.push(describeGroupResult(group));
      pollNow();
    });
    const failed = run.ok ? run.groups.some((group) => !group.ok) : true;
    message = { level: failed ? 'error' : 'ok', text: `update: ${run.ok ? said.join('; ') : run.problems.join('; ')}` };
  } catch (error) {
    message = { level: 'error', text: `update: ${(error as Error).message}` };
  }
  dispatch({ type: 'inflight', keys, label: undefined });
  dispatch({ type: 'message', message });
  pollNow();
}
