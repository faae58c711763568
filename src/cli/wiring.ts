/** The one place that builds real adapters from a Canopsis home, for every command. */
import path from 'node:path';
import { ConfigError } from '../core/model/config-error.js';
import { createInitscriptRunner } from '../adapters/initscript-runner.js';
import { daemonReadOptions, fileConfigSource, readHome } from '../adapters/config-files.js';
import type { HomeReading } from '../core/home.js';
import { callSupervisor, createSupervisorClient } from '../adapters/supervisor-client.js';
import { askFirst, type FirstAnswers } from '../adapters/first-answers.js';
import { waitAtMost } from '../control/wait-at-most.js';
import { readDaemonAddress } from '../core/config/supervisord-config.js';
import { LOG_END_BYTES } from '../control/daemon-poll.js';
import { createPlatformLock } from '../adapters/platform-lock.js';
import { createSupervisordLauncher } from '../adapters/supervisord-launcher.js';
import { systemClock } from '../adapters/system-clock.js';
import { createLeftoverStore } from '../adapters/leftover-store.js';
import { createProcessTree } from '../adapters/process-tree.js';
import { createReadyProbes } from '../adapters/ready-probes.js';
import { fileLogReader } from '../adapters/log-files.js';
import { actorOf, createActionJournal } from '../adapters/action-journal.js';
import { createNamesCache } from '../adapters/names-cache.js';
import type { JournalCommand } from '../core/report/journal.js';
import type { ServerAccess } from '../core/config/server-access.js';
import type { XmlRpcValue } from '../adapters/xmlrpc-codec.js';
import { createControlEngine, type ControlEngine } from '../control/engine.js';
import type { ServiceDeps } from '../control/service-actions.js';

/** `--home`, else `$CANOPSIS_HOME`, else `$HOME` (SPEC 2). */
export function resolveHome(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return path.resolve(flag || env.CANOPSIS_HOME || env.HOME || '.');
}

/** Where the action journal lives (SPEC 9). */
export const journalDir = (home: string) => path.join(home, 'var', 'log', 'canopsis-tui');

/** Whether supervisord runs on this machine (its processes are then ours to see in /proc). */
function isLocal(access: ServerAccess): boolean {
  if (access.url.kind === 'unix') return true;
  return ['localhost', '127.0.0.1', '::1', '[::1]'].includes(access.url.host) || access.url.host.startsWith('127.');
}

/** The home's files, the ports built over them, and the control engine of its supervisord. */
export interface Wiring extends HomeReading {
  engine: ControlEngine;
}

/**
 * Reads the home and builds the ports over it: the daemon is reached from the main file alone.
 * `callTimeoutMs` bounds every supervisord call that names no timeout of its own (reads included);
 * `command` is who the action journal says acted.
 */
export function wireHome(
  home: string,
  env: NodeJS.ProcessEnv,
  callTimeoutMs?: number,
  command: JournalCommand = 'service',
  firstAnswers?: FirstAnswers,
): Wiring {
  const files = readHome(home, env);
  const daemon = files.daemon instanceof ConfigError ? undefined : files.daemon;
  const runDir = path.join(home, 'var', 'run');
  const actor = actorOf(command, env);
  const processTree = daemon && isLocal(daemon.access) ? createProcessTree() : undefined;
  const launcher = daemon
    ? createSupervisordLauncher({ configFile: files.supervisordConf, home, env, pidfile: daemon.pidfile })
    : undefined;
  const deps: ServiceDeps = {
    supervisor: daemon
      ? createSupervisorClient(daemon.access, { daemonPid: launcher?.daemonPid, callTimeoutMs, firstAnswers })
      : undefined,
    supervisorProblem: files.daemon instanceof ConfigError ? files.daemon.message : undefined,
    initscripts: createInitscriptRunner(path.join(files.etc, 'init.d'), home),
    launcher,
    clock: systemClock,
    platformLock: createPlatformLock(runDir, actor),
    ...(processTree ? { processTree, leftoverStore: createLeftoverStore(runDir, processTree) } : {}),
    probes: createReadyProbes(),
    logFile: fileLogReader,
    journal: createActionJournal(journalDir(home), actor),
    names: createNamesCache(runDir),
  };
  return { files, deps, engine: createControlEngine(deps) };
}

const NOTHING = () => undefined;
/** How long the panel's start waits for its first request to leave (a supervisord over TCP may not answer). */
const FIRST_SEND_MS = 50;

/**
 * The first poll of the home's own supervisord, asked from the main file alone before the home is read
 * (adapters/first-answers): the calls a first full poll makes (control/daemon-poll), in its order. Resolved
 * once the request has left: it leaves in turns of the event loop that the home's reading would hold (~50 ms
 * at 1000 processes), and supervisord works on it meanwhile.
 */
export async function askFirstPoll(
  home: string,
  env: NodeJS.ProcessEnv,
  callTimeoutMs: number,
): Promise<FirstAnswers | undefined> {
  let access: ServerAccess;
  try {
    const mainFile = path.join(home, 'etc', 'supervisord.conf');
    access = readDaemonAddress(fileConfigSource, mainFile, daemonReadOptions(home, env)).access;
  } catch {
    return undefined; // The home's reading says why, where it belongs.
  }
  const calls: Array<[string, XmlRpcValue[]]> = [
    ['supervisor.readLog', [-LOG_END_BYTES, 0]],
    ['supervisor.getAllProcessInfo', []],
  ];
  let sent!: () => void;
  const out = new Promise<void>((resolve) => (sent = resolve));
  let request: Promise<XmlRpcValue> | undefined; // askFirst makes its one request at once
  const answers = askFirst(
    access,
    calls,
    (method, params) => (request = callSupervisor(access, method, params, callTimeoutMs, { sent })),
  );
  // Until it is out (or has failed), or FIRST_SEND_MS: a request not out by then leaves after the reading.
  await waitAtMost(FIRST_SEND_MS, Promise.race([out, request?.then(NOTHING, NOTHING)]));
  return answers;
}

/** What a Tab completes from: the home's files, and the names its other nodes answered last. */
export function completionSources(home: string, env: NodeJS.ProcessEnv) {
  return { files: readHome(home, env), names: createNamesCache(path.join(home, 'var', 'run')) };
}
