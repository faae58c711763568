/** Readiness probes (SPEC 8) on node:net, node:http and node:child_process; each attempt under its own timeout. */
import http from 'node:http';
import net from 'node:net';
import type { ProbeResult, ReadyProbePort } from '../core/ports.js';
import { maskSecrets } from '../core/model/secrets.js';

const OUTPUT_KEPT = 400;

function reasonOf(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ETIMEDOUT':
      return 'timed out';
    case 'EHOSTUNREACH':
      return 'host unreachable';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    default:
      return error.message;
  }
}

function tcp(host: string, port: number, timeoutMs: number): Promise<ProbeResult> {
  const where = `tcp ${host.includes(':') ? `[${host}]` : host}:${port}`;
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const end = (result: ProbeResult) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => end({ ok: false, reason: `${where}: no answer in ${timeoutMs / 1000}s` }));
    socket.once('connect', () => end({ ok: true, reason: `${where}: accepts connections` }));
    socket.once('error', (error) => end({ ok: false, reason: `${where}: ${reasonOf(error)}` }));
  });
}

async function httpGet(url: string, timeoutMs: number): Promise<ProbeResult> {
  const shown = `http ${url.replace(/\/\/[^/@]*@/, '//')}`;
  // https (and the TLS and crypto it brings) is loaded only by a check that needs it: every command starts faster.
  const client = url.startsWith('https:') ? (await import('node:https')).default : http;
  return new Promise((resolve) => {
    const request = client.get(url, { timeout: timeoutMs, agent: false }, (response) => {
      response.resume();
      const status = response.statusCode ?? 0;
      resolve(
        status >= 200 && status < 400
          ? { ok: true, reason: `${shown}: ${status}` }
          : { ok: false, reason: `${shown}: answered ${status}` },
      );
    });
    request.once('timeout', () => {
      request.destroy();
      resolve({ ok: false, reason: `${shown}: no answer in ${timeoutMs / 1000}s` });
    });
    request.once('error', (error) => resolve({ ok: false, reason: `${shown}: ${reasonOf(error)}` }));
  });
}

/**
 * Runs the command without a shell, in its own process group (killed whole at the timeout), output kept
 * for the reason.
 */
async function exec(argv: readonly string[], timeoutMs: number): Promise<ProbeResult> {
  const shown = `exec ${argv[0] ?? ''}`;
  // Loaded when a check runs a command, not by every command at start-up.
  const { spawn } = await import('node:child_process');
  return new Promise((resolve) => {
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEPT * 4);
    };
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }, timeoutMs);
    const last = () => {
      // Control characters and secrets never reach a message; the last line says the most.
      const lines = output
        .replace(/[^\P{Cc}\n\t]/gu, '')
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
      const text = maskSecrets(lines.at(-1) ?? '').slice(0, OUTPUT_KEPT);
      return text ? `: ${text}` : '';
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ ok: false, reason: `${shown}: ${error.code === 'ENOENT' ? 'command not found' : error.message}` });
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) resolve({ ok: false, reason: `${shown}: no answer in ${timeoutMs / 1000}s${last()}` });
      else if (code === 0) resolve({ ok: true, reason: `${shown}: exit 0` });
      else
        resolve({ ok: false, reason: `${shown}: ${code === null ? `killed by ${signal}` : `exit ${code}`}${last()}` });
    });
  });
}

export function createReadyProbes(): ReadyProbePort {
  return { tcp, http: httpGet, exec };
}
