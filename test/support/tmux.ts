/** A real terminal for end-to-end tests: tmux with its own server, send-keys and capture-pane. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';

export interface Terminal {
  keys(...keys: string[]): Promise<void>;
  /** Sends `text` literally in one write, as keys that arrive together over SSH (`send-keys -l`). */
  type(text: string): Promise<void>;
  screen(): Promise<string>;
  waitFor(check: (screen: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  /** A tmux format value, e.g. `#{alternate_on}`. */
  format(spec: string): Promise<string>;
  /** Bytes the program wrote to the terminal since the test began. */
  bytesWritten(): number;
  /** Resizes the terminal (the program gets SIGWINCH). */
  resize(columns: number, rows: number): Promise<void>;
  close(): Promise<void>;
}

export async function openTerminal(
  command: string,
  options: { columns: number; rows: number; env: Record<string, string> },
): Promise<Terminal> {
  const socket = `ctui-${process.pid}-${Date.now()}`;
  const log = path.join(os.tmpdir(), `${socket}.out`);
  const tmux = (...args: string[]) => execa('tmux', ['-L', socket, ...args], { stdin: 'ignore' });
  const env = Object.entries(options.env)
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
    .join(' ');
  // The shell stays after the program exits, so the test can read what it left on the terminal.
  await tmux(
    'new-session',
    '-d',
    '-s',
    'e2e',
    '-x',
    String(options.columns),
    '-y',
    String(options.rows),
    `env ${env} ${command}; echo "EXIT=$?"; exec sleep 600`,
  );
  await tmux('pipe-pane', '-o', '-t', 'e2e', `cat >> ${log}`);
  const screen = async () => String((await tmux('capture-pane', '-p', '-t', 'e2e')).stdout);
  return {
    async keys(...keys) {
      for (const key of keys) await tmux('send-keys', '-t', 'e2e', key);
    },
    async type(text) {
      await tmux('send-keys', '-t', 'e2e', '-l', text);
    },
    screen,
    async waitFor(check, what, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      let last = '';
      while (Date.now() < deadline) {
        last = await screen();
        if (check(last)) return last;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`timed out waiting for ${what}; screen:\n${last}`);
    },
    format: async (spec) => String((await tmux('display-message', '-p', '-t', 'e2e', spec)).stdout).trim(),
    bytesWritten: () => (fs.existsSync(log) ? fs.statSync(log).size : 0),
    async resize(columns, rows) {
      await tmux('resize-window', '-t', 'e2e', '-x', String(columns), '-y', String(rows));
    },
    async close() {
      // The pane's process (the wait that keeps the terminal open, once the program has ended) goes with it.
      const pane = Number(
        String((await tmux('display-message', '-p', '-t', 'e2e', '#{pane_pid}').catch(() => ({ stdout: '' }))).stdout),
      );
      await execa('tmux', ['-L', socket, 'kill-server'], { reject: false });
      if (pane > 0) {
        try {
          process.kill(pane, 'SIGKILL');
        } catch {
          // gone with the server
        }
      }
      fs.rmSync(log, { force: true });
    },
  };
}

/**
 * An interactive bash in a terminal, with the project's bin first on PATH, `CANOPSIS_HOME` set and
 * `service --completion bash` sourced: each line typed once bash prompts for it (what is typed ahead is
 * echoed out of place).
 */
export async function completionShell(home: string, repo: string): Promise<Terminal> {
  const env = {
    PATH: `${path.join(repo, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    CANOPSIS_HOME: home,
    TERM: 'xterm-256color',
    PS1: '$ ',
  };
  const bash = await openTerminal('bash --norc --noprofile -i', { columns: 120, rows: 20, env });
  await bash.waitFor((s) => /^\$ ?$/m.test(s), 'the prompt');
  await bash.type('source <(service --completion bash)');
  await bash.keys('Enter');
  await bash.waitFor((s) => /^\$ source .*\n\$ ?$/m.test(s), 'the completion sourced');
  return bash;
}
