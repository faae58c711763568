/**
 * What a key asks for, decided from the state alone: a state change, an action to run (perhaps after a
 * y/N question), or a message saying why not. The keymap (ui/keymap.ts) names these commands.
 */
import { moveSelection, jumpPanel, nextFailure } from './navigation.js';
import { disabledReason, platformBusy } from './command-guards.js';
import { describeProcesses } from '../model/outcomes.js';
import { fittingItem } from './menus.js';
import type { ProcessEntry } from '../model/process-entry.js';
import {
  localDaemonDown,
  selectedRow,
  selectPanels,
  type ActionRequest,
  type Message,
  type RowVerb,
  type TuiAction,
  type TuiState,
  type Verb,
} from './tui-state.js';

export type { CommandContext, CommandId } from './command-guards.js';
import type { CommandContext, CommandId } from './command-guards.js';

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

/** The whole platform's `verb` from its menu: asked first when the settings say so. */
export function decidePlatform(verb: Verb, context: CommandContext): Decision {
  const request = { scope: 'platform' as const, verb };
  const question = confirmationFor(request, context);
  return question
    ? { kind: 'dispatch', actions: [{ type: 'overlay', overlay: { kind: 'confirm', request, question } }] }
    : { kind: 'run', request };
}

function rowAction(state: TuiState, verb: RowVerb, massive: boolean, context: CommandContext): Decision {
  const { row } = selectedRow(state)!;
  const supervised = row.targets.filter((target) => target.kind !== 'lsb').map((target) => target.node);
  const daemonDown = localDaemonDown(state, supervised);
  const request: ActionRequest = {
    scope: 'row',
    verb,
    massive,
    rowKey: row.key,
    name: row.name,
    targets: row.targets,
    startsDaemon: verb !== 'stop' && daemonDown,
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

/**
 * The filter cleared, the cursor left on the row it was on: a process the filter showed under its folded
 * group stays in sight (the group unfolds).
 */
export function clearFilter(state: TuiState): TuiAction[] {
  const row = selectedRow(state)?.row;
  const parent = row?.depth === 1 ? row.key.slice(0, row.key.lastIndexOf('>')) : undefined;
  return [
    { type: 'filter', filter: undefined },
    ...(parent ? [{ type: 'expand' as const, key: parent, expanded: true }] : []),
    ...(row ? [{ type: 'select' as const, key: row.key }] : []),
  ];
}

/** Decides what `command` does in `state`: its guard's refusal, else what it does. */
export function decideCommand(command: CommandId, state: TuiState, context: CommandContext): Decision {
  const refused = disabledReason(command, state, context);
  if (refused) return say(refused.text, refused.level);
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
    case 'nextFailure':
      return select(nextFailure(panels, key));
    case 'expand':
      return expandDecision(state, true);
    case 'collapse':
      return expandDecision(state, false);
    case 'enter': {
      const row = selectedRow(state)!.row;
      if (row.expandable && !row.expanded) return expandDecision(state, true);
      const menu = { kind: 'menu' as const, rowKey: row.key, index: fittingItem(row) };
      return { kind: 'dispatch', actions: [{ type: 'overlay', overlay: menu }] };
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
      const row = selectedRow(state)!.row;
      return {
        kind: 'dispatch',
        actions: [{ type: 'screen', screen: { kind: 'log', rowKey: row.key, name: row.name, targets: row.targets } }],
      };
    }
    case 'update':
      return { kind: 'preview-update' };
    case 'filter':
      return {
        kind: 'dispatch',
        actions: [{ type: 'filter', filter: { text: state.filter?.text ?? '', typing: true } }],
      };
    case 'clearFilter':
      return { kind: 'dispatch', actions: state.filter ? clearFilter(state) : [] };
    case 'history':
      return { kind: 'dispatch', actions: [{ type: 'screen', screen: { kind: 'history' } }] };
    case 'platform':
      return { kind: 'dispatch', actions: [{ type: 'overlay', overlay: { kind: 'platform-menu', index: 0 } }] };
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
