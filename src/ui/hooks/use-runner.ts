/** Runs what the operator asked for: a row action or a platform action, marking rows in flight meanwhile. */
import { useCallback, type Dispatch } from 'react';
import type { PlatformEvent } from '../../control/platform.js';
import type { TuiSession } from '../../control/tui-session.js';
import { resultMessage } from '../../core/commands.js';
import { stageLabel } from '../../core/stage-plan.js';
import type { ActionRequest, TuiAction, TuiState, Verb } from '../../core/tui-state.js';

const LABEL: Record<Verb | 'stop-phase', string> = { start: 'starting...', stop: 'stopping...', restart: 'restarting...', 'stop-phase': 'stopping...' };

function platformHandler(dispatch: Dispatch<TuiAction>, pollNow: () => void): (event: PlatformEvent) => void {
  return (event) => {
    if (event.type === 'stage-begin') {
      dispatch({ type: 'platform-stage', stage: event.stage, progress: { state: 'running' } });
      dispatch({ type: 'inflight', keys: event.services.map((name) => `${event.stage}:${name}`), label: LABEL[event.verb] });
    } else if (event.type === 'service-end') {
      dispatch({ type: 'inflight', keys: [`${event.stage}:${event.outcome.operand}`], label: undefined });
      pollNow();
    } else if (event.type === 'stage-end') {
      dispatch({ type: 'platform-stage', stage: event.stage, progress: { state: event.ok ? 'ok' : 'KO', elapsedMs: event.elapsedMs } });
    } else if (event.type === 'daemon') {
      dispatch({ type: 'message', message: { level: event.phase === 'failed' ? 'error' : 'info', text: `supervisord: ${event.phase}${event.reason ? `: ${event.reason}` : ''}` } });
    }
  };
}

async function runPlatform(verb: Verb, session: TuiSession, state: TuiState, dispatch: Dispatch<TuiAction>, pollNow: () => void): Promise<void> {
  const stages = (state.hypcontrol?.stages ?? []).map((stage) => stage.name);
  dispatch({ type: 'platform-begin', verb, stages });
  dispatch({ type: 'message', message: { level: 'info', text: `hypcontrol ${verb}...` } });
  const outcome = await session.runPlatform(verb, new AbortController().signal, platformHandler(dispatch, pollNow));
  if ('error' in outcome) {
    dispatch({ type: 'platform-begin', verb, stages: [] });
    dispatch({ type: 'message', message: { level: 'error', text: `hypcontrol ${verb}: ${outcome.error}` } });
    return;
  }
  const failedStage = outcome.stages.find((stage) => !stage.ok);
  const failure = failedStage?.services.find((service) => !service.ok);
  const text = outcome.ok
    ? `hypcontrol ${verb}: done in ${(outcome.stages.reduce((sum, stage) => sum + stage.elapsedMs, 0) / 1000).toFixed(1)}s`
    : `hypcontrol ${verb} failed${failedStage ? ` at ${stageLabel(failedStage.name)}` : ''}: ${failure?.reason ?? outcome.daemonProblem ?? 'see the panels'}`;
  dispatch({ type: 'message', message: { level: outcome.ok ? 'ok' : 'error', text } });
  pollNow();
}

/** Returns `run(request)`; a request for a row already in flight is refused by decideCommand before this. */
export function useRunner(session: TuiSession, current: () => TuiState, dispatch: Dispatch<TuiAction>, pollNow: () => void): (request: ActionRequest) => void {
  return useCallback(
    (request: ActionRequest) => {
      if (request.scope === 'platform') {
        void runPlatform(request.verb, session, current(), dispatch, pollNow);
        return;
      }
      dispatch({ type: 'inflight', keys: [request.rowKey], label: LABEL[request.verb] });
      dispatch({ type: 'message', message: { level: 'info', text: `${request.massive ? 'massive ' : ''}${request.verb} ${request.name}...` } });
      void session.act(request).then((results) => {
        dispatch({ type: 'inflight', keys: [request.rowKey], label: undefined });
        dispatch({ type: 'message', message: resultMessage(request, results) });
        pollNow();
      });
    },
    [session, current, dispatch, pollNow],
  );
}
