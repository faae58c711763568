/**
 * `canopsis-tui`: the full-screen control panel (SPEC 6). Owns the terminal: alternate screen in, out on
 * every exit.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ReactElement } from 'react';
import { watchEtc } from '../adapters/config-watcher.js';
import type { HomePort, HomeReading } from '../core/home.js';
import { initialState, tuiReducer, type TuiState } from '../core/panel/tui-state.js';
import type { NodesPoll, TuiSession } from '../control/tui-session-api.js';
import { packageVersion } from './io.js';
import { createSuspender } from './job-control.js';
import { readSettingsFile, settingsFile } from '../adapters/config-files.js';
import { DEFAULT_TUI_SETTINGS } from '../core/config/settings.js';
import { askFirstPoll, resolveHome, wireHome } from './wiring.js';
import { waitAtMost } from '../control/wait-at-most.js';
import { readFleet } from './node-wiring.js';
import { createPanelSession } from '../control/panel-session.js';
import { endByHangup } from './main.js';
import { trackWork, type TrackedSession } from './work-in-flight.js';
import { frameWriter } from '../adapters/terminal-writer.js';

const ENTER_ALT = '\u001b[?1049h';
/** Back in the alternate screen after a suspend: cleared, cursor home, hidden as Ink keeps it. */
const REENTER_ALT = '\u001b[?1049h\u001b[2J\u001b[H\u001b[?25l';
const LEAVE_ALT = '\u001b[?1049l\u001b[?25h';
/** How long the first frame waits for supervisord's first answer (asked before the screen loaded). */
const FIRST_ANSWER_WAIT_MS = 500;

const USAGE = `Usage: canopsis-tui [--home DIR] [--interval S] [--read-only] [--yes] [--start-platform]

The control panel of a Canopsis home: one panel per stage of ~/etc/hypcontrol.conf, live states,
keys to start, stop and restart (? lists them). Settings may also come from ~/etc/canopsis-tui.ini ([tui]).
--start-platform starts the whole platform (hypcontrol start) once the panel is open, without asking.`;

/**
 * Makes Ink draw the whole frame again on a blank screen. Ink skips a frame equal to the last one it
 * wrote and offers no redraw; a narrower terminal is the one case where it forgets that frame. So: one
 * column less for an instant, then the real width back: two full frames, the second the right one.
 */
function redrawWhole(stdout: NodeJS.WriteStream): void {
  const columns = stdout.columns;
  stdout.columns = columns - 1;
  stdout.emit('resize');
  stdout.columns = columns;
  stdout.emit('resize');
}

function fail(message: string, code = 2): number {
  process.stderr.write(`canopsis-tui: ${message}\n`);
  return code;
}

/** Runs the panel until the operator quits; resolves with the exit code. */
export async function tuiMain(argv: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      options: {
        home: { type: 'string' },
        interval: { type: 'string' },
        'read-only': { type: 'boolean' },
        yes: { type: 'boolean' },
        'start-platform': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
    }).values;
  } catch (error) {
    return fail(`${(error as Error).message.split('\n')[0]}\n${USAGE}`);
  }
  if (values.help) return (process.stdout.write(`${USAGE}\n`), 0);
  if (values.version) return (process.stdout.write(`canopsis-tui ${packageVersion()}\n`), 0);
  if (!process.stdin.isTTY || !process.stdout.isTTY)
    return fail(
      'needs a terminal (stdin and stdout). For a one-shot view, use `hypcontrol status` or `service --status-all`.',
    );
  const home = resolveHome(values.home, process.env);
  // The panel shows what is wrong in the settings file in its header, and applies the rest.
  const file = readSettingsFile(settingsFile(home));
  const settings = { ...DEFAULT_TUI_SETTINGS, ...file.tui };
  if (values.interval !== undefined) {
    const seconds = Number(values.interval);
    if (!Number.isFinite(seconds) || seconds < 0.1)
      return fail(`--interval wants seconds (at least 0.1), got ${JSON.stringify(values.interval)}`);
    settings.intervalMs = Math.round(seconds * 1000);
  }
  const work = trackWork(await panelSession(home, settings));
  const { session } = work;
  // supervisord works on its first answer while the screen (React, Ink) loads; the first frame shows the
  // home and that answer when it came in time, else "asking" until it does.
  const first = session.prefetch();
  const { appElement } = await import('../ui/app.js');
  const initial = await startingState(session, first);
  const color = !process.env.NO_COLOR;
  const suspender = createSuspender({
    enterFullScreen: () => {
      process.stdout.write(REENTER_ALT);
      redrawWhole(process.stdout);
    },
    leaveFullScreen: () => process.stdout.write(LEAVE_ALT),
  });
  const readOnly = Boolean(values['read-only']) || settings.readOnly;
  const app = appElement({
    session,
    initial,
    settings: {
      host: os.hostname(),
      home,
      readOnly,
      confirm: !values.yes && settings.confirm,
      intervalMs: settings.intervalMs,
      lsbIntervalMs: settings.lsbIntervalMs,
      startPlatform: Boolean(values['start-platform']) && !readOnly,
      color,
      now: Date.now,
      suspender,
    },
  });
  return runFullScreen(app, work);
}

