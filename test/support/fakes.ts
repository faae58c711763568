/** Scripted fakes of the ports, for unit tests of control/ (pure logic and unreproducible failures). */
import type {
  Clock,
  InitscriptPort,
  LeftoverStorePort,
  LsbAction,
  ProcessInfo,
  ProcessTreePort,
  ScriptRun,
  SupervisorPort,
  LauncherPort,
} from '../../src/core/ports.js';
import type { ProcessEntry } from '../../src/core/model/process-entry.js';
import type { StageName } from '../../src/core/config/hypcontrol-conf.js';
import type { PlatformEvent } from '../../src/control/platform.js';
import { faultError, SupervisorError } from '../../src/core/model/supervisor-error.js';

export const instantClock: Clock = { now: () => Date.now(), sleep: () => Promise.resolve() };

export function info(group: string, name: string, statename: string, extra: Partial<ProcessInfo> = {}): ProcessInfo {
  return {
    name,
    group,
    statename,
    state: 0,
    pid: 0,
    start: 0,
    stop: 0,
    now: 0,
    spawnerr: '',
    exitstatus: 0,
    description: '',
    ...extra,
  };
}

/** A SupervisorPort whose calls are logged and answered by `overrides` (default: success). */
export function fakeSupervisor(overrides: Partial<SupervisorPort> = {}): SupervisorPort & { calls: string[] } {
  const calls: string[] = [];
  const log = <T>(name: string, answer: () => Promise<T>) => {
    calls.push(name);
    return answer();
  };
  const base: SupervisorPort = {
    access: { url: { kind: 'unix', path: '/fake.sock' }, username: undefined, password: undefined },
    getState: () => Promise.resolve({ statecode: 1, statename: 'RUNNING' }),
    getPID: () => Promise.resolve(1),
    getAllProcessInfo: () => Promise.resolve([]),
    getProcessInfo: (name) => Promise.resolve(info('g', name, 'RUNNING')),
    startProcess: () => Promise.resolve(true),
    stopProcess: () => Promise.resolve(true),
    startProcessGroup: () => Promise.resolve([]),
    stopProcessGroup: () => Promise.resolve([]),
    shutdown: () => Promise.resolve(true),
    readProcessLog: () => Promise.resolve(''),
    logSize: () => Promise.resolve(0),
    readMainLog: () => Promise.resolve(''),
    reloadConfig: () => Promise.resolve({ added: [], changed: [], removed: [] }),
    addProcessGroup: () => Promise.resolve(true),
    removeProcessGroup: () => Promise.resolve(true),
    glance: () => Promise.resolve({ tail: '', processes: [] }),
  };
  const merged = { ...base, ...overrides };
  return {
    calls,
    access: merged.access,
    getState: () => log('getState', () => merged.getState()),
    getPID: () => log('getPID', () => merged.getPID()),
    getAllProcessInfo: () => log('getAllProcessInfo', () => merged.getAllProcessInfo()),
    getProcessInfo: (n) => log(`getProcessInfo ${n}`, () => merged.getProcessInfo(n)),
    startProcess: (n, w, t) => log(`startProcess ${n}`, () => merged.startProcess(n, w, t)),
    stopProcess: (n, w, t) => log(`stopProcess ${n}`, () => merged.stopProcess(n, w, t)),
    startProcessGroup: (n, w, t) => log(`startProcessGroup ${n}`, () => merged.startProcessGroup(n, w, t)),
    stopProcessGroup: (n, w, t) => log(`stopProcessGroup ${n}`, () => merged.stopProcessGroup(n, w, t)),
    shutdown: () => log('shutdown', () => merged.shutdown()),
    readProcessLog: (stream, n, offset, length) =>
      log(`readProcessLog ${stream} ${n}`, () => merged.readProcessLog(stream, n, offset, length)),
    logSize: (stream, n) => log(`logSize ${stream} ${n}`, () => merged.logSize(stream, n)),
    readMainLog: (offset, length) => log('readMainLog', () => merged.readMainLog(offset, length)),
    reloadConfig: () => log('reloadConfig', () => merged.reloadConfig()),
    addProcessGroup: (n) => log(`addProcessGroup ${n}`, () => merged.addProcessGroup(n)),
    removeProcessGroup: (n) => log(`removeProcessGroup ${n}`, () => merged.removeProcessGroup(n)),
    glance: (names, tail) => log(`glance ${names.join(',')}`, () => merged.glance(names, tail)),
  };
}

