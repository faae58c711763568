// The runs the one file's code caches are made from (scripts/one-file.mjs, scripts/one-file-train.cjs): each
// command on a copy of the bundled demo home, with its own supervisord when Debian's supervisor is installed
// (else the commands find no daemon, and the code that reads its answers is compiled at run time instead).
// The panel needs a terminal: it is run under util-linux's `script`, when there is one, for a few seconds.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repo } from './bundle-common.mjs';

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `runs(home, env)` on a training home (and its supervisord, stopped by its pid after); what it says. */
export async function withTrainingHome(runs) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'canopsis-tui-train-'));
  fs.cpSync(path.join(repo, 'etc'), path.join(home, 'etc'), { recursive: true });
  for (const dir of ['var/log', 'var/run']) fs.mkdirSync(path.join(home, dir), { recursive: true });
  const env = { ...process.env, HOME: home, CI: '0', CANOPSIS_TUI_DEBUG: '' };
  const pidFile = path.join(home, 'var/run/supervisord.pid');
  let daemon = has('supervisord');
  try {
    if (daemon) daemon = await startDaemon(home, env);
    runs(home, env);
    return daemon ? 'with a supervisord' : 'with no supervisord (none installed, or it did not start)';
  } finally {
    if (daemon) await stopDaemon(pidFile);
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** Starts the training home's supervisord; false when it does not start (the caches are made without it). */
async function startDaemon(home, env) {
  const conf = path.join(home, 'etc/supervisord.conf');
  if (spawnSync('supervisord', ['-c', conf], { env, stdio: 'ignore' }).status !== 0) return false;
  for (let waited = 0; !fs.existsSync(path.join(home, 'var/run/supervisord.sock')); waited += 50) {
    if (waited > 15_000) return true; // Started, but silent: stopped by its pid all the same.
    await sleep(50);
  }
  return true;
}

async function stopDaemon(pidFile) {
  const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').trim()) : 0;
  if (!pid) return;
  const alive = () => {
    try {
      return process.kill(pid, 0);
    } catch {
      return false;
    }
  };
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; alive() && waited < 10_000; waited += 50) await sleep(50);
  if (alive()) process.kill(pid, 'SIGKILL');
}

/**
 * The run that trains `command`'s bundle into `cache`: the trainer's arguments (with how long the run may
 * last: the panel is ended after a few seconds, the others end by themselves), and whether it needs a
 * terminal.
 */
export function trainingRun(command, bundle, cache, home) {
  const trainer = [path.join(repo, 'scripts/one-file-train.cjs'), bundle, cache];
  if (command === 'service') return { args: [...trainer, '30', '--home', home, 'amqp2engines', 'status'] };
  if (command === 'hypcontrol') return { args: [...trainer, '30', '--home', home, 'status'] };
  return { args: [...trainer, '4', '--home', home], terminal: true };
}

const quoted = (arg) => `'${arg.replaceAll("'", "'\\''")}'`;

/**
 * Runs one training run; the panel inside a terminal (`script`), if there is one, and if that cannot run
 * (no pty), as it is (it then stops at once, and its cache holds what it loads).
 */
export function train({ args, terminal }, env) {
  const run = (file, rest) => spawnSync(file, rest, { env, stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
  let result;
  if (terminal && has('script'))
    result = run('script', ['-qec', [process.execPath, ...args].map(quoted).join(' '), '/dev/null']);
  if (!fs.existsSync(args[2])) result = run(process.execPath, args);
  if (!fs.existsSync(args[2])) throw new Error(`training ${path.basename(args[1])} failed: ${result.stderr}`);
}
