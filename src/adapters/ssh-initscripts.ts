/**
 * Another node's initscripts (SPEC 10), run through the system's ssh: BatchMode (never a password prompt),
 * a connection timeout, and the same action timeout and process-group kill as local scripts (the group
 * is ssh's, here). The remote command is `etc/init.d/NAME ACTION` from the account's home, as the local
 * ones are `~/etc/init.d/NAME`; names are checked service names (no shell metacharacters).
 */
import os from 'node:os';
import type { InitscriptPort, LsbAction, ScriptRun } from '../core/ports.js';
import { runInvocation, type Invocation } from './initscript-runner.js';

/** How long ssh may take to connect before it gives up (its own ConnectTimeout). */
export const SSH_CONNECT_TIMEOUT_S = 5;
/** ssh's own exit code when it fails (connection, authentication). */
const SSH_FAILED = 255;
/** Lists the executable regular files of the remote `etc/init.d`, a name a line. */
const LIST = 'for f in etc/init.d/*; do [ -f "$f" ] && [ -x "$f" ] && echo "${f##*/}"; done; true';
const LIST_TIMEOUT_MS = 15_000;

export interface RemoteInitscripts extends InitscriptPort {
  /** The initscripts the node has, or why they cannot be listed. */
  list(): Promise<{ names: string[] } | { problem: string }>;
}

/** The system's ssh running `command` on `target` from that account's home: never a prompt, a bounded connect. */
export function sshInvocation(target: string, command: string): Invocation {
  const env: Record<string, string> = {
    PATH: process.env.PATH || '/usr/bin:/bin',
    LANG: 'C',
    LC_ALL: 'C',
    HOME: os.homedir(),
  };
  if (process.env.SSH_AUTH_SOCK) env.SSH_AUTH_SOCK = process.env.SSH_AUTH_SOCK;
  const args = ['-o', 'BatchMode=yes', '-o', `ConnectTimeout=${SSH_CONNECT_TIMEOUT_S}`, '-T', '--', target, command];
  return { file: 'ssh', args, env };
}

export function createSshInitscripts(target: string): RemoteInitscripts {
  const ssh = (command: string) => sshInvocation(target, command);
  /** ssh's own failure is the run's error, with what ssh said. */
  const viaSsh = (run: ScriptRun): ScriptRun => {
    if (run.code !== SSH_FAILED) return run;
    const said = run.output.split('\n').filter(Boolean).at(-1) ?? 'no message';
    return { ...run, error: `ssh ${target} failed: ${said}` };
  };
  return {
    async run(name: string, action: LsbAction, timeoutMs: number) {
      return viaSsh(
        await runInvocation(`${name} ${action} over ssh`, ssh(`etc/init.d/${name} ${action}`), false, timeoutMs),
      );
    },
    async list() {
      const run = viaSsh(await runInvocation('the initscripts over ssh', ssh(LIST), false, LIST_TIMEOUT_MS));
      if (run.error) return { problem: run.error };
      if (run.timedOut) return { problem: `ssh ${target}: no answer in ${LIST_TIMEOUT_MS / 1000}s` };
      if (run.code !== 0) return { problem: `ssh ${target}: exit ${run.code}` };
      return {
        names: run.output
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean)
          .sort(),
      };
    },
  };
}
