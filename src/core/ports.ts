/** The interfaces the outside world implements for control/ (adapters in production, fakes in tests). */
import type { ProcessEntry } from './model/process-entry.js';
import type { ServerAccess } from './config/server-access.js';
import type { ActionRecord, Actor, JournalEntry } from './report/journal.js';

/** One entry of supervisord's `getAllProcessInfo()`. */
export interface ProcessInfo {
  name: string;
  group: string;
  state: number;
  statename: string;
  pid: number;
  start: number;
  stop: number;
  now: number;
  spawnerr: string;
  exitstatus: number;
  description: string;
  /** Where its stdout and stderr go (getProcessInfo says; getAllProcessInfo too). */
  stdout_logfile?: string;
  stderr_logfile?: string;
}

/** One entry of a group call's result array (`startProcessGroup`, `stopProcessGroup`). */
export interface GroupCallResult {
  name: string;
  group: string;
  status: number;
  description: string;
}

/** supervisord's XML-RPC interface, the calls this project makes. Failures throw SupervisorError. */
export interface SupervisorPort {
  readonly access: ServerAccess;
  getState(): Promise<{ statecode: number; statename: string }>;
  getPID(): Promise<number>;
  getAllProcessInfo(): Promise<ProcessInfo[]>;
  getProcessInfo(namespec: string): Promise<ProcessInfo>;
  startProcess(namespec: string, wait: boolean, timeoutMs: number): Promise<boolean>;
  stopProcess(namespec: string, wait: boolean, timeoutMs: number): Promise<boolean>;
  startProcessGroup(group: string, wait: boolean, timeoutMs: number): Promise<GroupCallResult[]>;
  stopProcessGroup(group: string, wait: boolean, timeoutMs: number): Promise<GroupCallResult[]>;
  shutdown(): Promise<boolean>;
  /** Rereads the files; says which groups were added, changed and removed (changes nothing that runs). */
  reloadConfig(): Promise<{ added: string[]; changed: string[]; removed: string[] }>;
  addProcessGroup(group: string): Promise<boolean>;
  removeProcessGroup(group: string): Promise<boolean>;
  /**
   * `readProcessStdoutLog` / `readProcessStderrLog`: `length` bytes from `offset` (negative: the last
   * -offset bytes).
   */
  readProcessLog(stream: LogStream, namespec: string, offset: number, length: number): Promise<string>;
  /** The log's size in bytes now (`tailProcessStdoutLog(name, 0, 0)`'s offset). */
  logSize(stream: LogStream, namespec: string): Promise<number>;
  /** supervisord's own main log (`readLog`): `length` bytes from `offset` (negative: the last -offset bytes). */
  readMainLog(offset: number, length: number): Promise<string>;
  /**
   * One request (`system.multicall`): the last `tailBytes` of the main log (undefined when it cannot be
   * read) and these processes' info (names supervisord does not know left out). Cheap at any scale.
   */
  glance(namespecs: string[], tailBytes: number): Promise<{ tail: string | undefined; processes: ProcessInfo[] }>;
}

export type LogStream = 'stdout' | 'stderr';

/** One log to read: supervisord's stdout or stderr of a process, or a file. Offsets are bytes. */
export interface LogReader {
  /** What its lines are prefixed with when several logs are shown together. */
  prefix: string;
  /** What it is, for messages: `engine-alerts-0 stderr`, `/opt/canopsis/var/log/redis-server.log`. */
  label: string;
  size(): Promise<number>;
  read(offset: number, length: number): Promise<string>;
}

/** The local processes: who descends from whom, who still lives, and signals to exactly those. */
export interface ProcessTreePort {
  /** Each root with every descendant, across sessions and process groups (roots that are gone: left out). */
  treeOf(roots: number[]): Map<number, ProcessEntry[]>;
  /** The entries that still live (same pid, same start time, not a zombie). */
  alive(entries: readonly ProcessEntry[]): ProcessEntry[];
  signal(entries: readonly ProcessEntry[], signal: 'SIGTERM' | 'SIGKILL'): void;
  /**
   * This account's processes that carry supervisord's mark (SUPERVISOR_PROCESS_NAME, ...) of a server that
   * `server` accepts, by namespec: daemons that double-forked away from the tree are found this way.
   */
  spawnedBy(server: (url: string) => boolean): Map<string, ProcessEntry[]>;
  /**
   * Who listens on this TCP port here (LISTEN in /proc/net/tcp{,6}), looked for among `first` before the
   * rest; undefined when nobody does, `holder` undefined when its owner cannot be read (another account).
   */
  listenerOn(port: number, first: readonly number[]): { holder: ProcessEntry | undefined } | undefined;
}

/** What stops left running, by process or service name, kept across commands (`~/var/run`). */
export interface LeftoverStorePort {
  /** The leftovers still alive, by name (dead ones are dropped). */
  read(): Map<string, ProcessEntry[]>;
  /** Replaces the entries of these names (an empty list clears one). */
  write(entries: Map<string, ProcessEntry[]>): void;
}

