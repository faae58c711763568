/**
 * Runs LSB initscripts with execa, avoiding the three traps in FIELD-NOTES: stdin is closed (`ignore`),
 * output goes to a file rather than a pipe (a backgrounded daemon would hold a pipe open, and would die of
 * SIGPIPE once we stopped reading), and the script runs in its own process group that the timeout kills
 * whole, TERM then KILL. The output file is unlinked as soon as it is open (nothing is ever left in /tmp)
 * and kept to its last 64 KB while the script writes: a script that prints without end costs no more.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { InitscriptPort, LsbAction, ScriptRun } from '../core/ports.js';

/** How long a timed-out script's group gets between TERM and KILL. */
export const KILL_GRACE_MS = 2_000;
// The system directories, plus the one of the node running us so stand-ins and node-based scripts work.
const FIXED_PATH = [
  path.dirname(process.execPath),
  '/usr/local/sbin',
  '/usr/local/bin',
  '/usr/sbin',
  '/usr/bin',
  '/sbin',
  '/bin',
].join(':');
/** What is kept of a script's output: its last 64 KB. */
export const KEPT_OUTPUT_BYTES = 64 * 1024;
/**
 * A `status` may write this much at most (RLIMIT_FSIZE through util-linux's prlimit): past it the kernel
 * stops it (SIGXFSZ). Twice what is kept, so a status that writes slowly is trimmed long before, and one
 * that floods costs at most this on disk. Not for start or stop: a daemon they start would inherit it.
 */
export const STATUS_MAX_BYTES = 2 * KEPT_OUTPUT_BYTES;
const PRLIMIT = '/usr/bin/prlimit';
/** How often the output file is brought back to its last 64 KB while the script runs. */
const TRIM_EVERY_MS = 20;
const SHOWN_OUTPUT = 4_000;

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/** The last `bytes` of what has been written to `fd` (a file opened for appending). */
function tail(fd: number, bytes: number): Buffer {
  const size = fs.fstatSync(fd).size;
  const length = Math.min(size, bytes);
  const buffer = Buffer.alloc(length);
  fs.readSync(fd, buffer, 0, length, size - length);
  return buffer;
}

/** Keeps the file to its last KEPT_OUTPUT_BYTES: the script appends (O_APPEND), so it writes at the new end. */
function trim(fd: number): void {
  if (fs.fstatSync(fd).size <= 2 * KEPT_OUTPUT_BYTES) return;
  const kept = tail(fd, KEPT_OUTPUT_BYTES);
  fs.ftruncateSync(fd, 0);
  fs.writeSync(fd, kept);
}

