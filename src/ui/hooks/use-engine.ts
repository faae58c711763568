/** Feeds the state from the session: files (re-read on every change under ~/etc), supervisord, initscripts. */
import { useEffect, useRef, type Dispatch } from 'react';
import type { TuiSession } from '../../control/tui-session.js';
import { stagedInitscripts } from '../../core/plan/stage-plan.js';
import type { DaemonView } from '../../core/report/daemon-view.js';
import { histories, type LogEvent } from '../../core/report/restart-history.js';
import { failedRuns } from '../../core/report/daemon-view.js';
import { selectRunningNames } from '../../core/panel/poll-targets.js';
import type { TuiAction, TuiState } from '../../core/panel/tui-state.js';
import { unknownRow, type StatusRow } from '../../core/report/status.js';
import { useLoop } from './use-loop.js';

const JOURNAL_INTERVAL_MS = 500;

/** An initscript whose `status` has not answered yet: its state is not known. */
const hungRow = (name: string, ms: number): StatusRow =>
  unknownRow(name, 'lsb', `status has not answered for ${Math.floor(ms / 1000)}s`);

export interface EngineTimings {
  intervalMs: number;
  lsbIntervalMs: number;
  now: () => number;
}

/** Starts the loops; returns `pollNow`, which asks supervisord and the initscripts again at once. */
export function useEngine(
  session: TuiSession,
  current: () => TuiState,
  dispatch: Dispatch<TuiAction>,
  timings: EngineTimings,
  lastAnswer: { current: number | undefined },
  onScreen: { current: readonly string[] } = { current: [] },
): () => void {
  // Each failure's last line of log is read once (a process that fails again is read again).
  const linesAsked = useRef(new Map<string, string>());
  const readLastLines = (view: DaemonView) => {
    const wanted = failedRuns(view).filter(([name, run]) => linesAsked.current.get(name) !== run);
    if (wanted.length === 0) return;
    for (const [name, run] of wanted) linesAsked.current.set(name, run);
    const runs = new Map(wanted);
    void session.readLastLines([...runs.keys()], (name, line) =>
      dispatch({ type: 'last-lines-read', lines: [[name, runs.get(name)!, line]] }),
    );
  };

  const pollDaemon = useLoop(async () => {
    const poll = await session.pollDaemon(onScreen.current);
    lastAnswer.current = timings.now();
    dispatch({ type: 'daemon-polled', view: poll.view, pid: poll.pid, startedAt: poll.startedAt });
    readLastLines(poll.view);
    // What stops left running, from any command on this home (a small file and a /proc read per pid).
    dispatch({ type: 'leftovers-polled', leftovers: session.pollLeftovers() });
  }, timings.intervalMs);

  // Restart history at the initscripts' pace: supervisord's main log is read again only after supervisord
  // said something new (a spawn or an exit changes the daemon's answer); the hour's window moves regardless.
  const history = useRef<{ signature: string | undefined; events: LogEvent[] }>({ signature: undefined, events: [] });
  const pollHistory = useLoop(async () => {
    const { daemonSignature, daemon } = current();
    if (!daemon?.ok) return;
    if (history.current.signature !== daemonSignature) {
      const events = await session.readMainLogEvents();
      if (events) history.current = { signature: daemonSignature, events };
    }
    dispatch({ type: 'history-read', histories: histories(history.current.events, timings.now()) });
  }, timings.lsbIntervalMs);

  // Readiness at the initscripts' pace: only running names with a check are probed, each answer at once;
  // a name no longer running, or whose check was removed from the settings, forgets why it was not ready.
  const pollReadiness = useLoop(async () => {
    const running = selectRunningNames(current());
    const names = new Set(running.map(([name]) => name));
    const gone = [...current().notReady.keys()].filter((name) => !names.has(name) || !session.hasReadyCheck(name));
    if (gone.length > 0) dispatch({ type: 'ready-polled', answers: gone.map((name) => [name, undefined]) });
    await session.pollReadiness(running, (name, notReady) =>
      dispatch({ type: 'ready-polled', answers: [[name, notReady]] }),
    );
  }, timings.lsbIntervalMs);

  // Each script on its own schedule: asked again once it has answered, never waiting for another; one
  // whose status has not answered within an interval shows as hung, and the others stay true (SPEC 11).
  const scriptsAsked = useRef(new Map<string, number>());
  const pollScripts = useLoop(async () => {
    const { hypcontrol, lsbNames, lsbScripts } = current();
    const now = timings.now();
    const asked = scriptsAsked.current;
    for (const name of stagedInitscripts(hypcontrol, lsbNames, lsbScripts)) {
      const since = asked.get(name);
      if (since !== undefined) {
        if (now - since >= timings.lsbIntervalMs) dispatch({ type: 'lsb-polled', rows: [hungRow(name, now - since)] });
        continue;
      }
      asked.set(name, now);
      const answered = () => void asked.delete(name);
      session.pollInitscripts([name], (row) => dispatch({ type: 'lsb-polled', rows: [row] })).then(answered, answered);
    }
  }, timings.lsbIntervalMs);

  // The action journal, twice a second: another terminal's action shows here within a second (SPEC 9).
  useLoop(async () => {
    const { entries, others } = session.pollJournal();
    if (entries.length > 0) dispatch({ type: 'journal-read', entries, others, now: timings.now() });
  }, JOURNAL_INTERVAL_MS);

  // Files first; then ask again at once, since the names to ask about may have changed.
  useEffect(() => {
    const read = () => {
      dispatch({ type: 'home-read', ...session.readHome() });
      pollDaemon();
      pollScripts();
      pollReadiness();
      pollHistory();
    };
    read();
    return session.watch(read);
  }, [session, dispatch, pollDaemon, pollScripts, pollReadiness, pollHistory]);

  return () => {
    pollDaemon();
    pollScripts();
    pollReadiness();
  };
}
