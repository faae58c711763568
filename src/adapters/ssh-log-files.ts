/**
 * Another node's initscript log (SPEC 10), read through the system's ssh as a LogReader: its size with
 * `stat`, a range with `tail -c +N | head -c LEN`. A path under this home is taken as under the node's
 * home (ssh starts there), as Canopsis writes `~/var/log/NAME.log` on every node. The file name is quoted
 * for the remote shell (shell-quote).
 */
import { quote } from 'shell-quote';
import type { LogReader } from '../core/ports.js';
import { sshInvocation } from './ssh-initscripts.js';

const READ_TIMEOUT_MS = 15_000;

/** The path on the node: relative to its home when under this home here. */
export function nodePath(file: string, home: string): string {
  return file.startsWith(`${home}/`) ? file.slice(home.length + 1) : file;
}

export function sshLogReader(target: string, node: string, file: string, prefix: string): LogReader {
  const label = `${node}:${file.startsWith('/') ? file : `~/${file}`}`;
  const run = async (command: string) => {
    const { file: ssh, args, env } = sshInvocation(target, command);
    // execa is loaded when ssh is run: a command on this node alone never pays for it (start-up).
    const { execa } = await import('execa');
    const answer = await execa(ssh, args, {
      env,
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
      timeout: READ_TIMEOUT_MS,
      stripFinalNewline: false,
    });
    if (answer.timedOut) throw new Error(`${label}: ssh ${target} did not answer in ${READ_TIMEOUT_MS / 1000}s`);
    if (answer.exitCode === 0) return String(answer.stdout);
    const said = String(answer.stderr).split('\n').filter(Boolean).at(-1) ?? `exit ${answer.exitCode}`;
    if (/No such file/.test(said)) throw new Error(`${label} does not exist`);
    if (/Permission denied/.test(said) && answer.exitCode !== 255) throw new Error(`${label}: permission denied`);
    throw new Error(`${label}: ${answer.exitCode === 255 ? `ssh ${target} failed: ` : ''}${said}`);
  };
  const quoted = quote([file]);
  return {
    prefix,
    label,
    size: async () => Number((await run(`stat -c %s -- ${quoted}`)).trim()),
    read: (offset, length) => run(`tail -c +${offset + 1} -- ${quoted} | head -c ${length}`),
  };
}
