// Helpers for the benchmarks: throwaway Canopsis homes with their own supervisord, and timing.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A home whose supervisord runs `sleep` stand-ins: cheap enough for hundreds of processes. */
export function makeHome(
  name,
  { engines = 0, numprocs = 1, startsecs = 1, programs = {}, stages = '', initd = false } = {},
) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), `ctui-bench-${name}-`));
  const etc = path.join(home, 'etc');
  for (const dir of ['etc/supervisord.d', 'etc/engines', 'var/log', 'var/run'])
    fs.mkdirSync(path.join(home, dir), { recursive: true });
  fs.writeFileSync(
    path.join(etc, 'supervisord.conf'),
    [
      '[unix_http_server]',
      'file=%(here)s/../var/run/supervisord.sock',
      'chmod=0700',
      '[supervisord]',
      'logfile=%(here)s/../var/log/supervisord.log',
      'pidfile=%(here)s/../var/run/supervisord.pid',
      'childlogdir=%(here)s/../var/log',
      'minfds=4096',
      '[rpcinterface:supervisor]',
      'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
      '[supervisorctl]',
      'serverurl=unix://%(here)s/../var/run/supervisord.sock',
      '[include]',
      'files = supervisord.d/*.conf engines/*.ini',
      '',
    ].join('\n'),
  );
  const program = (prog, secs, procs = 1) =>
    [
      `[program:${prog}]`,
      'command=sleep 100000',
      'autostart=false',
      'autorestart=false',
      `startsecs=${secs}`,
      'stopwaitsecs=2',
      `numprocs=${procs}`,
      `process_name=%(program_name)s${procs > 1 ? '-%(process_num)d' : ''}`,
      'stdout_logfile=NONE',
      'stderr_logfile=NONE',
      '',
    ].join('\n');
  for (const [prog, secs] of Object.entries(programs))
    fs.writeFileSync(path.join(etc, 'supervisord.d', `${prog}.conf`), program(prog, secs));
  const names = Array.from({ length: engines }, (_, i) => `engine-${i}`);
  for (const engine of names)
    fs.writeFileSync(path.join(etc, 'engines', `${engine}.ini`), program(engine, startsecs, numprocs));
  if (engines > 0)
    fs.writeFileSync(
      path.join(etc, 'supervisord.d', 'amqp2engines.conf'),
      `[group:amqp2engines]\nprograms=${names.join(',')}\n`,
    );
  fs.writeFileSync(path.join(etc, 'hypcontrol.conf'), stages);
  if (initd) fs.cpSync(path.join(REPO, 'etc/init.d'), path.join(etc, 'init.d'), { recursive: true });
  if (initd) fs.cpSync(path.join(REPO, 'etc/demo'), path.join(etc, 'demo'), { recursive: true });
  return { home, etc, conf: path.join(etc, 'supervisord.conf') };
}

/**
 * The one-file install (dist/canopsis-tui-linux-x64) in a folder of its own with its links, as on a host:
 * the path of each command.
 */
export function oneFile() {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ctui-bench-one-file-'));
  fs.copyFileSync(path.join(REPO, 'dist/canopsis-tui-linux-x64'), path.join(folder, 'canopsis-tui'));
  fs.chmodSync(path.join(folder, 'canopsis-tui'), 0o755);
  for (const link of ['service', 'hypcontrol']) fs.symlinkSync('canopsis-tui', path.join(folder, link));
  const at = (name) => path.join(folder, name);
  return { service: at('service'), hypcontrol: at('hypcontrol'), panel: at('canopsis-tui'), folder };
}

export function bin(name, args, home) {
  return spawnSync(path.join(REPO, 'bin', name), ['--home', home.home, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function ctl(home, ...args) {
  return spawnSync('supervisorctl', ['-c', home.conf, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, HOME: home.home },
  });
}

export async function startSupervisord(home) {
  execFileSync('supervisord', ['-c', home.conf], { cwd: home.etc, env: { ...process.env, HOME: home.home } });
  for (let i = 0; i < 200; i += 1) {
    if (ctl(home, 'pid').status === 0) return;
    await sleep(50);
  }
  throw new Error('supervisord did not answer');
}

export async function destroy(home) {
  bin('hypcontrol', ['stop'], home);
  spawnSync('pkill', ['-f', `${home.home}/`]);
  // What a supervisord killed on purpose (-9, the nodes screenshot) ran lives on: its mark names this home.
  const mark = `SUPERVISOR_SERVER_URL=unix://${home.home}/`;
  for (const pid of fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    let environ = '';
    try {
      environ = fs.readFileSync(`/proc/${pid}/environ`, 'latin1');
    } catch {
      continue;
    }
    if (environ.includes(mark)) spawnSync('kill', ['-KILL', pid]);
  }
  fs.rmSync(home.home, { recursive: true, force: true });
}

/** Wall time of one run of `run()`, in ms. */
export function wall(run) {
  const start = process.hrtime.bigint();
  const result = run();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result && typeof result.status === 'number' && result.status !== 0 && result.status !== 3)
    throw new Error(`exit ${result.status}: ${result.stderr}`);
  return ms;
}

export function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: sorted[Math.floor((sorted.length - 1) / 2)], min: sorted[0], max: sorted.at(-1), n: sorted.length };
}

/**
 * Times several commands round-robin (A, B, C, A, B, C...) after `warmup` untimed rounds, so that a machine
 * that speeds up or slows down during the run weighs on every command alike.
 */
export function measureTogether(commands, { runs = 21, warmup = 3 } = {}) {
  const samples = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (let round = 0; round < warmup + runs; round += 1) {
    for (const [name, run] of Object.entries(commands)) {
      const ms = wall(run);
      if (round >= warmup) samples[name].push(ms);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, list]) => [name, stats(list)]));
}

export const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
export const fmtStats = (s) => `${fmt(s.median)} (min ${fmt(s.min)}, max ${fmt(s.max)}, n=${s.n})`;

export function machine() {
  const cpu =
    /model name\s*:\s*(.*)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const supervisord = spawnSync('supervisord', ['--version'], { encoding: 'utf8' }).stdout.trim();
  return `${os.type()} ${os.release()}, ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; supervisor ${supervisord}`;
}
