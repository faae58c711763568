/**
 * Two scans of /proc that the process tree cannot answer (Linux): processes by supervisord's mark in their
 * environment, and who listens on a TCP port. Hand-written: no maintained package reads either (FIELD-NOTES
 * "Turn 3"); only this account's processes can be read, which is all a stop or a readiness check concerns.
 */
import fs from 'node:fs';
import { makeNamespec } from '../core/model/names.js';

/** Every numeric entry of /proc. */
export function procPids(): number[] {
  try {
    return fs
      .readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return [];
  }
}

/** The namespec a process was spawned for and by which server, when supervisord marked it. */
export function spawnMark(pid: number): { namespec: string; server: string } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/environ`, 'latin1');
  } catch {
    return undefined;
  }
  if (!text.includes('SUPERVISOR_PROCESS_NAME=')) return undefined;
  const env = new Map(
    text.split('\0').map((pair) => {
      const at = pair.indexOf('=');
      return [pair.slice(0, at), pair.slice(at + 1)] as const;
    }),
  );
  const name = env.get('SUPERVISOR_PROCESS_NAME');
  const server = env.get('SUPERVISOR_SERVER_URL');
  if (!name || server === undefined) return undefined;
  return { namespec: makeNamespec(env.get('SUPERVISOR_GROUP_NAME') ?? name, name), server };
}

/** The inodes of the sockets listening on `port`, from /proc/net/tcp and tcp6 (state 0A is LISTEN). */
export function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  const wanted = port.toString(16).toUpperCase().padStart(4, '0');
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is HEXADDR:HEXPORT; the inode is the tenth field.
      if (fields[3] === '0A' && fields[1]?.endsWith(`:${wanted}`) && fields[9]) inodes.add(fields[9]);
    }
  }
  return inodes;
}

/** The first of `pids` holding one of these socket inodes among its open files. */
export function holderOf(inodes: ReadonlySet<string>, pids: readonly number[]): number | undefined {
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const link = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
        if (link.startsWith('socket:[') && inodes.has(link.slice(8, -1))) return pid;
      } catch {
        // Closed in between.
      }
    }
  }
  return undefined;
}
