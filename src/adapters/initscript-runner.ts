/**
 * Runs LSB initscripts with execa, avoiding the three traps in FIELD-NOTES: stdin is closed (`ignore`),
 * output goes to a file rather than a pipe (a backgrounded daemon would hold a pipe open), and the script
 * runs in its own process group that the timeout kills whole, TERM then KILL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { InitscriptPort, LsbAction, ScriptRun } from '../core/ports.js';

/** How long a timed-out script's group gets between TERM and KILL. */
const KILL_GRACE_MS = 2_000;
// The system directories, plus the one of the node running us so stand-ins and node-based scripts work.
const FIXED_PATH = [path.dirname(process.execPath), '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'].join(':');
const MAX_OUTPUT = 4_000;

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

function readOutput(file: string): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    // eslint-disable-next-line no-control-regex
    return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim().slice(-MAX_OUTPUT);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** An InitscriptPort over `initDir`, scripts run with a fixed environment (PATH, LANG=C, HOME=home). */
export function createInitscriptRunner(initDir: string, home: string): InitscriptPort {
  return {
    async run(name: string, action: LsbAction, timeoutMs: number): Promise<ScriptRun> {
      const outFile = path.join(os.tmpdir(), `canopsis-initscript-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.out`);
      const fd = fs.openSync(outFile, 'w+', 0o600);
      // execa hands a descriptor number straight to spawn(); its types only spell out some numbers.
      const sink = fd as 3;
      let timedOut = false;
      let forceTimer: NodeJS.Timeout | undefined;
      try {
        // execa is loaded on first use: most commands never run an initscript, and it costs ~0.2 s to load.
        const { execa } = await import('execa');
        const child = execa(path.join(initDir, name), [action], {
          stdin: 'ignore',
          stdout: sink,
          stderr: sink,
          detached: true,
          cleanup: false,
          reject: false,
          extendEnv: false,
          env: { PATH: FIXED_PATH, LANG: 'C', LC_ALL: 'C', HOME: home },
          cwd: '/',
        });
        const timer = setTimeout(() => {
          timedOut = true;
          killGroup(child.pid, 'SIGTERM');
          forceTimer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), KILL_GRACE_MS);
        }, timeoutMs);
        const result = await child;
        clearTimeout(timer);
        // A timed-out script may leave children behind in its group: they go too.
        if (timedOut) killGroup(child.pid, 'SIGKILL');
        const spawnFailed = result.failed && result.exitCode === undefined && !result.signal && !timedOut;
        return {
          code: result.exitCode ?? null,
          signal: result.signal,
          timedOut,
          output: readOutput(outFile),
          error: spawnFailed ? `cannot run ${path.join(initDir, name)}: ${result.code ?? result.shortMessage}` : undefined,
        };
      } finally {
        clearTimeout(forceTimer);
        fs.closeSync(fd);
        fs.rmSync(outFile, { force: true });
      }
    },
  };
}
