/**
 * The local process tree from /proc (Linux). Hand-written: ps-tree and pidtree spawn `ps` per call and keep
 * no start time, and a leftover must be told from a reused pid (FIELD-NOTES "Leftovers": field 22).
 */
import fs from 'node:fs';
import type { ProcessTreePort } from '../core/ports.js';
import type { ProcessEntry } from '../core/model/process-entry.js';
import { holderOf, listeningInodes, procPids, spawnMark } from './proc-scan.js';
import { appendTo } from '../core/model/lists.js';

interface Stat extends ProcessEntry {
  ppid: number;
  state: string;
}

/** `/proc/PID/stat`: `pid (comm) state ppid ...`; comm may hold spaces and parentheses, so cut at the last `)`. */
function readStat(pid: number): Stat | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const fields = text.slice(close + 2).split(' ');
  // fields[0] is field 3 (state), so field N is fields[N - 3].
  return {
    pid,
    name: text.slice(open + 1, close),
    state: fields[0] ?? '?',
    ppid: Number(fields[1]),
    startTicks: Number(fields[19]),
  };
}

function allStats(): Stat[] {
  return procPids().flatMap((pid) => readStat(pid) ?? []);
}

/** Processes of this account only: another account's environment is neither readable nor ours to signal. */
function ownedByUs(pid: number): boolean {
  try {
    return fs.statSync(`/proc/${pid}`).uid === process.getuid?.();
  } catch {
    return false;
  }
}

/**
 * The name an operator knows a process by: the kernel's `comm` (a script's own name, not its `sh`), made
 * whole from /proc/PID/cmdline when the kernel cut it at 15 characters (`collector-helpe`).
 */
function commandName(pid: number, comm: string): string {
  try {
    const argv0 = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]?.split(' ')[0] ?? '';
    const name = argv0.slice(argv0.lastIndexOf('/') + 1).trim();
    return name.length > comm.length && name.startsWith(comm) ? name : comm;
  } catch {
    return comm;
  }
}

const entry = ({ pid, startTicks, name }: Stat): ProcessEntry => ({ pid, startTicks, name: commandName(pid, name) });

export function createProcessTree(): ProcessTreePort {
  const alive = (entries: readonly ProcessEntry[]) =>
    entries.filter((wanted) => {
      const now = readStat(wanted.pid);
      return (
        wanted.pid > 1 &&
        now !== undefined &&
        now.startTicks === wanted.startTicks &&
        now.state !== 'Z' &&
        now.state !== 'X'
      );
    });
  return {
    treeOf(roots) {
      const stats = allStats();
      const children = new Map<number, Stat[]>();
      for (const stat of stats) appendTo(children, stat.ppid, stat);
      const byPid = new Map(stats.map((stat) => [stat.pid, stat]));
      const trees = new Map<number, ProcessEntry[]>();
      for (const root of roots) {
        const top = byPid.get(root);
        if (!top) continue;
        const found: Stat[] = [];
        const queue = [top];
        const seen = new Set<number>();
        while (queue.length > 0) {
          const next = queue.shift()!;
          if (seen.has(next.pid)) continue;
          seen.add(next.pid);
          if (next.state !== 'Z') found.push(next);
          queue.push(...(children.get(next.pid) ?? []));
        }
        trees.set(root, found.map(entry));
      }
      return trees;
    },
    alive,
    spawnedBy(server) {
      const found = new Map<string, ProcessEntry[]>();
      for (const pid of procPids()) {
        if (pid === process.pid || !ownedByUs(pid)) continue;
        const mark = spawnMark(pid);
        const stat = mark && server(mark.server) ? readStat(pid) : undefined;
        if (!mark || !stat || stat.state === 'Z') continue;
        appendTo(found, mark.namespec, entry(stat));
      }
      return found;
    },
    listenerOn(port, first) {
      const inodes = listeningInodes(port);
      if (inodes.size === 0) return undefined;
      const pid = holderOf(inodes, [...first, ...procPids()]);
      const stat = pid === undefined ? undefined : readStat(pid);
      return { holder: stat ? entry(stat) : undefined };
    },
    signal(entries, signal) {
      // Checked again just before: a pid whose start time changed is someone else's now.
      for (const target of alive(entries)) {
        try {
          process.kill(target.pid, signal);
        } catch {
          // Gone in between, or not ours to signal: what still lives is reported by the caller.
        }
      }
    },
  };
}
