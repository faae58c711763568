/**
 * How a name on a node is shown to the eye (SPEC 10): `NAME@NODE` when the home has several nodes, the
 * name alone on a home of one. Rows, results and events carry their node as a field; this is the one
 * place that decides, from the number of nodes, whether text names it.
 */
import { atNode } from '../config/nodes.js';

/** A name as text shows it, on its node. */
export type NameOnNode = (name: string, node: string) => string;

/** The name alone: a home of one node. */
export const nameAlone: NameOnNode = (name) => name;

/** Whether text names the node at all: on a home of several nodes. */
export function namesNodes(count: number): boolean {
  return count > 1;
}

/** The naming of a home of `count` nodes. */
export function nodeNaming(count: number): NameOnNode {
  return namesNodes(count) ? atNode : nameAlone;
}
