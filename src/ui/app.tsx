/** The root: state, the engine's loops, key handling; drawing is left to the components. */
import { Box, Text, useApp, type Key } from 'ink';
import { useEffect, useRef, useState } from 'react';
import type { OnNode, TuiSession } from '../control/tui-session-api.js';
import { decideCommand, decidePlatform, type CommandId, type Decision } from '../core/panel/commands.js';
import { selectedRow, selectRows, type TuiState, type Verb } from '../core/panel/tui-state.js';
import { detailLines, problemLines } from './presentation.js';
import { Header } from './components/header.js';
import { HistoryScreen } from './screens/history-screen.js';
import { LogScreen } from './screens/log-screen.js';
import { PanelsScreen } from './screens/panels-screen.js';
import { useEngine } from './hooks/use-engine.js';
import { applyUpdate, previewUpdate, useRunner } from './hooks/use-runner.js';
import { UpdateScreen } from './screens/update-screen.js';
import { useStore } from './hooks/use-store.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { ERROR_FADE_MS, MESSAGE_FADE_MS, STAGE_RESULT_MS, useChangedAt } from './hooks/use-changed-at.js';
import { footerText, historyFooterText, logFooterText, updateFooterText } from './keymap.js';
import { useKeys } from './hooks/use-keys.js';
import { pressPanelKey } from './panel-keys.js';
import { keyRelay, routeKey, type Press } from './key-relay.js';
import { headerInfo, MIN_COLUMNS, MIN_ROWS, visibleBody, visibleProcesses } from './layout.js';
import { MESSAGE_COLORS } from './theme.js';

export interface Settings {
  host: string;
  home: string;
  readOnly: boolean;
  /** Ask y/N before risky actions (false with --yes). */
  confirm: boolean;
  intervalMs: number;
  lsbIntervalMs: number;
  /** Start the whole platform once the first poll has answered (the demo's `--start-platform`). */
  startPlatform?: boolean;
  color: boolean;
  now: () => number;
  /** Ctrl-Z: suspends the program (terminal restored) until `fg`; absent where that cannot be done. */
  suspender?: { suspend(): void; onResume(listener: () => void): () => void };
}

const CLOCK_STEP_MS = 10_000;
/** Each screen's keys, at the bottom. */
const FOOTERS: Record<TuiState['screen']['kind'], (state: TuiState) => string> = {
  panels: footerText,
  log: logFooterText,
  history: historyFooterText,
  // `y` is offered only when there is something to apply.
  update: (state) => updateFooterText(state.screen.kind === 'update' && Boolean(state.screen.preview?.apply)),
};
const coarseClock = (now: number) => Math.floor(now / CLOCK_STEP_MS) * CLOCK_STEP_MS;

