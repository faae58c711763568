/**
 * What `service --json` and `hypcontrol status --json` print: one shape whether the home has one node or
 * several (the README's "JSON output" is the contract). Every row and result carries `node`; names are the
 * ones supervisord and the initscripts use, never `NAME@NODE` (that is for the eye, in text only).
 */
import type { NameOnNode } from '../core/report/node-names.js';
import type { StatusRow } from '../core/report/status.js';

/** Each item with the node it is on. */
export function onNode<T extends object>(items: readonly T[], node: string): Array<T & { node: string }> {
  return items.map((item) => ({ ...item, node }));
}

/** How a row or result is named in text, on its node (a name of hypcontrol.conf on no node: alone). */
export function textName<T extends { name: string; node: string | null }>(item: T, name: NameOnNode): T {
  return item.node !== null ? { ...item, name: name(item.name, item.node) } : item;
}

/** A status row on its node; `null`: a name of hypcontrol.conf that is on no node. */
export type NodeRow = StatusRow & { node: string | null };

/** One node's line in `hypcontrol status --json`. */
export interface NodeState {
  node: string;
  ok: boolean;
  detail: string;
}
