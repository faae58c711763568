/**
 * The control panel's model: one panel per stage in start order, then OTHER for supervisord programs in
 * no stage (SPEC 6). Pure: built from each node's plan, catalog and daemon view, and the last LSB statuses.
 * A row spans the nodes its name resolves on; each of its targets carries its node, and its name is shown
 * through the home's naming (`NAME@NODE` over several nodes, core/report/node-names).
 */
import { targetProcesses } from '../plan/resolver.js';
import type { NodeTarget } from '../plan/node-resolver.js';
import type { StageName } from '../config/hypcontrol-conf.js';
import { unknownRow } from '../report/status.js';
import {
  leafRow,
  rowsFor,
  type Panel,
  type PanelId,
  type PanelInput,
  type PanelRow,
  type RowKind,
} from './panel-rows.js';

export type { NodeRows, Panel, PanelId, PanelInput, PanelRow, RowKind } from './panel-rows.js';
export { LEFTOVERS, NOT_READY, summarizeStates } from './row-states.js';
import { NOT_READY } from './row-states.js';
import { appendTo } from '../model/lists.js';

/** The rows of a stage's name: one row over every node it resolves on. */
function serviceRows(panel: StageName, index: number, operand: string, input: PanelInput): PanelRow[] {
  const found = input.nodes.flatMap(({ node }) => {
    const service = input.plans.get(node)?.[index]?.services.find((one) => one.operand === operand);
    return service?.resolution.ok ? [{ node, resolution: service.resolution }] : [];
  });
  if (found.length === 0) {
    const why = input.unresolved.find((one) => one.stage === panel && one.operand === operand)?.message;
    const status = unknownRow(operand, 'supervisord', why ?? `Unknown service: ${operand}`);
    if (input.filter && !input.filter(operand)) return [];
    return [{ ...leafRow(`${panel}:${operand}`, status, [], 0, input), kind: 'unknown' }];
  }
  const targets = found.flatMap(({ node, resolution }) => resolution.targets.map((target) => ({ ...target, node })));
  const [first] = targets;
  const kind: RowKind = found.some(({ resolution }) => resolution.pattern)
    ? 'pattern'
    : first?.kind === 'group'
      ? 'group'
      : targets.length > 1
        ? 'group'
        : first?.kind === 'lsb'
          ? 'lsb'
          : 'supervisord';
  return rowsFor(panel, operand, targets, kind, input);
}

/** A panel's counts from all its rows; under a filter, the rows it shows are the matching ones. */
function finish(id: PanelId, build: (input: PanelInput) => PanelRow[], input: PanelInput): Panel {
  const all = build({ ...input, filter: undefined });
  const top = all.filter((row) => row.depth === 0);
  const counts = {
    up: top.filter((row) => row.state === 'RUNNING').length,
    total: top.length,
    notReady: top.filter((row) => row.state === NOT_READY).length,
  };
  if (!input.filter) return { id, rows: all, ...counts };
  const rows = build(input);
  return { id, rows, ...counts, shown: rows.filter((row) => row.depth === 0).length };
}

/** Supervisord processes no stage names, by group over the nodes (a program alone in its group: a plain row). */
function otherRows(input: PanelInput): PanelRow[] {
  const rows = new Map<string, NodeTarget[]>();
  for (const { node, catalog } of input.nodes) {
    const plan = input.plans.get(node) ?? [];
    const staged = new Set(
      plan.flatMap((stage) =>
        stage.services.flatMap((s) => (s.resolution.ok ? targetProcesses(s.resolution.targets) : [])),
      ),
    );
    const groups = new Map<string, string[]>();
    for (const p of catalog.processes) {
      if (!staged.has(p.namespec)) appendTo(groups, p.group, p.namespec);
    }
    for (const [group, processes] of groups) {
      const alone = processes.length === 1 && processes[0] === group;
      const name = alone ? input.naming(group, node) : group;
      const target: NodeTarget = alone
        ? { kind: 'process', name: group, group, node }
        : { kind: 'group', name: group, processes, node };
      appendTo(rows, name, target);
    }
  }
  return [...rows].flatMap(([name, targets]) => {
    const kind = targets.some((target) => target.kind === 'group') ? 'group' : 'supervisord';
    return rowsFor('OTHER', name, targets, kind, input);
  });
}

/** Every panel, stages in start order, OTHER last (omitted when empty). */
export function buildPanels(input: PanelInput): Panel[] {
  const stages = input.stages.map((stage, index) =>
    finish(
      stage.name,
      (given) => stage.services.flatMap((operand) => serviceRows(stage.name, index, operand, given)),
      input,
    ),
  );
  const other = finish('OTHER', otherRows, input);
  return other.total > 0 ? [...stages, other] : stages;
}