export function App({ session, settings, initial }: { session: TuiSession; settings: Settings; initial?: TuiState }) {
  const { state, dispatch, current } = useStore(initial);
  const { columns, rows } = useTerminalSize();
  const { exit } = useApp();
  const lastAnswer = useRef<number | undefined>(undefined);
  const [clock, setClock] = useState(() => coarseClock(settings.now()));
  const [stale, setStale] = useState(0);
  const offset = useRef(0);
  // The processes on screen: each poll asks for them even when supervisord's log says nothing changed.
  const onScreen = useRef<OnNode[]>([]);
  const pollNow = useEngine(session, current, dispatch, settings, lastAnswer, onScreen);
  const run = useRunner(session, current, dispatch, pollNow, settings.now);
  // Keys for the log and history screens, which wait when they came before the screen was up (ui/key-relay).
  const route = useRef<Press>(() => undefined);
  const [relay] = useState(() => keyRelay((input, key) => route.current(input, key)));

  // The screen's clock moves in 10 s steps (uptimes are shown in minutes) and staleness only once data is
  // old: React skips an unchanged value, so an idle second costs no render at all.
  useEffect(() => {
    const timer = setInterval(() => {
      const now = settings.now();
      setClock(coarseClock(now));
      const age = lastAnswer.current === undefined ? 0 : now - lastAnswer.current;
      setStale(age > 3 * settings.intervalMs ? Math.round(age / 1000) : 0);
    }, 1000);
    return () => clearInterval(timer);
  }, [settings]);

  // After `fg` the alternate screen is blank: a new message changes the frame, so Ink draws it whole.
  useEffect(() => {
    const resumed = () => `Resumed at ${new Date(settings.now()).toTimeString().slice(0, 8)}`;
    return settings.suspender?.onResume(() =>
      dispatch({ type: 'message', message: { level: 'info', text: resumed() } }),
    );
  }, [settings, dispatch]);

  // The demo's newcomer watches the stages come up without a key: once, after the first daemon poll.
  const autoStarted = useRef(false);
  useEffect(() => {
    if (!settings.startPlatform || autoStarted.current || state.nodes === undefined) return;
    autoStarted.current = true;
    run({ scope: 'platform', verb: 'start' });
  }, [settings.startPlatform, state.nodes, run]);

  const height = rows - 1;
  const info = headerInfo(state, clock, stale);
  // Each file problem wrapped so that its cause shows (it comes last: `FILE:LINE: what: why`), a sixth of
  // the screen at most; past that, how many more there are.
  const problems = problemLines(state.problems, columns, Math.max(3, Math.floor(height / 6)));
  // The selected row's whole reason and last words, under the panels: at most a third of the screen.
  const showsRows = state.screen.kind === 'panels' && ['none', 'confirm'].includes(state.overlay.kind);
  const room = Math.min(8, Math.floor((height - 4 - problems.length) / 3));
  const detail = showsRows ? detailLines(selectedRow(state)?.row, columns, room) : [];
  const bodyHeight = Math.max(1, height - 2 - problems.length - 2 - detail.length);
  // A platform run's results stay on the stage titles a minute after it ended, not minutes later.
  const ended = state.platform && !state.platform.running ? state.platform : undefined;
  const endedAt = useChangedAt(ended, settings.now);
  const saidAt = useChangedAt(state.message, settings.now);
  const recent = !ended || clock - endedAt < STAGE_RESULT_MS;
  const shown = recent ? state : { ...state, platform: undefined };
  const body = visibleBody(shown, columns, bodyHeight, offset.current, clock);
  offset.current = body.offset;
  onScreen.current = state.screen.kind === 'panels' ? visibleProcesses(body.lines) : [];
  const context = { readOnly: settings.readOnly, confirm: settings.confirm, pageSize: Math.max(1, bodyHeight - 2) };

  const apply = (decision: Decision) => {
    if (decision.kind === 'quit') return exit();
    if (decision.kind === 'suspend') return settings.suspender?.suspend();
    if (decision.kind === 'run') return run(decision.request);
    if (decision.kind === 'preview-update') {
      dispatch({ type: 'screen', screen: { kind: 'update', preview: undefined } });
      return void previewUpdate(session, current(), dispatch);
    }
    decision.actions.forEach(dispatch);
  };
  const command = (id: CommandId) => apply(decideCommand(id, current(), context));
  const platform = (verb: Verb) => apply(decidePlatform(verb, context));

  const overlay = state.overlay;
  const keys = { current, dispatch, run, exit, command, platform };
  const logScreen = state.screen.kind === 'log' ? state.screen : undefined;
  const tooSmall = columns < MIN_COLUMNS || rows < MIN_ROWS;
  // Keys that arrive together are each handled in turn, where the one before left them (ui/key-relay).
  route.current = (input: string, key: Key) =>
    routeKey(current(), !tooSmall, relay, (one, itsKey) => pressPanelKey(one, itsKey, keys), input, key);
  useKeys(route.current, { isActive: state.screen.kind !== 'update' || overlay.kind !== 'none' });

  if (tooSmall) {
    return (
      <Box height={height} flexDirection="column">
        <Text>{`Terminal too small: ${columns}x${rows}, need at least ${MIN_COLUMNS}x${MIN_ROWS}.`}</Text>
        <Text>Enlarge it, or use `hypcontrol status`. q quits.</Text>
      </Box>
    );
  }

  const menuRow =
    overlay.kind === 'menu' ? selectRows(state).find((entry) => entry.row.key === overlay.rowKey)?.row : undefined;

  const asking = overlay.kind === 'confirm' || overlay.kind === 'confirm-quit';
  const updateQuestion =
    state.screen.kind === 'update' && state.screen.preview?.apply
      ? 'Apply these changes to supervisord? [y/N]'
      : undefined;
  const question = asking ? overlay.question : updateQuestion;
  const fade = state.message?.level === 'error' ? ERROR_FADE_MS : MESSAGE_FADE_MS;
  const said = state.message && clock - saidAt < fade ? state.message : undefined;
  const message = question ? { level: 'info' as const, text: question } : said;
  const toPanels = () => dispatch({ type: 'screen', screen: { kind: 'panels' } });
  // One layout for every screen: header, problems, the screen, the message line, the screen's keys.
  const screen =
    state.screen.kind === 'update' ? (
      <UpdateScreen
        preview={state.screen.preview}
        width={columns}
        height={bodyHeight}
        color={settings.color}
        active={overlay.kind === 'none'}
        onCancel={() => (
          toPanels(),
          dispatch({ type: 'message', message: { level: 'info', text: 'Update cancelled: nothing was applied' } })
        )}
        onApply={(apply) => (toPanels(), void applyUpdate(session, current(), apply, dispatch, pollNow))}
      />
    ) : state.screen.kind === 'history' ? (
      <HistoryScreen
        actions={state.actions}
        now={clock}
        width={columns}
        height={bodyHeight}
        color={settings.color}
        keys={relay}
        onBack={toPanels}
      />
    ) : logScreen ? (
      <LogScreen
        session={session}
        name={logScreen.name}
        targets={logScreen.targets}
        width={columns}
        height={bodyHeight}
        color={settings.color}
        keys={relay}
        onBack={toPanels}
        onCommand={command}
      />
    ) : (
      <PanelsScreen
        overlay={overlay}
        asking={asking}
        menuRow={menuRow}
        body={body.lines}
        readOnly={settings.readOnly}
        color={settings.color}
        width={columns}
      />
    );
  return (
    <Box height={height} width={columns} flexDirection="column">
      <Header
        host={settings.host}
        home={settings.home}
        readOnly={settings.readOnly}
        hidden={state.screen.kind === 'panels' ? body.hidden : []}
        info={info}
        color={settings.color}
      />
      {problems.map((line, index) => (
        <Text key={index} wrap="truncate" color={settings.color ? 'red' : undefined}>
          {line}
        </Text>
      ))}
      {screen}
      {detail.map((line, index) => (
        <Text key={index} wrap="truncate" color={settings.color && index === 0 ? 'yellow' : undefined}>
          {line}
        </Text>
      ))}
      <Text wrap="truncate" bold={asking} color={settings.color && message ? MESSAGE_COLORS[message.level] : undefined}>
        {message?.text ?? ' '}
      </Text>
      <Text wrap="truncate" dimColor>
        {FOOTERS[state.screen.kind](state)}
      </Text>
    </Box>
  );
}

/** The panel as an element, for the entry point (which loads React and Ink only after asking supervisord). */
export function appElement(props: { session: TuiSession; settings: Settings; initial?: TuiState }) {
  return <App {...props} />;
}
