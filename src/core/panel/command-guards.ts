/**
 * Why a key's command cannot run now (lazygit's GetDisabledReason): one guard per command that may be
 * refused, each saying why in the message line's words. core/panel/commands asks it before deciding.
 */
import { selectedRow, type Message, type RowVerb, type TuiState } from './tui-state.js';

export type CommandId =
  | 'up'
  | 'down'
  | 'pageUp'
  | 'pageDown'
  | 'first'
  | 'last'
  | 'nextPanel'
  | 'prevPanel'
  | 'nextFailure'
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

const info = (text: string): Message => ({ text, level: 'info' });
const error = (text: string): Message => ({ text, level: 'error' });

/** Whether a platform run has begun and not ended (between a restart's stop and start phases too). */
export function platformBusy(state: TuiState): boolean {
  return state.platform?.running === true;
}

/** Why a row action may not run now (lazygit's GetDisabledReason), or undefined when it may. */
function rowActionDisabled(
  state: TuiState,
  verb: RowVerb,
  massive: boolean,
  context: CommandContext,
): Message | undefined {
  const row = selectedRow(state)?.row;
  if (!row) return info('Nothing selected');
  if (context.readOnly) return error(`Read-only (--read-only): ${verb} is disabled`);
  if (row.kind === 'unknown') return error(`${row.name} resolves to nothing: check hypcontrol.conf`);
  if (state.inflight[row.key] || platformBusy(state)) return info(`${row.name}: an action is already running`);
  if (massive && row.kind !== 'group' && row.kind !== 'pattern')
    return info(`${verb.toUpperCase()[0]}: massive actions act on a group or pattern row; use ${verb[0]} here`);
  if (verb === 'kill' && row.leftovers.length === 0) return info(`${row.name}: no stop of it left anything running`);
  return undefined;
}

type Guard = (state: TuiState, context: CommandContext) => Message | undefined;

/** Why each command that may be refused cannot run now; a command with no guard always may. */
const GUARDS: Partial<Record<CommandId, Guard>> = {
  enter: (state) => (selectedRow(state) ? undefined : info('Nothing selected')),
  nextFailure: (state) =>
    state.panels.some((panel) => panel.rows.some((row) => row.failed)) ? undefined : info('No process has failed'),
  start: (state, context) => rowActionDisabled(state, 'start', false, context),
  stop: (state, context) => rowActionDisabled(state, 'stop', false, context),
  restart: (state, context) => rowActionDisabled(state, 'restart', false, context),
  mstart: (state, context) => rowActionDisabled(state, 'start', true, context),
  mstop: (state, context) => rowActionDisabled(state, 'stop', true, context),
  mrestart: (state, context) => rowActionDisabled(state, 'restart', true, context),
  killLeftovers: (state, context) => rowActionDisabled(state, 'kill', false, context),
  log: (state) => {
    const row = selectedRow(state)?.row;
    if (!row) return info('Nothing selected');
    return row.targets.length === 0 ? info(`${row.name} resolves to nothing: it has no log`) : undefined;
  },
  update: (state, context) => {
    if (context.readOnly) return error('Read-only (--read-only): applying the files is disabled');
    const busy = platformBusy(state) || Object.keys(state.inflight).length > 0;
    return busy ? info('Actions are running: apply the files once they end') : undefined;
  },
  platform: (state, context) => {
    if (context.readOnly) return error('Read-only (--read-only): platform actions are disabled');
    return platformBusy(state) ? info('A platform action is already running') : undefined;
  },
};

/** Why `command` cannot run in `state` now, as the message line says it; undefined when it can. */
export function disabledReason(command: CommandId, state: TuiState, context: CommandContext): Message | undefined {
  return GUARDS[command]?.(state, context);
}
