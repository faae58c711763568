/** Starts supervisord on the home's config when an action needs it and it is down (SPEC 4). */
import fs from 'node:fs';
import path from 'node:path';
import type { LauncherPort } from '../core/ports.js';
import { maskSecrets } from '../core/model/secrets.js';
import { readRegularFile } from './config-files.js';

/** How long to wait for the launching process to daemonize before taking it as running in the foreground. */
const DAEMONIZE_WAIT_MS = 3_000;

/** `~/bin/supervisord` when the home has its own (as Canopsis installs do), else the one on PATH. */
function supervisordBinary(home: string): string {
  const own = path.join(home, 'bin', 'supervisord');
  try {
    fs.accessSync(own, fs.constants.X_OK);
    return own;
  } catch {
    return 'supervisord';
  }
}

/** Linux's clock ticks per second for /proc/PID/stat (USER_HZ, 100 on every common architecture). */
const USER_HZ = 100;

/** Start time of a process from /proc: boot time plus its start in ticks; undefined off Linux. */
export function processStartedAt(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), from field 3 on; starttime is field 22.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    const btime = Number(/^btime (\d+)$/m.exec(fs.readFileSync('/proc/stat', 'utf8'))?.[1]);
    return Number.isFinite(ticks) && Number.isFinite(btime) ? btime * 1000 + (ticks * 1000) / USER_HZ : undefined;
  } catch {
    return undefined;
  }
}

export interface LauncherOptions {
  configFile: string;
  home: string;
  env: NodeJS.ProcessEnv;
  /** supervisord's pidfile, as its config names it (undefined when the config does not say). */
  pidfile: string | undefined;
}

/** Whether a process with this pid exists (EPERM: it does, as another user's). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether `pid` runs supervisord: its command line names it (a reused pid runs something else). */
function runsSupervisord(pid: number): boolean {
  try {
    return /supervisord/.test(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch (error) {
    // No /proc (not Linux): the pid being alive is all that can be told.
    return (error as NodeJS.ErrnoException).code === 'ENOENT' && !fs.existsSync('/proc/self');
  }
}

/** The pid in supervisord's pidfile when that process is alive and is a supervisord. */
function daemonPidFrom(pidfile: string | undefined): number | undefined {
  if (!pidfile) return undefined;
  const read = readRegularFile(pidfile);
  const pid = read.ok ? Number(read.text.trim()) : NaN;
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) && runsSupervisord(pid) ? pid : undefined;
}

export function createSupervisordLauncher({ configFile, home, env, pidfile }: LauncherOptions): LauncherPort {
  return {
    isRunning: isAlive,
    startedAt: processStartedAt,
    daemonPid: () => daemonPidFrom(pidfile),
    async launch() {
      // Loaded when supervisord is launched, not by every command at start-up.
      const { spawn } = await import('node:child_process');
      return new Promise<void>((resolve, reject) => {
        const binary = supervisordBinary(home);
        const output: Buffer[] = [];
        const child = spawn(binary, ['-c', configFile], {
          cwd: path.dirname(configFile),
          env: { ...env, HOME: home },
          detached: true,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
        child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
        const settle = setTimeout(() => {
          // Still running: supervisord was told nodaemon=true and stays in the foreground. Let it go.
          child.stdout.destroy();
          child.stderr.destroy();
          child.unref();
          resolve();
        }, DAEMONIZE_WAIT_MS);
        child.on('error', (error: NodeJS.ErrnoException) => {
          clearTimeout(settle);
          const hint =
            error.code === 'ENOENT'
              ? ": not found (install Debian's supervisor package, or put supervisord in ~/bin)"
              : `: ${error.message}`;
          reject(new Error(`cannot start supervisord${hint}`));
        });
        child.on('exit', (code, signal) => {
          clearTimeout(settle);
          const text = maskSecrets(Buffer.concat(output).toString('utf8').trim().split('\n').slice(-5).join('\n'));
          if (code === 0) resolve();
          else if (code === 2 && text) reject(new Error(`supervisord refused to start on ${configFile}: ${text}`));
          else reject(new Error(`supervisord -c ${configFile} exited ${code ?? signal}${text ? `: ${text}` : ''}`));
        });
      });
    },
  };
}
