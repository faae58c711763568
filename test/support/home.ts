/** Temporary Canopsis homes with a real supervisord, for integration tests. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { createSupervisorClient } from '../../src/adapters/supervisor-client.js';
import { readDaemonAddress, readSupervisordConfig } from '../../src/core/config/supervisord-config.js';
import { daemonReadOptions, fileConfigSource } from '../../src/adapters/config-files.js';
import type { SupervisorPort } from '../../src/core/ports.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface TestHome {
  home: string;
  etc: string;
  conf: string;
  /** Writes a file under the home (parents created); `mode` for scripts. */
  write(relative: string, text: string, mode?: number): string;
}

/** The TCP ports the bundled stand-ins open (etc/supervisord.d, etc/canopsis-tui.ini). */
const DEMO_PORTS = ['17672', '17017', '18082'];
let portsGiven = 0;

/**
 * Gives the copied stand-ins ports of their own, so that homes of tests running side by side never answer
 * each other's readiness checks: the same file edit an operator would make.
 */
function ownPorts(etc: string): void {
  // Below Linux's ephemeral range (32768 and up), where a client socket could hold the port.
  const base = 20_000 + ((process.pid * 31 + portsGiven++ * 7) % 4_000) * 3;
  const files = [
    path.join(etc, 'canopsis-tui.ini'),
    ...fs.readdirSync(path.join(etc, 'supervisord.d')).map((name) => path.join(etc, 'supervisord.d', name)),
  ];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(
      file,
      DEMO_PORTS.reduce((all, port, index) => all.replaceAll(port, String(base + index)), text),
    );
  }
}

/** A fresh home: a copy of the bundled `etc/` (or an empty one) plus `var/log` and `var/run`. */
export function makeHome(options: { bundled?: boolean } = {}): TestHome {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ctui-'));
  const etc = path.join(home, 'etc');
  if (options.bundled ?? true) {
    fs.cpSync(path.join(REPO, 'etc'), etc, { recursive: true });
    ownPorts(etc);
  } else fs.mkdirSync(etc);
  fs.mkdirSync(path.join(home, 'var', 'log'), { recursive: true });
  fs.mkdirSync(path.join(home, 'var', 'run'), { recursive: true });
  return {
    home,
    etc,
    conf: path.join(etc, 'supervisord.conf'),
    write(relative, text, mode = 0o644) {
      const file = path.join(home, relative);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text, { mode });
      fs.chmodSync(file, mode);
      return file;
    },
  };
}

/**
 * A home written the way Canopsis 2.x writes its own (test/fixtures/canopsis-home): `~/` paths, credentials
 * on the socket, commands found through `~/bin` on PATH. Run it with `canopsisEnv`, HOME set to it.
 */
export function makeCanopsisHome(): TestHome {
  const home = makeHome({ bundled: false });
  fs.cpSync(path.join(REPO, 'test/fixtures/canopsis-home'), home.home, { recursive: true });
  fs.copyFileSync(path.join(REPO, 'etc/demo/standin.mjs'), path.join(home.home, 'bin', 'standin.mjs'));
  fs.mkdirSync(path.join(home.home, 'var', 'log', 'engines'), { recursive: true });
  fs.mkdirSync(path.join(home.home, 'tmp'), { recursive: true });
  return home;
}

/** A supervisord.conf of the home's own: socket, pidfile and log under `~/var`, then `programs` (INI lines). */
export function writeSupervisordConf(home: TestHome, programs: string[]): void {
  const header = [
    '[supervisord]',
    'logfile=%(here)s/../var/log/supervisord.log',
    'pidfile=%(here)s/../var/run/supervisord.pid',
    '[unix_http_server]',
    'file=%(here)s/../var/run/supervisord.sock',
    '[rpcinterface:supervisor]',
    'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
    '[supervisorctl]',
    'serverurl=unix://%(here)s/../var/run/supervisord.sock',
  ];
  home.write('etc/supervisord.conf', [...header, ...programs, ''].join('\n'));
}

/**
 * `~/bin/leaver`: a program whose child moves to a session of its own (`lingerer`, standing for beam.smp
 * under Debian's rabbitmq-server wrapper) and outlives it. Returns the command to run it.
 */
export function writeLeaver(home: TestHome): string {
  // Each lingerer leaves its pid under ~/var/run/lingerers: its title hides the home from `pkill -f`,
  // and destroyHome stops it by that pid whatever the test did.
  home.write(
    'bin/lingerer',
    [
      '#!/usr/bin/env node',
      "const fs = require('node:fs');",
      `fs.mkdirSync('${home.home}/var/run/lingerers', { recursive: true });`,
      `fs.writeFileSync('${home.home}/var/run/lingerers/' + process.pid, '');`,
      'process.title = "lingerer";',
      'setInterval(() => undefined, 1000);',
      '',
    ].join('\n'),
    0o755,
  );
  return home.write('bin/leaver', `#!/bin/sh\nsetsid ${home.home}/bin/lingerer &\nexec sleep 300\n`, 0o755);
}

