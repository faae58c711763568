/**
 * The panel over several nodes (SPEC 10) sees one daemon view: every node's processes, each renamed
 * `group:process@NODE` (the `NAME@NODE` of the resolver), so that rows, keys and every per-name map of the
 * panel carry their node, and a glob or a group spans the nodes that have it. A node that cannot be asked
 * keeps the rows of its last answer, UNKNOWN with why; a node never asked yet has none.
 */
import type { DaemonView, NodeState } from '../report/daemon-view.js';
import { makeNamespec } from '../model/names.js';
import { atNode, nodeProblem, splitNodeName } from '../config/nodes.js';
import type { ProcessInfo } from '../ports.js';
import type { Target } from '../plan/resolver.js';

/** What one node said at its last poll. */
export interface NodeAnswer {
  node: string;
  /** Undefined: not answered yet. */
  view: DaemonView | undefined;
  /** The processes of its last good answer. */
  last: readonly ProcessInfo[] | undefined;
  /** Its programs by namespec: from its files (the home's), or told from its names (another node's). */
  programs: ReadonlyMap<string, string>;
  /** How long its answer has been awaited, when it is late. */
  lateMs?: number;
  /** Its processes whose files and supervisord disagree, when its files are read here. */
  drift?: number;
}

/** supervisord's own state code for UNKNOWN. */
const UNKNOWN_STATE = 1000;

/** A process of `node` as the panel names it: `group:process@node` (`program@node` alone in its group). */
export function onNodeProcess(info: ProcessInfo, node: string): ProcessInfo {
  const name = atNode(info.name, node);
  return { ...info, name, group: info.group === info.name ? name : info.group };
}

function stateOf(answer: NodeAnswer): NodeState {
  const late = answer.lateMs !== undefined ? `no answer for ${Math.ceil(answer.lateMs / 1000)}s` : undefined;
  if (!answer.view) return { name: answer.node, ok: false, text: `${answer.node}: ${late ?? 'asking...'}` };
  if (!answer.view.ok) return { name: answer.node, ok: false, text: nodeProblem(answer.node, answer.view.reason) };
  const drift = answer.drift ? { drift: answer.drift } : {};
  return { name: answer.node, ok: late === undefined, text: `${answer.node}: ${late ?? 'running'}`, ...drift };
}

/** One view of every node: always `ok`, with each node's state for the header. */
export function mergeNodeViews(answers: readonly NodeAnswer[]): DaemonView {
  const processes: ProcessInfo[] = [];
  const programs = new Map<string, string>();
  for (const answer of answers) {
    const { view, node } = answer;
    // The row names its node already: the reason is short (the address is in `hypcontrol status`).
    const down = view && !view.ok ? nodeProblem(answer.node, view.reason) : undefined;
    const infos = view?.ok ? view.processes : (answer.last ?? []);
    for (const info of infos) {
      const named = onNodeProcess(info, node);
      processes.push(down ? { ...named, state: UNKNOWN_STATE, statename: 'UNKNOWN', pid: 0, spawnerr: down } : named);
      const program = answer.programs.get(makeNamespec(info.group, info.name));
      if (program) programs.set(makeNamespec(named.group, named.name), program);
    }
  }
  return { ok: true, processes, programs, nodes: answers.map(stateOf) };
}

/** The node a panel name is on: its `@NODE`, else the home's own (initscripts are the home's). */
export function nodeOfName(name: string, nodes: readonly string[]): { node: string; name: string } {
  const split = splitNodeName(name, nodes);
  return split.node === undefined ? { node: nodes[0]!, name } : { node: split.node, name: split.name };
}

/** Names by node, each as its node's supervisord knows it. */
export function namesByNode(names: readonly string[], nodes: readonly string[]): Map<string, string[]> {
  const byNode = new Map<string, string[]>();
  for (const one of names) {
    const { node, name } = nodeOfName(one, nodes);
    byNode.set(node, [...(byNode.get(node) ?? []), name]);
  }
  return byNode;
}

/** A group's name on its node: `program@node` alone in its group loses its suffix. */
const groupOn = (group: string, node: string) =>
  group.endsWith(`@${node}`) ? group.slice(0, -node.length - 1) : group;

/**
 * Targets by node: a group that spans nodes becomes that group on each (every member of it there); an
 * initscript is the home's, unless named `NAME@NODE` (another node's, run over ssh).
 */
export function targetsByNode(targets: readonly Target[], nodes: readonly string[]): Map<string, Target[]> {
  const byNode = new Map<string, Target[]>();
  const add = (node: string, target: Target) => byNode.set(node, [...(byNode.get(node) ?? []), target]);
  for (const target of targets) {
    if (target.kind === 'lsb') {
      const { node, name } = nodeOfName(target.name, nodes);
      add(node, { kind: 'lsb', name });
    } else if (target.kind === 'process') {
      const { node, name } = nodeOfName(target.name, nodes);
      add(node, { kind: 'process', name, group: groupOn(target.group, node) });
    } else {
      for (const [node, processes] of namesByNode(target.processes, nodes)) {
        add(node, { kind: 'group', name: groupOn(target.name, node), processes });
      }
    }
  }
  return byNode;
}

/** A result or row as the panel names it: `NAME@NODE`, but the home's initscripts, named alone. */
export function suffixed<T extends { name: string; kind: 'supervisord' | 'lsb' }>(
  result: T,
  node: string,
  home: string,
): T {
  return result.kind === 'lsb' && node === home ? result : { ...result, name: atNode(result.name, node) };
}
