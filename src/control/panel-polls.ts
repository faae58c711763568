/**
 * What the panel asks and when it is worth asking (SPEC 6, 9, 11): supervisord each interval (with what
 * stops left), the restart history only after supervisord said something new, readiness of what runs and
 * has a check, each initscript on its own schedule (one that has not answered is shown hung, never waited
 * for), the journal. Each step reads the state, asks the session and hands the reducer's actions on; the
 * ui only schedules the steps (ui/hooks/use-engine).
 */
import { stagedInitscripts } from '../core/plan/stage-plan.js';
import { failedRuns, type DaemonView } from '../core/report/daemon-view.js';
import { histories, type LogEvent } from '../core/report/restart-history.js';
import { selectRunningNames } from '../core/panel/poll-targets.js';
import type { TuiAction, TuiState } from '../core/panel/tui-state.js';
import { unknownRow, type StatusRow } from '../core/report/status.js';
import type { TuiSession } from './tui-session-api.js';

/** An initscript whose `status` has not answered yet: its state is not known. */
const hungRow = (name: string, ms: number): StatusRow =>
  unknownRow(name, 'lsb', `status has not answered for ${Math.floor(ms / 1000)}s`);

export interface PanelPollsOptions {
  now: () => number;
  /** The initscripts' pace: a script that has not answered within it is shown hung. */
  lsbIntervalMs: number;
  /** The processes on screen: each poll of supervisord asks for them even when its log says nothing changed. */
  onScreen: () => readonly string[];
  /** Told when supervisord answered (the screen says how old its data is). */
  onAnswer: (at: number) => void;
}

export function createPanelPolls(
  session: TuiSession,
  current: () => TuiState,
  dispatch: (action: TuiAction) => void,
  options: PanelPollsOptions,
) {
  // Each failure's last line of log is read once (a process that fails again is read again).
  const linesAsked = new Map<string, string>();
  const readLastLines = (view: DaemonView) => {
    const wanted = failedRuns(view).filter(([name, run]) => linesAsked.get(name) !== run);
    if (wanted.length === 0) return;
    for (const [name, run] of wanted) linesAsked.set(name, run);
    const runs = new Map(wanted);
    void session.readLastLines([...runs.keys()], (name, line) =>
      dispatch({ type: 'last-lines-read', lines: [[name, runs.get(name)!, line]] }),
    );
  };
  let history: { signature: string | undefined; events: LogEvent[] } = { signature: undefined, events: [] };
  const scriptsAsked = new Map<string, number>();

  return {
    async daemon() {
      const poll = await session.pollDaemon(options.onScreen());
      options.onAnswer(options.now());
      dispatch({ type: 'daemon-polled', view: poll.view, pid: poll.pid, startedAt: poll.startedAt });
      readLastLines(poll.view);
      // What stops left running, from any command on this home (a small file and a /proc read per pid).
      dispatch({ type: 'leftovers-polled', leftovers: session.pollLeftovers() });
    },
    // supervisord's main log is read again only after supervisord said something new (a spawn or an exit
    // changes its answer); the hour's window moves regardless.
    async history() {
      const { daemonSignature, daemon } = current();
      if (!daemon?.ok) return;
      if (history.signature !== daemonSignature) {
        const events = await session.readMainLogEvents();
        if (events) history = { signature: daemonSignature, events };
      }
      dispatch({ type: 'history-read', histories: histories(history.events, options.now()) });
    },
    // Only running names with a check are probed, each answer at once; a name no longer running, or whose
    // check was removed from the settings, forgets why it was not ready.
    async readiness() {
      const running = selectRunningNames(current());
      const names = new Set(running.map(([name]) => name));
      const gone = [...current().notReady.keys()].filter((name) => !names.has(name) || !session.hasReadyCheck(name));
      if (gone.length > 0) dispatch({ type: 'ready-polled', answers: gone.map((name) => [name, undefined]) });
      await session.pollReadiness(running, (name, notReady) =>
        dispatch({ type: 'ready-polled', answers: [[name, notReady]] }),
      );
    },
    // Each script asked again once it has answered, never waiting for another.
    async scripts() {
      const { hypcontrol, lsbNames, lsbScripts } = current();
      const now = options.now();
      for (const name of stagedInitscripts(hypcontrol, lsbNames, lsbScripts)) {
        const since = scriptsAsked.get(name);
        if (since !== undefined) {
          if (now - since >= options.lsbIntervalMs)
            dispatch({ type: 'lsb-polled', rows: [hungRow(name, now - since)] });
          continue;
        }
        scriptsAsked.set(name, now);
        const answered = () => void scriptsAsked.delete(name);
        session
          .pollInitscripts([name], (row) => dispatch({ type: 'lsb-polled', rows: [row] }))
          .then(answered, answered);
      }
    },
    // Another terminal's action shows here within a second (SPEC 9).
    async journal() {
      const { entries, others } = session.pollJournal();
      if (entries.length > 0) dispatch({ type: 'journal-read', entries, others, now: options.now() });
    },
  };
}
