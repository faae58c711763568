/**
 * Every node of a home (SPEC 10), each with its own ports and control engine: the home's own supervisord
 * (its files, initscripts and processes, as on a single-node home), and each `[node:NAME]` of
 * canopsis-tui.ini, reached over its URL with its credentials. A remote node's files are on its host: what
 * it runs comes from its supervisord's answer, and it is never launched or shut down from here.
 */
import fs from 'node:fs';
import { createSupervisorClient } from '../adapters/supervisor-client.js';
import type { FirstAnswers } from '../adapters/first-answers.js';
import { createReadyProbes } from '../adapters/ready-probes.js';
import { createSshInitscripts } from '../adapters/ssh-initscripts.js';
import { nodePath, sshLogReader } from '../adapters/ssh-log-files.js';
import { fetchNodeTree, nodeFilesFrom } from '../adapters/ssh-home.js';
import { systemClock } from '../adapters/system-clock.js';
import { createControlEngine } from '../control/engine.js';
import type { FleetNode } from '../control/fleet.js';
import type { HomeFiles } from '../core/home.js';
import { LOCAL_NODE, nodeLabel, splitNodeName, type NodeSpec } from '../core/config/nodes.js';
import { nodeNaming, type NameOnNode } from '../core/report/node-names.js';
import type { InitscriptPort, ServiceDeps } from '../core/ports.js';
import type { JournalCommand } from '../core/report/journal.js';
import { wireHome, type Wiring } from './wiring.js';

export type NodeWiring = FleetNode;

export interface Fleet {
  /** The local node first. */
  nodes: NodeWiring[];
}

/**
 * How long a read of another node's supervisord may take (its actions name their own timeouts): one that
 * does not answer within it is said to be silent, rather than holding a command for the whole --timeout.
 */
export const REMOTE_READ_TIMEOUT_MS = 10_000;

/** Initscripts of a node that has no way to run them from here. */
function unmanagedInitscripts(why: string): InitscriptPort {
  return {
    run: async () => ({ code: null, signal: undefined, timedOut: false, output: '', error: why }),
    list: async () => ({ problem: why }),
  };
}

/** The password of a node, from the file or its password_file (first line); or why it cannot be read. */
function passwordOf(node: NodeSpec): { password: string | undefined; problem?: string } {
  if (!node.passwordFile) return { password: node.password };
  try {
    const stat = fs.statSync(node.passwordFile);
    if (!stat.isFile())
      return { password: undefined, problem: `password_file ${node.passwordFile} is not a regular file` };
    return { password: fs.readFileSync(node.passwordFile, 'utf8').split('\n')[0]!.replace(/\r$/, '') };
  } catch (error) {
    return {
      password: undefined,
      problem: `password_file ${node.passwordFile}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`,
    };
  }
}

/** Another node's log files, read over its ssh. */
const remoteLog = (ssh: string, node: string, home: string) => (file: string, prefix: string) =>
  sshLogReader(ssh, node, nodePath(file, home), prefix);

/** A remote node: its supervisord over its URL, the home's settings and journal, no files of its own. */
function wireRemote(node: NodeSpec, local: Wiring, callTimeoutMs: number | undefined, name: NameOnNode): NodeWiring {
  const url = node.url!;
  const label = nodeLabel(node);
  const { password, problem } = passwordOf(node);
  const access = { url, username: node.username, password };
  const readTimeout = Math.min(callTimeoutMs ?? REMOTE_READ_TIMEOUT_MS, REMOTE_READ_TIMEOUT_MS);
  const unmanaged = `${node.name}: initscripts not managed from here (no ssh in [node:${node.name}])`;
  const files: HomeFiles = {
    ...local.files,
    supervisordConf: label,
    config: undefined,
    daemon: { mainFile: label, access, pidfile: undefined, logfile: undefined, loglevel: 'info' },
    lsb: [],
    lsbNotExecutable: [],
  };
  const deps: ServiceDeps = {
    supervisor: problem ? undefined : createSupervisorClient(access, { callTimeoutMs: readTimeout }),
    ...(problem ? { supervisorProblem: problem } : {}),
    initscripts: node.ssh ? createSshInitscripts(node.ssh) : unmanagedInitscripts(unmanaged),
    launcher: undefined,
    clock: systemClock,
    probes: createReadyProbes(),
    ...(local.deps.journal ? { journal: local.deps.journal } : {}),
    // One platform run at a time for the whole home, whichever node an action is on.
    ...(local.deps.platformLock ? { platformLock: local.deps.platformLock } : {}),
    ...(local.deps.names ? { names: local.deps.names } : {}),
    // Its initscripts' logs are on its host: read over the same ssh (a path under this home is under its).
    ...(node.ssh ? { logFile: remoteLog(node.ssh, node.name, local.files.home) } : {}),
  };
  const engine = createControlEngine(deps, (target) => name(target, node.name));
  return { name: node.name, label, local: false, files, deps, engine };
}

/** The home's nodes: the local one alone when canopsis-tui.ini declares none. */
export function wireFleet(
  home: string,
  env: NodeJS.ProcessEnv,
  callTimeoutMs?: number,
  command: JournalCommand = 'service',
  firstAnswers?: FirstAnswers,
): Fleet {
  const local = wireHome(home, env, callTimeoutMs, command, firstAnswers);
  // A home without [node:] sections is a fleet of one, its node `local` (or the one [node:] without url).
  const specs = local.files.settings.nodes;
  const own = specs[0]?.name ?? LOCAL_NODE;
  const name = nodeNaming(Math.max(specs.length, 1));
  const engine = createControlEngine(local.deps, (target) => name(target, own));
  const localNode: NodeWiring = { ...local, engine, name: own, label: own, local: true };
  return { nodes: [localNode, ...specs.slice(1).map((spec) => wireRemote(spec, local, callTimeoutMs, name))] };
}

/**
 * The home's nodes, each other node with an `ssh` having its own `~/etc` read over it with this home's
 * reader (exact programs, groups and initscripts; SPEC 10); without ssh, or when that fails (said), its
 * names come from its supervisord's answer.
 */
export async function readFleet(
  home: string,
  env: NodeJS.ProcessEnv,
  callTimeoutMs?: number,
  command: JournalCommand = 'service',
  operand?: string,
  firstAnswers?: FirstAnswers,
): Promise<Fleet> {
  const fleet = wireFleet(home, env, callTimeoutMs, command, firstAnswers);
  const specs = fleet.nodes[0]!.files.settings.nodes;
  // `NAME@NODE` asks that node alone: no other node's files are fetched for it.
  const names = fleet.nodes.map((node) => node.name);
  const named = operand === undefined ? undefined : splitNodeName(operand, names).node;
  const nodes = await Promise.all(
    fleet.nodes.map(async (node): Promise<NodeWiring> => {
      const ssh = specs.find((spec) => spec.name === node.name)?.ssh;
      if (node.local || !ssh || (named !== undefined && named !== node.name)) return node;
      const tree = await fetchNodeTree(ssh);
      if (typeof tree === 'string') return { ...node, filesProblem: `${node.label}: ~/etc not read over ssh: ${tree}` };
      const deps = { ...node.deps, logFile: remoteLog(ssh, node.name, tree.home) };
      return { ...node, files: nodeFilesFrom(tree, node.files), deps };
    }),
  );
  return { nodes };
}
