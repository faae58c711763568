/**
 * What the panel knows of each node of the home (SPEC 10; a home without `[node:]` sections is a fleet of
 * one): its supervisord's last answer as supervisord gave it, and what was read of its files. The panel's
 * state holds one per node; rows are built per node from these (core/panel/panels), each with its node.
 */
import type { DaemonView } from '../report/daemon-view.js';
import type { ProcessInfo } from '../ports.js';
import type { SupervisordConfig } from '../config/supervisord-config.js';
import { nodeProblem } from '../config/nodes.js';
import type { StatusRow } from '../report/status.js';
import type { ActionResult } from '../model/outcomes.js';
import type { ProcessEntry } from '../model/process-entry.js';
import type { ReloadAnswer } from '../plan/config-update.js';

/** What one node said at its last poll. */
export interface NodeAnswer {
  node: string;
  /** The home's own supervisord (launched from here; its files are the home's). */
  local: boolean;
  /** Undefined: not answered yet. */
  view: DaemonView | undefined;
  /** The processes of its last good answer. */
  last: readonly ProcessInfo[] | undefined;
  /** Its programs by namespec, when its files are not read here (told from its names). */
  programs?: ReadonlyMap<string, string>;
  /** How long its answer has been awaited, when it is late. */
  lateMs?: number;
  /** Another node's supervisord files, when they are read here (over its ssh). */
  config?: SupervisordConfig;
  /** Another node's initscripts, when listed here (over its ssh). */
  lsb?: readonly string[];
  /** The groups its supervisord says its files add, change or remove (`reloadConfig`), when asked. */
  reloaded?: ReloadAnswer;
}

/** The groups an update would touch on a node, by what it does to them: `webserver changed`. */
export function reloadedGroups(answer: NodeAnswer): string[] {
  const { reloaded } = answer;
  if (!reloaded) return [];
  return [
    ...reloaded.changed.map((group) => `${group} changed`),
    ...reloaded.added.map((group) => `${group} added`),
    ...reloaded.removed.map((group) => `${group} removed`),
  ];
}

/** A node as the header says it: `node2: running`, `node3: connection refused`. */
export interface NodeHealth {
  name: string;
  ok: boolean;
  text: string;
}

export function nodeHealth(answer: NodeAnswer): NodeHealth {
  const late = answer.lateMs !== undefined ? `no answer for ${Math.ceil(answer.lateMs / 1000)}s` : undefined;
  if (!answer.view) return { name: answer.node, ok: false, text: `${answer.node}: ${late ?? 'asking...'}` };
  if (!answer.view.ok) return { name: answer.node, ok: false, text: nodeProblem(answer.node, answer.view.reason) };
  return { name: answer.node, ok: late === undefined, text: `${answer.node}: ${late ?? 'running'}` };
}

/**
 * What the panel's rows show of a node's supervisord: its answer, or why it cannot be asked, in brief (the
 * header says the whole of it): `node3: connection refused` when rows name their node, else just that it
 * cannot be reached.
 */
export function rowsView(answer: NodeAnswer, named: boolean): DaemonView {
  if (answer.view?.ok) return answer.view;
  if (!answer.view) return { ok: false, reason: 'asking supervisord...', down: false };
  const reason = named ? nodeProblem(answer.node, answer.view.reason) : 'supervisord unreachable';
  return { ok: false, reason, down: false };
}

/** A status row with the node it was read on. */
export interface NodeRow {
  node: string;
  row: StatusRow;
}

/** An action's result with the node it was done on. */
export type NodeResult = ActionResult & { node: string };

/** What a stop left running of one process or service of a node (SPEC 8). */
export interface NodeLeftovers {
  node: string;
  name: string;
  entries: ProcessEntry[];
}