export const down = () =>
  Promise.reject(new SupervisorError('socket-missing', 'supervisord is not running: socket /fake.sock does not exist'));
export const fault = (code: number, text: string) => Promise.reject(faultError(code, text));

export function run(code: number | null, output = '', extra: Partial<ScriptRun> = {}): ScriptRun {
  return { code, signal: undefined, timedOut: false, output, error: undefined, ...extra };
}

/** An InitscriptPort answering from a queue per action, logging each call. */
export function fakeScripts(answers: Partial<Record<LsbAction, ScriptRun[]>>): InitscriptPort & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    run(name, action) {
      calls.push(`${name} ${action}`);
      const next = answers[action]?.shift();
      if (!next) throw new Error(`unexpected ${name} ${action}`);
      return Promise.resolve(next);
    },
  };
}

/** A clock whose sleep moves time on at once: waits of seconds run in no time, deadlines still count. */
export function steppingClock(start = 1_000_000): Clock {
  let now = start;
  return {
    now: () => now,
    sleep: (ms) => {
      now += ms;
      return Promise.resolve();
    },
  };
}

/** A process tree over a fixed table: `alive` is what the test says still lives; signals are logged. */
export function fakeTree(
  tree: Record<number, ProcessEntry[]>,
  living: Set<number>,
  extra: { marked?: Map<string, ProcessEntry[]>; listeners?: Map<number, ProcessEntry | undefined> } = {},
): ProcessTreePort & { signals: string[] } {
  const signals: string[] = [];
  return {
    signals,
    spawnedBy: () =>
      new Map([...(extra.marked ?? [])].map(([name, list]) => [name, list.filter((entry) => living.has(entry.pid))])),
    listenerOn: (port) => (extra.listeners?.has(port) ? { holder: extra.listeners.get(port) } : undefined),
    treeOf: (roots) => new Map(roots.filter((pid) => tree[pid]).map((pid) => [pid, tree[pid]!])),
    alive: (entries) => entries.filter((entry) => living.has(entry.pid)),
    signal(entries, signal) {
      for (const entry of entries.filter((e) => living.has(e.pid))) {
        signals.push(`${signal} ${entry.pid}`);
        if (signal === 'SIGKILL' || !entry.name.includes('stubborn')) living.delete(entry.pid);
      }
    },
  };
}

/** A leftover store in memory. */
export function memoryLeftovers(
  initial: Map<string, ProcessEntry[]> = new Map(),
): LeftoverStorePort & { data: Map<string, ProcessEntry[]> } {
  const data = new Map(initial);
  return {
    data,
    read: () => new Map(data),
    write(changes) {
      for (const [name, entries] of changes) {
        if (entries.length > 0) data.set(name, entries);
        else data.delete(name);
      }
    },
  };
}

/** A platform run's `stage-begin` on the home of one node `local`, naming its services. */
export function stageBegin(stage: StageName, verb: 'start' | 'stop', ...operands: string[]): PlatformEvent {
  return { type: 'stage-begin', stage, verb, services: operands.map((operand) => ({ operand, node: 'local' })) };
}

/** A supervisord launcher that launches nothing (supervisord never runs), calling `onLaunch` when asked. */
export function fakeLauncher(onLaunch: () => void = () => undefined): LauncherPort {
  return {
    launch: async () => onLaunch(),
    isRunning: () => false,
    startedAt: () => undefined,
    daemonPid: () => undefined,
  };
}