/** What running an initscript action gave. `code` is null when it was killed. */
export interface ScriptRun {
  code: number | null;
  signal: string | undefined;
  timedOut: boolean;
  /** The script's combined output, trimmed, control characters removed. */
  output: string;
  /** Set when the script could not be run at all (missing, not executable). */
  error: string | undefined;
}

export type LsbAction = 'start' | 'stop' | 'status' | 'restart';

/** Runs `~/etc/init.d/NAME ACTION` under a timeout that kills the script's whole process group. */
export interface InitscriptPort {
  run(name: string, action: LsbAction, timeoutMs: number): Promise<ScriptRun>;
  /** Another node's (SPEC 10): the initscripts it has, or why they are not known here (no ssh, ssh failed). */
  list?(): Promise<{ names: string[] } | { problem: string }>;
}

/** supervisord as a local process: started on the home's config, and watched until it has exited. */
export interface LauncherPort {
  /** Starts supervisord; resolves once the daemon has been launched. */
  launch(): Promise<void>;
  /** Whether a process with this pid still exists. */
  isRunning(pid: number): boolean;
  /** When the process with this pid started (ms since the epoch), if it can be told. */
  startedAt(pid: number): number | undefined;
  /** The pid in the home's supervisord pidfile when that process lives and is a supervisord. */
  daemonPid(): number | undefined;
}

/** Who holds the home's platform lock: one platform action at a time per home, across processes. */
export interface PlatformHolder {
  pid: number;
  verb: string;
  /** When it began, ms since the epoch. */
  since: number;
  /** Who runs it and from where, as the journal writes them (absent in locks of older versions). */
  user?: string;
  origin?: string;
}

/** The per-home lock of platform actions (hypcontrol start/stop/restart, the panel's `h`). */
export interface PlatformLockPort {
  /**
   * Takes the lock, or says who holds it. A lock whose process is gone (killed, -9) is taken over and
   * said in `tookOver`: that run never ended.
   */
  acquire(
    verb: string,
  ): { ok: true; release(): void; tookOver?: PlatformHolder } | { ok: false; holder: PlatformHolder };
  /** Who holds it now, when that is another live process (a `service` action then refuses). */
  holder(): PlatformHolder | undefined;
}

/** A clock for deadlines and uptimes. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The ports every command acts through. */
export interface ServiceDeps {
  /** Undefined when supervisord.conf itself gives no way to reach the daemon; `supervisorProblem` says why. */
  supervisor: SupervisorPort | undefined;
  supervisorProblem?: string;
  initscripts: InitscriptPort;
  launcher: LauncherPort | undefined;
  clock: Clock;
  /** Absent in tests that do not exercise it: then nothing is locked. */
  platformLock?: PlatformLockPort;
  /** Absent when supervisord is not local (its processes are not ours to see): then no leftover is looked for. */
  processTree?: ProcessTreePort;
  leftoverStore?: LeftoverStorePort;
  /** Absent in tests that do not exercise readiness: then every service is ready once up. */
  probes?: ReadyProbePort;
  /** A log file on this machine (an initscript's), read as a LogReader. */
  logFile?: (file: string, prefix: string) => LogReader;
  /** The action journal; absent in tests that do not exercise it: then nothing is recorded. */
  journal?: JournalPort;
  /** The names each node gave at its last answer, for completion; absent: none are kept. */
  names?: NamesCachePort;
}

/** The names each node of the home answered last (SPEC 10): a Tab completes from them, never waiting for a node. */
export interface NamesCachePort {
  /** Keeps a node's names; a cache that cannot be written is no failure of what asked (never throws). */
  remember(node: string, names: readonly string[]): void;
  /** What the node answered last, or undefined when it never did here. */
  recall(node: string): string[] | undefined;
}

/** Where a reader of the journal stopped: the file (by inode) and the byte after the last whole line. */
export interface JournalPosition {
  inode: number;
  offset: number;
}

/** The action journal (SPEC 9), shared by every command and panel of the home. */
export interface JournalPort {
  /** Who this process's entries name. */
  readonly actor: Actor;
  /** Appends one action, stamped with who, where and when; says why when it could not (never throws). */
  record(record: ActionRecord): string | undefined;
  /** The last `count` entries, oldest first, rotated files included. */
  recent(count: number): { entries: JournalEntry[]; problem?: string };
  /** What was appended since `position` (from the end, when undefined), across a rotation. */
  since(position: JournalPosition | undefined): { entries: JournalEntry[]; position: JournalPosition | undefined };
}

/** One readiness check's answer. */
export interface ProbeResult {
  ok: boolean;
  /** Why not, e.g. `tcp 127.0.0.1:5672: connection refused`; what passed, when ok. */
  reason: string;
}

/** Runs readiness checks (SPEC 8) against the local machine and supervisord. */
export interface ReadyProbePort {
  tcp(host: string, port: number, timeoutMs: number): Promise<ProbeResult>;
  http(url: string, timeoutMs: number): Promise<ProbeResult>;
  exec(argv: readonly string[], timeoutMs: number): Promise<ProbeResult>;
}
