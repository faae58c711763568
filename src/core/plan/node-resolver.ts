/**
 * The shared resolver over several nodes (SPEC 10): `NAME@NODE` is NAME on that node only; a name alone is
 * every node where it resolves. Each node resolves with SPEC 3's rules on its own catalog.
 */
import type { Catalog } from './catalog.js';
import { printableName } from '../model/names.js';
import { splitNodeName } from '../config/nodes.js';
import { resolveOperand, type Resolution, type Target } from './resolver.js';
import { appendTo } from '../model/lists.js';

export interface NodeCatalog {
  node: string;
  catalog: Catalog;
  /** Why its supervisord could not be asked (its processes are then unknown here), when it could not. */
  unreachable?: string;
  /** Why its initscripts are not known here (another node without ssh, or ssh failed). */
  initscripts?: string;
}

export interface NodeTargets {
  node: string;
  targets: Target[];
}

/** A target with the node it is on: what the panel's rows act on (the node a field, never in the name). */
export type NodeTarget = Target & { node: string };

/** Things on nodes by their node, in the order the nodes first appear. */
export function grouped<T extends { node: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) appendTo(groups, item.node, item);
  return groups;
}

/** The targets of each node, in the order the nodes first appear. */
export function byNode(targets: readonly NodeTarget[]): NodeTargets[] {
  return [...grouped(targets)].map(([node, list]) => ({
    node,
    targets: list.map(({ node: _node, ...target }) => target as Target),
  }));
}

export type FleetResolution =
  | { ok: true; operand: string; pattern: boolean; nodes: NodeTargets[] }
  | { ok: false; operand: string; error: 'invalid' | 'unknown' | 'no-match'; message: string };

/** `@` is a legal name character: a name that ends in `@WORD` that is no node and names nothing says so. */
function noSuchNode(name: string, nodes: readonly string[]): string {
  const at = name.lastIndexOf('@');
  if (at <= 0 || at === name.length - 1) return '';
  return `; no node ${printableName(name.slice(at + 1))} among ${nodes.join(', ')}`;
}

/** Resolves `operand` on every node (or the one it names); never throws. */
export function resolveOnNodes(operand: string, catalogs: readonly NodeCatalog[]): FleetResolution {
  const names = catalogs.map((one) => one.node);
  const { name, node } = splitNodeName(operand, names);
  const asked = node === undefined ? catalogs : catalogs.filter((one) => one.node === node);
  const resolutions = asked.map((one) => ({ one, resolution: resolveOperand(name, one.catalog) }));
  const found = resolutions.flatMap(({ one, resolution }) =>
    resolution.ok ? [{ node: one.node, targets: resolution.targets }] : [],
  );
  const pattern = resolutions.some(({ resolution }) => resolution.ok && resolution.pattern);
  if (found.length > 0) return { ok: true, operand, pattern, nodes: found };
  const first = resolutions[0]!.resolution as Extract<Resolution, { ok: false }>;
  if (first.error === 'invalid') return { ...first, operand };
  const unasked = asked
    .flatMap((one) => [one.unreachable, one.initscripts].filter(Boolean).map((why) => `; ${why}`))
    .join('');
  const where = node !== undefined ? ` on ${node}` : names.length > 1 ? ` on any node (${names.join(', ')})` : '';
  const what = first.error === 'no-match' ? `No process matched ${printableName(name)}` : first.message;
  return { ok: false, operand, error: first.error, message: `${what}${where}${noSuchNode(name, names)}${unasked}` };
}