/**
 * The panel's session over every node of the home (a fleet of one without `[node:]` sections): the home's
 * own files read again after each change under ~/etc; another node's read once, over its ssh when it has one
 * (SPEC 10).
 */
async function panelSession(home: string, settings: typeof DEFAULT_TUI_SETTINGS): Promise<TuiSession> {
  // supervisord works on its first answer (0.4 s at 1000 processes) while the home is read.
  const firstAnswers = await askFirstPoll(home, process.env, settings.statusTimeoutMs);
  const fleet = await readFleet(home, process.env, settings.statusTimeoutMs, 'canopsis-tui', undefined, firstAnswers);
  // The home's first reading is the fleet's own; each later one reads the files again.
  let first: HomeReading | undefined = fleet.nodes.find((node) => node.local);
  const port: HomePort = {
    read: () => {
      const reading = first ?? wireHome(home, process.env, settings.statusTimeoutMs, 'canopsis-tui');
      first = undefined;
      return reading;
    },
    watch: (onChange) => watchEtc(path.join(home, 'etc'), onChange),
  };
  const fixed = (node: HomeReading): HomePort => ({ read: () => node, watch: () => () => undefined });
  const nodes = fleet.nodes.map((node) => ({
    name: node.name,
    label: node.label,
    home: node.local ? port : fixed(node),
    local: node.local,
    ...(node.filesProblem ? { filesProblem: node.filesProblem } : {}),
  }));
  // A node slower than this is shown with its last answer and how long it has been silent.
  return createPanelSession(nodes, { ...settings, waitMs: Math.max(settings.intervalMs, 1000), now: Date.now });
}

/** The state of the first frame: the home, and supervisord's first answer if it comes soon enough. */
async function startingState(session: TuiSession, first: Promise<NodesPoll>): Promise<TuiState> {
  const withHome = tuiReducer(initialState(), { type: 'home-read', ...session.readHome() });
  const poll = await waitAtMost(FIRST_ANSWER_WAIT_MS, first);
  return poll ? tuiReducer(withHome, { type: 'daemon-polled', ...poll }) : withHome;
}

/**
 * The link dropped (SIGHUP): nobody sees the screen any more. Actions in flight complete and journal their
 * outcome (SPEC 11), then the panel ends; what it would write to the dead terminal is dropped.
 */
async function hangUp(unmount: () => void, work: TrackedSession): Promise<never> {
  const ignore = () => undefined;
  for (const stream of [process.stdout, process.stderr, process.stdin]) stream.on('error', ignore);
  try {
    unmount();
  } catch {
    // A terminal that is gone refuses its mode change (EIO): nothing to restore there.
  }
  await work.settled();
  endByHangup();
}

/** Renders in the alternate screen and restores the terminal on q, Ctrl-C, SIGTERM, SIGHUP and a crash. */
async function runFullScreen(app: ReactElement, work: TrackedSession): Promise<number> {
  const { render } = await import('ink');
  // Frames go out as the cells that changed, paced for a slow link (adapters/terminal-writer).
  const writer = frameWriter(process.stdout);
  let restored = false;
  const restore = () => {
    writer.close();
    if (!restored) process.stdout.write(LEAVE_ALT);
    restored = true;
  };
  process.stdout.write(ENTER_ALT);
  const instance = render(app, { stdout: writer.stdout, exitOnCtrlC: false, patchConsole: true });
  const leave = (code: number) => () => {
    instance.unmount();
    restore();
    process.exit(code);
  };
  process.once('SIGTERM', leave(143));
  let hangingUp: Promise<never> | undefined;
  process.once('SIGHUP', () => {
    if (work.busy()) hangingUp = hangUp(() => instance.unmount(), work);
    else leave(129)();
  });
  process.once('SIGINT', leave(130));
  const crash = (error: unknown) => {
    instance.unmount();
    restore();
    process.stderr.write(`canopsis-tui: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  };
  process.once('uncaughtException', crash);
  process.once('unhandledRejection', crash);
  try {
    await instance.waitUntilExit();
    // Unmounted by a hangup: the actions in flight end first, and the process with them.
    if (hangingUp) await hangingUp;
    return 0;
  } finally {
    restore();
  }
}