/** The Canopsis account's environment: HOME is the home, `~/bin` first on PATH, no CANOPSIS_HOME. */
export function canopsisEnv(home: TestHome): Record<string, string> {
  return { HOME: home.home, PATH: `${home.home}/bin:${process.env.PATH ?? '/usr/bin:/bin'}`, CANOPSIS_HOME: '' };
}

/** Runs a command as the Canopsis account would: no --home, HOME set, from another folder. */
export async function runAsAccount(bin: string, args: string[], home: TestHome): Promise<CliRun> {
  const result = await execa(path.join(REPO, 'bin', bin), args, {
    reject: false,
    stdin: 'ignore',
    cwd: os.tmpdir(),
    env: canopsisEnv(home),
    timeout: 120_000,
  });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** The pid in the home's supervisord pidfile (wherever its main file puts it), or 0. */
export function supervisordPid(home: TestHome): number {
  try {
    const { pidfile } = readDaemonAddress(fileConfigSource, home.conf, daemonReadOptions(home.home, process.env));
    return pidfile && fs.existsSync(pidfile) ? Number(fs.readFileSync(pidfile, 'utf8').trim()) : 0;
  } catch {
    return 0;
  }
}

/** A client built from the home's own config, the way the commands build it. */
export function clientFor(home: TestHome): SupervisorPort {
  const config = readSupervisordConfig(fileConfigSource, home.conf, daemonReadOptions(home.home, process.env));
  return createSupervisorClient(config.access);
}

/** Starts a real supervisord on the home and waits until it answers. */
export async function startSupervisord(home: TestHome): Promise<SupervisorPort> {
  await execa('supervisord', ['-c', home.conf], {
    cwd: home.etc,
    env: { ...process.env, HOME: home.home },
    stdin: 'ignore',
  });
  const client = clientFor(home);
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      if ((await client.getState()).statename === 'RUNNING') return client;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Sends `signal` to one process. A pid that is not a positive integer (a pgrep that found nothing, an
 * empty pidfile) would make process.kill signal the test runner's own process group: refused instead.
 */
export function signalPid(pid: number, signal: NodeJS.Signals): void {
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`refusing to send ${signal} to pid ${pid}`);
  process.kill(pid, signal);
}

/**
 * Whether the process runs: a zombie does not (kill -0 would say it lives). Processes re-parented to a
 * pid 1 that does not reap (a container's) stay zombies after they die.
 */
export function processRuns(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^Z/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops the home's supervisord (if any) and every process still running from the home, then removes it. */
/** This account's processes that run for `home`: started with it as HOME, or by its supervisord. */
function processesOfHome(home: string): number[] {
  const marks = [`\0HOME=${home}\0`, `SUPERVISOR_SERVER_URL=unix://${home}/`];
  return fs.readdirSync('/proc').flatMap((entry) => {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) return [];
    try {
      const environ = `\0${fs.readFileSync(`/proc/${pid}/environ`, 'latin1')}`;
      return marks.some((mark) => environ.includes(mark)) ? [pid] : [];
    } catch {
      return [];
    }
  });
}

export async function destroyHome(home: TestHome): Promise<void> {
  const pid = supervisordPid(home);
  if (pid && pidAlive(pid)) {
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + 10_000;
    while (pidAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await execa('pkill', ['-KILL', '-f', home.home], { reject: false });
  // What its supervisord ran outlives a supervisord that a test killed (-9): each such process, by its pid.
  for (const pid of processesOfHome(home.home)) {
    try {
      signalPid(pid, 'SIGKILL');
    } catch {
      // It ended meanwhile.
    }
  }
  const lingerers = path.join(home.home, 'var/run/lingerers');
  for (const name of fs.existsSync(lingerers) ? fs.readdirSync(lingerers) : []) {
    const lingerer = Number(name);
    if (processRuns(lingerer) && fs.readFileSync(`/proc/${lingerer}/cmdline`, 'utf8').startsWith('lingerer'))
      signalPid(lingerer, 'SIGKILL');
  }
  fs.rmSync(home.home, { recursive: true, force: true });
}

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs a compiled command (`service`, `hypcontrol`) as an operator would, with the home given. */
export async function runBin(
  bin: string,
  args: string[],
  home: TestHome,
  env: Record<string, string> = {},
): Promise<CliRun> {
  const result = await execa(path.join(REPO, 'bin', bin), ['--home', home.home, ...args], {
    reject: false,
    stdin: 'ignore',
    env: { ...env, CANOPSIS_HOME: '' },
    timeout: 120_000,
  });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}