function readOutput(fd: number): string {
  const text = tail(fd, KEPT_OUTPUT_BYTES).toString('utf8');
  /* eslint-disable no-control-regex -- escape sequences and control characters are what is removed */
  const escapes = /\u001b\[[0-9;?]*[A-Za-z]/g;
  const controls = /[\u0000-\u0008\u000b-\u001f\u007f]/g;
  /* eslint-enable no-control-regex */
  return text.replace(escapes, '').replace(controls, '').trim().slice(-SHOWN_OUTPUT);
}

/** Why `file` cannot be run as a script, or undefined when it can. */
function notRunnable(file: string): string | undefined {
  try {
    if (!fs.statSync(file).isFile()) return `${file} is not a regular file`;
    fs.accessSync(file, fs.constants.X_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'EACCES'
      ? `${file} is not executable (chmod +x it)`
      : `cannot run ${file}: ${code ?? (error as Error).message}`;
  }
}

/**
 * The process groups of the scripts this process runs now. Process-wide on purpose: every exit path (q,
 * Ctrl-C, SIGINT, SIGTERM, SIGHUP, an error) ends in process 'exit', which kills them all (see below).
 */
const running = new Set<number>();
let exitHooked = false;

/** Kills every script group still running (TERM would let a hung script linger: KILL). */
export function stopRunningInitscripts(): void {
  for (const pid of running) killGroup(pid, 'SIGKILL');
  running.clear();
}

/** What to run for one action: the program and its arguments, the environment, and whether to bound its output. */
export interface Invocation {
  file: string;
  args: string[];
  env: Record<string, string>;
  /** Refused before anything runs (a missing or non-executable script). */
  problem?: string;
}

/** Runs one invocation under the timeout that kills its whole process group; output kept to its last 64 KB. */
export async function runInvocation(
  what: string,
  invocation: Invocation,
  limited: boolean,
  timeoutMs: number,
): Promise<ScriptRun> {
  const failure = (error: string): ScriptRun => ({ code: null, signal: undefined, timedOut: false, output: '', error });
  if (invocation.problem) return failure(invocation.problem);
  if (!exitHooked) {
    exitHooked = true;
    process.once('exit', stopRunningInitscripts);
  }
  const outFile = path.join(
    os.tmpdir(),
    `canopsis-initscript-${process.pid}-${Math.random().toString(36).slice(2)}.out`,
  );
  let fd: number;
  try {
    fd = fs.openSync(outFile, 'a+', 0o600);
    fs.rmSync(outFile, { force: true });
  } catch (error) {
    // Errors are results: an unusable temporary folder is this script's reason, never a crash.
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return failure(`cannot run ${what}: no room for its output in ${os.tmpdir()} (${why})`);
  }
  // execa hands a descriptor number straight to spawn(); its types only spell out some numbers.
  const sink = fd as 3;
  let timedOut = false;
  let forceTimer: NodeJS.Timeout | undefined;
  const trimmer = setInterval(() => trim(fd), TRIM_EVERY_MS);
  let pid: number | undefined;
  try {
    // execa is loaded on first use: most commands never run an initscript, and it costs ~0.2 s to load.
    const { execa } = await import('execa');
    const bounded = limited && fs.existsSync(PRLIMIT);
    const [file, args] = bounded
      ? [PRLIMIT, [`--fsize=${STATUS_MAX_BYTES}`, '--', invocation.file, ...invocation.args]]
      : [invocation.file, invocation.args];
    const child = execa(file, args, {
      stdin: 'ignore',
      stdout: sink,
      stderr: sink,
      detached: true,
      cleanup: false,
      reject: false,
      extendEnv: false,
      env: invocation.env,
      cwd: '/',
    });
    pid = child.pid;
    if (pid) running.add(pid);
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(pid, 'SIGTERM');
      forceTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), KILL_GRACE_MS);
    }, timeoutMs);
    const result = await child;
    clearTimeout(timer);
    // A timed-out script may leave children behind in its group: they go too.
    if (timedOut) killGroup(pid, 'SIGKILL');
    const spawnFailed = result.failed && result.exitCode === undefined && !result.signal && !timedOut;
    return {
      code: result.exitCode ?? null,
      signal: result.signal,
      timedOut,
      output: readOutput(fd),
      error: spawnFailed ? `cannot run ${invocation.file}: ${result.code ?? result.shortMessage}` : undefined,
    };
  } finally {
    if (pid) running.delete(pid);
    clearInterval(trimmer);
    clearTimeout(forceTimer);
    fs.closeSync(fd);
  }
}

/** An InitscriptPort over `initDir`, scripts run with a fixed environment (PATH, LANG=C, HOME=home). */
export function createInitscriptRunner(initDir: string, home: string): InitscriptPort {
  const env = { PATH: FIXED_PATH, LANG: 'C', LC_ALL: 'C', HOME: home };
  return {
    run(name: string, action: LsbAction, timeoutMs: number): Promise<ScriptRun> {
      const script = path.join(initDir, name);
      const problem = notRunnable(script);
      const invocation: Invocation = { file: script, args: [action], env, ...(problem ? { problem } : {}) };
      return runInvocation(`${name} ${action}`, invocation, action === 'status', timeoutMs);
    },
  };
}
