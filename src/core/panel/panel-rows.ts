/**
 * The panel's rows (SPEC 6): what a row is, and the rows of one name over its targets, each target on its
 * node: a leaf, or a group or pattern row and, unfolded, its processes. Pure; core/panel/panels lays them out
 * by stage.
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
import { FLAP_WINDOW_MS, historyText, processPart, type History } from '../report/restart-history.js';
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
  /** It failed (FATAL, BACKOFF, EXITED not 0), or, for a group or pattern, one of its processes did. */
  failed: boolean;
  /** A failed process's last lines of log, oldest first (what it said as it died). */
  lastLines: string[];
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

/**
 * What a row says of its restarts: nothing on a row stopped on purpose (an update or an operator stopped
 * it), and no `flapping` once its run has lasted the flapping window (it runs steadily now).
 */
function recentHistory(status: StatusRow, input: PanelInput): History | undefined {
  const history = input.histories.get(processPart(status.name));
  if (!history || status.state === 'STOPPED') return undefined;
  const steady = status.state === 'RUNNING' && (status.uptimeSeconds ?? 0) * 1000 >= FLAP_WINDOW_MS;
  return steady ? { ...history, flapping: false } : history;
}

/** A status with what the panel knows besides supervisord: readiness, and what a stop left running. */
function withPanelState(read: StatusRow, input: PanelInput): StatusRow {
  const failed = hasFailed(read) ? withLastLine(read, input.lastLines.get(read.name)) : read;
  const status = failed.kind === 'supervisord' ? withHistory(failed, recentHistory(failed, input)) : failed;
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

export function leafRow(
  key: string,
  status: StatusRow,
  targets: NodeTarget[],
  depth: 0 | 1,
  input: PanelInput,
): PanelRow {
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
    failed: hasFailed(status),
    lastLines: hasFailed(status) ? (input.lastLines.get(status.name)?.split('\n') ?? []) : [],
  };
}

/**
 * Rows for one name: a leaf, or a group/pattern row followed by its processes when expanded, and by its
 * failed processes when folded (the problem is seen without unfolding: k9s, htop).
 */
export function rowsFor(
  panel: PanelId,
  name: string,
  targets: NodeTarget[],
  kind: RowKind,
  input: PanelInput,
): PanelRow[] {
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
    failed: children.some(({ status }) => hasFailed(status)),
    lastLines: [],
  };
  const listed = expanded ? shown : shown.filter(({ status }) => hasFailed(status));
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
    ...listed.map(({ status, name: spec, target }) =>
      leafRow(`${key}>${status.name}`, status, [childTarget(status, spec, target)], 1, input),
    ),
  ];
}
