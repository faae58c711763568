/**
 * What a key asks for, decided from the state alone: a state change, an action to run (perhaps after a
 * y/N question), or a message saying why not. The keymap (ui/keymap.ts) names these commands.
 */
import { moveSelection, jumpPanel } from './navigation.js';
import { describeProcesses } from '../model/outcomes.js';
import type { ProcessEntry } from '../model/process-entry.js';
import {
  selectedRow,
  selectPanels,
  type ActionRequest,
  type Message,
  type RowVerb,
  type TuiAction,
  type TuiState,
  type Verb,
} from './tui-state.js';

export type CommandId =
  | 'up'
  | 'down'
  | 'pageUp'
  | 'pageDown'
  | 'first'
  | 'last'
  | 'nextPanel'
  | 'prevPanel'
  | 'expand'
  | 'collapse'
  | 'enter'
  | 'start'
  | 'stop'
  | 'restart'
  | 'mstart'
  | 'mstop'
  | 'mrestart'
  | 'killLeftovers'
  | 'log'
  | 'history'
  | 'update'
  | 'filter'
  | 'clearFilter'
  | 'platform'
  | 'help'
  | 'quit'
  | 'suspend';

export interface CommandContext {
  readOnly: boolean;
  /** Ask y/N before stop, restart, massive and platform actions (off with --yes). */
  confirm: boolean;
  /** Rows that fit on the screen, for PgUp/PgDn. */
  pageSize: number;
}

export type Decision =
  | { kind: 'dispatch'; actions: TuiAction[] }
  | { kind: 'run'; request: ActionRequest }
  /** Ask supervisord what an update would do, on the update screen. */
  | { kind: 'preview-update' }
  | { kind: 'quit' }
  | { kind: 'suspend' };

const say = (text: string, level: Message['level'] = 'info'): Decision => ({
  kind: 'dispatch',
  actions: [{ type: 'message', message: { text, level } }],
});
const select = (key: string | undefined): Decision => ({ kind: 'dispatch', actions: [{ type: 'select', key }] });

const VERB_WORDS: Record<RowVerb, string> = { start: 'Start', stop: 'Stop', restart: 'Restart', kill: 'Kill' };

/** `beam.smp (pid 1234)`, or `3 processes` when one line cannot name them all. */
function whatIsLeft(entries: readonly ProcessEntry[]): string {
  return entries.length === 1 ? describeProcesses(entries) : `${entries.length} processes`;
}

/** The question to ask before `request`, or undefined when it may run at once. */
export function confirmationFor(request: ActionRequest, context: CommandContext, state?: TuiState): string | undefined {
  if (!context.confirm) return undefined;
  if (request.scope === 'platform')
    return `${VERB_WORDS[request.verb]} the whole platform (hypcontrol ${request.verb})? [y/N]`;
  if (request.verb === 'kill') {
    const row = state?.panels.flatMap((panel) => panel.rows).find((one) => one.key === request.rowKey);
    return `Kill ${whatIsLeft(row?.leftovers ?? [])}, left running by a stop of ${request.name}? [y/N]`;
  }
  if (request.startsDaemon)
    return `supervisord is not running. Start supervisord, then ${request.verb} ${request.name}? [y/N]`;
  if (request.massive) return `Massive ${request.verb} of ${request.name}: every process at once? [y/N]`;
  if (request.verb !== 'start') return `${VERB_WORDS[request.verb]} ${request.name}? [y/N]`;
  return undefined;
}

/** Whether a platform run has begun and not ended (between a restart's stop and start phases too). */
function platformBusy(state: TuiState): boolean {
  return state.platform?.running === true;
}

function rowAction(state: TuiState, verb: RowVerb, massive: boolean, context: CommandContext): Decision {
  const entry = selectedRow(state);
  if (!entry) return say('Nothing selected');
  const { row } = entry;
  if (context.readOnly) return say(`Read-only (--read-only): ${verb} is disabled`, 'error');
  if (row.kind === 'unknown') return say(`${row.name} resolves to nothing: check hypcontrol.conf`, 'error');
  if (state.inflight[row.key] || platformBusy(state)) {
    return say(`${row.name}: an action is already running`);
  }
  if (massive && row.kind !== 'group' && row.kind !== 'pattern')
    return say(`${verb.toUpperCase()[0]}: massive actions act on a group or pattern row; use ${verb[0]} here`);
  if (verb === 'kill' && row.leftovers.length === 0) return say(`${row.name}: no stop of it left anything running`);
  const supervised = row.targets.some((target) => target.kind !== 'lsb');
  const daemonDown = state.daemon !== undefined && !state.daemon.ok && state.daemon.down;
  const request: ActionRequest = {
    scope: 'row',
    verb,
    massive,
    rowKey: row.key,
    name: row.name,
    targets: row.targets,
    startsDaemon: verb !== 'stop' && supervised && daemonDown,
  };
  const question = confirmationFor(request, context, state);
  // A start over what a stop left running is refused (SPEC 11): asked first, whatever --yes says, and a
  // yes kills those processes before the start.
  if (verb !== 'stop' && verb !== 'kill' && row.leftovers.length > 0) {
    const over = `Kill ${whatIsLeft(row.leftovers)}, left by a stop of ${row.name}, then ${verb}? [y/N]`;
    const killing: ActionRequest = { ...request, killLeftovers: true };
    return {
      kind: 'dispatch',
      actions: [{ type: 'overlay', overlay: { kind: 'confirm', request: killing, question: over } }],
    };
  }
  return question
    ? { kind: 'dispatch', actions: [{ type: 'overlay', overlay: { kind: 'confirm', request, question } }] }
    : { kind: 'run', request };
}

