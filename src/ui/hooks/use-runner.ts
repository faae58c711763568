/** Runs what the operator asked for: a row action or a platform action, marking rows in flight meanwhile. */
import { useCallback, type Dispatch } from 'react';
import type { PlatformEvent } from '../../control/platform.js';
import {
  INFLIGHT_LABEL,
  platformEnd,
  platformEventActions,
  readinessAnswers,
  rowsOfGroups,
  updateScreenOf,
} from '../../control/panel-run.js';
import type { TuiSession } from '../../control/tui-session-api.js';
import { resultMessage } from '../../core/panel/result-message.js';
import {
  failedRunsOf,
  panelNaming,
  type ActionRequest,
  type Message,
  type TuiAction,
  type TuiState,
  type UpdateScreen,
  type Verb,
} from '../../core/panel/tui-state.js';
import { describeGroupResult } from '../../control/config-update.js';

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
    const onEvent = (event: PlatformEvent) => {
      platformEventActions(event, panelNaming(state)).forEach(dispatch);
      if (event.type === 'service-end') pollNow();
    };
    const outcome = await session.runPlatform(verb, new AbortController().signal, onEvent);
    dispatch(platformEnd(verb, outcome, now() - began, panelNaming(state)));
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
      dispatch({ type: 'inflight', keys: [request.rowKey], label: INFLIGHT_LABEL[request.verb] });
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
          const name = panelNaming(current());
          dispatch({ type: 'ready-polled', answers: readinessAnswers(results, name) });
          dispatch({ type: 'leftovers-polled', leftovers: session.pollLeftovers() });
          ended(resultMessage(request, results, name));
        },
        (error: unknown) =>
          ended({ level: 'error', text: `${request.verb} ${request.name}: ${(error as Error).message}` }),
      );
    },
    [session, current, dispatch, pollNow, now],
  );
}

/** `u`: asks supervisord what an update would do, for the update screen. */
export async function previewUpdate(
  session: TuiSession,
  state: TuiState,
  dispatch: Dispatch<TuiAction>,
): Promise<void> {
  let preview: UpdateScreen;
  try {
    preview = updateScreenOf(await session.previewUpdate(), panelNaming(state), failedRunsOf(state));
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
  const name = panelNaming(state);
  const keys = rowsOfGroups(state, apply.groups, name);
  dispatch({ type: 'inflight', keys, label: 'updating...' });
  dispatch({ type: 'message', message: { level: 'info', text: `update: ${apply.groups.join(', ')}...` } });
  const said: string[] = [];
  let message: Message;
  try {
    const runs = await session.applyUpdate(apply.answers, (node, group) => {
      said.push(describeGroupResult({ ...group, group: name(group.group, node) }));
      pollNow();
    });
    const problems = runs.flatMap(({ run }) => (run.ok ? [] : run.problems));
    const failed = problems.length > 0 || runs.some(({ run }) => run.ok && run.groups.some((group) => !group.ok));
    message = { level: failed ? 'error' : 'ok', text: `update: ${[...said, ...problems].join('; ')}` };
  } catch (error) {
    message = { level: 'error', text: `update: ${(error as Error).message}` };
  }
  dispatch({ type: 'inflight', keys, label: undefined });
  dispatch({ type: 'message', message });
  pollNow();
}
