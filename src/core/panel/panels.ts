/**
 * The control panel's model: one panel per stage in start order, then OTHER for supervisord programs in
 * no stage (SPEC 6). Pure: built from each node's plan, catalog and daemon view, and the last LSB statuses.
 * A row spans the nodes its name resolves on; each of its targets carries its node, and its name is shown
 * through the home's naming (`NAME@NODE` over several nodes, core/report/node-names).
 */
import type { Catalog } from '../plan/catalog.js';
import { splitNamespec } from '../model/names.js';
import { supervisordRows, type DaemonView } from '../report/daemon-view.js';
import type { StageName, StageSpec } from '../config/hypcontrol-conf.js';
import { describeProcesses } from '../model/outcomes.js';
import type { ProcessEntry } from '../model/process-entry.js';
import { targetProcesses } from '../plan/resolver.js';
import type { NodeTarget } from '../plan/node-resolver.js';
import type { PlannedStage, Unresolved } from '../plan/stage-plan.js';
import type { NameOnNode } from '../report/node-names.js';
import type { NodeRow } from './node-views.js';
import { historyText, processPart, type History } from '../report/restart-history.js';
import { hasFailed, unknownRow, withHistory, withLastLine, type StatusRow } from '../report/status.js';
import { LEFTOVERS, NOT_READY, summarizeStates } from './row-states.js';

export type PanelId = StageName | 'OTHER';
export type RowKind = 'supervisord' | 'lsb' | 'group' | 'pattern' | 'unknown';

export interface PanelRow {
  /** Stable across polls: `PANEL:operand`, children `PANEL:operand>namespec`. */
  key: string;
  name: string;
  kind: RowKind;
  state: string;
  pid: number | undefined;
  /** When it started (epoch seconds), while running: the screen turns it into an uptime with its own clock. */
  startedAt: number | undefined;
  reason: string | undefined;
  /** For groups and patterns: `12/14 running, 1 FATAL, 1 STOPPED`. */
  counts: string | undefined;
  /** What s/t/r act on, each on its node. */
  targets: NodeTarget[];
  /** What stops of its processes left running (SPEC 8): `K` kills them. */
  leftovers: ProcessEntry[];
  depth: 0 | 1;
  expandable: boolean;
  expanded: boolean;
}

export interface Panel {
  id: PanelId;
  rows: PanelRow[];
  /** Top-level rows that are fully up (running and ready), and how many there are. */
  up: number;
  total: number;
  /** Top-level rows running but not ready. */
  notReady: number;
  /** Under a filter, how many top-level rows match (the counts above stay the panel's whole). */
  shown?: number;
}

/** A node as its rows are built: its catalog and what its supervisord said. */
export interface NodeRows {
  node: string;
  catalog: Catalog;
  view: DaemonView;
}

export interface PanelInput {
  /** hypcontrol.conf's stages, in start order. */
  stages: readonly StageSpec[];
  /** Each node's own plan of those stages, by node. */
  plans: ReadonlyMap<string, readonly PlannedStage[]>;
  /** The names of a stage that resolve on no node. */
  unresolved: readonly Unresolved[];
  nodes: readonly NodeRows[];
  /** How a name on a node is shown; the maps below are by the name shown. */
  naming: NameOnNode;
  lsb: ReadonlyMap<string, NodeRow>;
  expanded: ReadonlySet<string>;
  /** What stops left running, by process name. */
  leftovers: ReadonlyMap<string, ProcessEntry[]>;
  /** Running processes and services whose readiness check fails, with why. */
  notReady: ReadonlyMap<string, string>;
  /** Failed processes' last line of log. */
  lastLines: ReadonlyMap<string, string>;
  /** Starts and unexpected exits in the last hour, by process name. */
  histories: ReadonlyMap<string, History>;
  /** The filter in force (`/`): rows whose name matches, groups with their matching processes. */
  filter?: (name: string) => boolean;
}

export { LEFTOVERS, NOT_READY, summarizeStates } from './row-states.js';

/** A status with what the panel knows besides supervisord: readiness, and what a stop left running. */
function withPanelState(read: StatusRow, input: PanelInput): StatusRow {
  const failed = hasFailed(read) ? withLastLine(read, input.lastLines.get(read.name)) : read;
  const status =
    failed.kind === 'supervisord' ? withHistory(failed, input.histories.get(processPart(failed.name))) : failed;
  const why = input.notReady.get(status.name);
  if (status.state === 'RUNNING' && why !== undefined) return { ...status, state: NOT_READY, detail: why };
  const left = input.leftovers.get(status.name);
  if (left?.length && status.state !== 'RUNNING' && status.state !== 'STARTING') {
    return { ...status, state: LEFTOVERS, detail: `still runs: ${describeProcesses(left)}` };
  }
  return status;
}