function expandDecision(state: TuiState, expanded: boolean): Decision {
  const entry = selectedRow(state);
  if (!entry) return say('Nothing selected');
  const { row } = entry;
  // Left on a process inside an expanded group goes back to (and folds) the group.
  const parentKey = row.depth === 1 ? row.key.slice(0, row.key.lastIndexOf('>')) : undefined;
  if (!expanded && parentKey)
    return {
      kind: 'dispatch',
      actions: [
        { type: 'expand', key: parentKey, expanded: false },
        { type: 'select', key: parentKey },
      ],
    };
  if (!row.expandable) return { kind: 'dispatch', actions: [] };
  return { kind: 'dispatch', actions: [{ type: 'expand', key: row.key, expanded }] };
}

/** Decides what `command` does in `state`. */
export function decideCommand(command: CommandId, state: TuiState, context: CommandContext): Decision {
  const panels = selectPanels(state);
  const key = selectedRow(state)?.row.key;
  switch (command) {
    case 'up':
      return select(moveSelection(panels, key, -1));
    case 'down':
      return select(moveSelection(panels, key, 1));
    case 'pageUp':
      return select(moveSelection(panels, key, -Math.max(1, context.pageSize)));
    case 'pageDown':
      return select(moveSelection(panels, key, Math.max(1, context.pageSize)));
    case 'first':
      return select(moveSelection(panels, key, -Infinity));
    case 'last':
      return select(moveSelection(panels, key, Infinity));
    case 'nextPanel':
      return select(jumpPanel(panels, key, 1));
    case 'prevPanel':
      return select(jumpPanel(panels, key, -1));
    case 'expand':
      return expandDecision(state, true);
    case 'collapse':
      return expandDecision(state, false);
    case 'enter': {
      const row = selectedRow(state)?.row;
      if (row?.expandable && !row.expanded) return expandDecision(state, true);
      return row
        ? { kind: 'dispatch', actions: [{ type: 'overlay', overlay: { kind: 'menu', rowKey: row.key } }] }
        : say('Nothing selected');
    }
    case 'start':
    case 'stop':
    case 'restart':
      return rowAction(state, command, false, context);
    case 'mstart':
    case 'mstop':
    case 'mrestart':
      return rowAction(state, command.slice(1) as Verb, true, context);
    case 'killLeftovers':
      return rowAction(state, 'kill', false, context);
    case 'log': {
      const row = selectedRow(state)?.row;
      if (!row || row.targets.length === 0)
        return say(row ? `${row.name} resolves to nothing: it has no log` : 'Nothing selected');
      return {
        kind: 'dispatch',
        actions: [{ type: 'screen', screen: { kind: 'log', rowKey: row.key, name: row.name, targets: row.targets } }],
      };
    }
    case 'update':
      if (context.readOnly) return say('Read-only (--read-only): applying the files is disabled', 'error');
      if (platformBusy(state) || Object.keys(state.inflight).length > 0)
        return say('Actions are running: apply the files once they end');
      return { kind: 'preview-update' };
    case 'filter':
      return {
        kind: 'dispatch',
        actions: [{ type: 'filter', filter: { text: state.filter?.text ?? '', typing: true } }],
      };
    case 'clearFilter':
      return { kind: 'dispatch', actions: state.filter ? [{ type: 'filter', filter: undefined }] : [] };
    case 'history':
      return { kind: 'dispatch', actions: [{ type: 'screen', screen: { kind: 'history' } }] };
    case 'platform':
      if (context.readOnly) return say('Read-only (--read-only): platform actions are disabled', 'error');
      if (platformBusy(state)) return say('A platform action is already running');
      return { kind: 'dispatch', actions: [{ type: 'overlay', overlay: { kind: 'platform-menu' } }] };
    case 'help':
      return {
        kind: 'dispatch',
        actions: [{ type: 'overlay', overlay: state.overlay.kind === 'help' ? { kind: 'none' } : { kind: 'help' } }],
      };
    case 'suspend':
      return { kind: 'suspend' };
    case 'quit': {
      if (!platformBusy(state)) return { kind: 'quit' };
      const verb = state.platform!.verb;
      const question = `Quit during hypcontrol ${verb}? Launching stops after the stage in flight. [y/N]`;
      return { kind: 'dispatch', actions: [{ type: 'overlay', overlay: { kind: 'confirm-quit', question } }] };
    }
  }
}
