/**
 * What the panel asks and when it is worth asking (SPEC 6, 9, 11): supervisord each interval (with what
 * stops left), the restart history only after supervisord said something new, readiness of what runs and
 * has a check, each initscript on its own schedule (one that has not answered is shown hung, never waited
 * for), the journal. Each step reads the state, asks the session and hands the reducer's actions on; the
 * ui only schedules the steps (ui/hooks/use-engine).
 */
import { histories, type LogEvent } from '../core/report/restart-history.js';
import { selectRunningNames } from '../core/panel/poll-targets.js';
import { failedRunsOf, panelNaming, type TuiAction, type TuiState } from '../core/panel/tui-state.js';
import { unknownRow } from '../core/report/status.js';
import type { NodeRow } from '../core/panel/node-views.js';
import type { NodeLogEvent, OnNode, TuiSession } from './tui-session-api.js';

/** An initscript whose `status` has not answered yet: its state is not known. */
const hungRow = (node: string, name: string, ms: number): NodeRow => ({
  node,
  row: unknownRow(name, 'lsb', `status has not answered for ${Math.floor(ms / 1000)}s`),
});

export interface PanelPollsOptions {
  now: () => number;
  /** The initscripts' pace: a script that has not answered within it is shown hung. */
  lsbIntervalMs: number;
  /** The processes on screen: each poll of supervisord asks for them even when its log says nothing changed. */
  onScreen: () => readonly OnNode[];
  /** Told when supervisord answered (the screen says how old its data is). */
  onAnswer: (at: number) => void;
}

/** How many times a failure's last lines are read while none are found. */
const LINE_READS = 3;

export function createPanelPolls(
  session: TuiSession,
  current: () => TuiState,
  dispatch: (action: TuiAction) => void,
  options: PanelPollsOptions,
) {
  // Each failure's last line of log is read once (a process that fails again is read again); a read that
  // found no line (supervisord had not written it yet, or did not answer) is made again at the next polls,
  // LINE_READS times at most.
  const linesAsked = new Map<string, { run: string; reads: number; found: boolean; reading: boolean }>();
  const readLastLines = () => {
    const wanted = failedRunsOf(current()).filter(({ key, run }) => {
      const asked = linesAsked.get(key);
      return asked?.run !== run || (!asked.found && !asked.reading && asked.reads < LINE_READS);
    });
    if (wanted.length === 0) return;
    for (const { key, run } of wanted) {
      const before = linesAsked.get(key);
      linesAsked.set(key, { run, reads: before?.run === run ? before.reads + 1 : 1, found: false, reading: true });
    }
    const mark = (key: string, run: string, change: { found?: boolean; reading?: boolean }) => {
      const asked = linesAsked.get(key);
      if (asked?.run === run) linesAsked.set(key, { ...asked, ...change });
    };
    void session
      .readLastLines(wanted, ({ key, run }, line) => {
        mark(key, run, { found: true });
        dispatch({ type: 'last-lines-read', lines: [[key, run, line]] });
      })
      .catch(() => undefined)
      .finally(() => wanted.forEach(({ key, run }) => mark(key, run, { reading: false })));
  };
  let history: { signature: string | undefined; events: NodeLogEvent[] } = { signature: undefined, events: [] };
  const scriptsAsked = new Map<string, number>();

  return {
    async daemon() {
      const poll = await session.pollDaemon(options.onScreen());
      // A node still silent keeps its last answer on screen: the data is as old as that answer.
      if (poll.nodes.every((node) => node.lateMs === undefined)) options.onAnswer(options.now());
      dispatch({ type: 'daemon-polled', nodes: poll.nodes, pid: poll.pid, startedAt: poll.startedAt });
      readLastLines();
      // What stops left running, from any command on this home (a small file and a /proc read per pid).
      dispatch({ type: 'leftovers-polled', leftovers: session.pollLeftovers() });
    },
    // supervisord's main log is read again only after supervisord said something new (a spawn or an exit
    // changes its answer); the hour's window moves regardless.
    async history() {
      const state = current();
      if (!state.nodes?.some(({ view }) => view?.ok)) return;
      if (history.signature !== state.daemonSignature) {
        const events = await session.readMainLogEvents();
        if (events) history = { signature: state.daemonSignature, events };
      }
      // By the name the rows show each process on its node.
      const name = panelNaming(state);
      const shown = history.events.map(({ node, ...event }): LogEvent => ({
        ...event,
        process: name(event.process, node),
      }));
      dispatch({ type: 'history-read', histories: histories(shown, options.now()) });
    },
    // Only running names with a check are probed, each answer at once; a name no longer running, or whose
    // check was removed from the settings, forgets why it was not ready.
    async readiness() {
      const running = selectRunningNames(current());
      const checked = new Set(running.filter((one) => session.hasReadyCheck(one.node, one.name)).map(({ key }) => key));
      const gone = [...current().notReady.keys()].filter((key) => !checked.has(key));
      if (gone.length > 0) dispatch({ type: 'ready-polled', answers: gone.map((key) => [key, undefined]) });
      await session.pollReadiness(running, ({ key }, notReady) =>
        dispatch({ type: 'ready-polled', answers: [[key, notReady]] }),
      );
    },
    // Each script asked again once it has answered, never waiting for another.
    async scripts() {
      const state = current();
      const name = panelNaming(state);
      const now = options.now();
      for (const script of state.stagedScripts) {
        const key = name(script.name, script.node);
        const since = scriptsAsked.get(key);
        if (since !== undefined) {
          if (now - since >= options.lsbIntervalMs)
            dispatch({ type: 'lsb-polled', rows: [hungRow(script.node, script.name, now - since)] });
          continue;
        }
        scriptsAsked.set(key, now);
        const answered = () => void scriptsAsked.delete(key);
        session
          .pollInitscripts([script], (row) => dispatch({ type: 'lsb-polled', rows: [row] }))
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