/** What a running row says of its restarts: `flapping · 3 unexpected exits and 4 starts in the last hour`. */
function runningNote(history: History | undefined): string | undefined {
  const text = historyText(history);
  return history?.flapping ? ['flapping', text].filter(Boolean).join(' · ') : text;
}

/** A target's statuses, each named as the rows show it, with its namespec (or script) on its node. */
function statusOf(target: NodeTarget, input: PanelInput): Array<{ status: StatusRow; name: string }> {
  const shown = (status: StatusRow) => ({ ...status, name: input.naming(status.name, target.node) });
  if (target.kind === 'lsb') {
    const read = input.lsb.get(input.naming(target.name, target.node))?.row;
    const status = shown(read ?? unknownRow(target.name, 'lsb', 'not checked yet'));
    return [{ status: withPanelState(status, input), name: target.name }];
  }
  const node = input.nodes.find((one) => one.node === target.node);
  if (!node) return [];
  return supervisordRows(targetProcesses([target]), node.view, node.catalog).map((status) => ({
    status: withPanelState(shown(status), input),
    name: status.name,
  }));
}

function leafRow(key: string, status: StatusRow, targets: NodeTarget[], depth: 0 | 1, input: PanelInput): PanelRow {
  return {
    key,
    name: status.name,
    kind: status.kind,
    state: status.state,
    pid: status.pid,
    startedAt: status.startedAt,
    reason: status.state === 'RUNNING' ? runningNote(status.history) : status.detail,
    counts: undefined,
    targets,
    leftovers: input.leftovers.get(status.name) ?? [],
    depth,
    expandable: false,
    expanded: false,
  };
}

/** Rows for one name: a leaf, or a group/pattern row followed by its processes when expanded. */
function rowsFor(panel: PanelId, name: string, targets: NodeTarget[], kind: RowKind, input: PanelInput): PanelRow[] {
  const key = `${panel}:${name}`;
  const children = targets.flatMap((target) => statusOf(target, input).map((child) => ({ ...child, target })));
  const single = children.length === 1 && kind !== 'group' && kind !== 'pattern';
  if (single)
    return !input.filter || input.filter(name) || input.filter(children[0]!.status.name)
      ? [leafRow(key, children[0]!.status, targets, 0, input)]
      : [];
  const { state, counts } = summarizeStates(children.map((child) => child.status));
  // Under a filter, a group whose own name does not match shows just its matching processes.
  const { filter } = input;
  const shown = filter && !filter(name) ? children.filter(({ status }) => filter(status.name)) : children;
  if (shown.length === 0) return [];
  const expanded = input.expanded.has(key) || shown !== children;
  const leftovers = children.flatMap(({ status }) => input.leftovers.get(status.name) ?? []);
  const head: PanelRow = {
    key,
    name,
    kind,
    state,
    pid: undefined,
    startedAt: undefined,
    reason: undefined,
    counts,
    targets,
    leftovers,
    depth: 0,
    expandable: true,
    expanded,
  };
  if (!expanded) return [head];
  const childTarget = (status: StatusRow, spec: string, target: NodeTarget): NodeTarget =>
    status.kind === 'lsb'
      ? { kind: 'lsb', name: spec, node: target.node }
      : {
          kind: 'process',
          name: spec,
          group: target.kind === 'group' ? target.name : splitNamespec(spec).group,
          node: target.node,
        };
  return [
    head,
    ...shown.map(({ status, name: spec, target }) =>
      leafRow(`${key}>${status.name}`, status, [childTarget(status, spec, target)], 1, input),
    ),
  ];
}

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
      if (!staged.has(p.namespec)) groups.set(p.group, [...(groups.get(p.group) ?? []), p.namespec]);
    }
    for (const [group, processes] of groups) {
      const alone = processes.length === 1 && processes[0] === group;
      const name = alone ? input.naming(group, node) : group;
      const target: NodeTarget = alone
        ? { kind: 'process', name: group, group, node }
        : { kind: 'group', name: group, processes, node };
      rows.set(name, [...(rows.get(name) ?? []), target]);
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
