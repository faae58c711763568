/** The one keymap: it drives input, the footer and the `?` overlay. */
import type { Key } from 'ink';
import type { CommandId } from '../core/panel/commands.js';

export interface Binding {
  command: CommandId;
  /** As shown to the operator. */
  keys: string;
  help: string;
  /** The footer's word for it. */
  short?: string;
  /** Shown in the footer (the rest only in the `?` overlay). */
  footer: boolean;
  matches(input: string, key: Key): boolean;
}

const is = (char: string) => (input: string, key: Key) => input === char && !key.ctrl && !key.meta;

export const KEYMAP: readonly Binding[] = [
  { command: 'up', keys: '↑/k', help: 'previous row', footer: false, matches: (i, k) => k.upArrow || is('k')(i, k) },
  { command: 'down', keys: '↓/j', help: 'next row', footer: false, matches: (i, k) => k.downArrow || is('j')(i, k) },
  { command: 'pageUp', keys: 'PgUp', help: 'page up', footer: false, matches: (_i, k) => k.pageUp },
  { command: 'pageDown', keys: 'PgDn', help: 'page down', footer: false, matches: (_i, k) => k.pageDown },
  { command: 'first', keys: 'Home', help: 'first row', footer: false, matches: (_i, k) => k.home },
  { command: 'last', keys: 'End', help: 'last row', footer: false, matches: (_i, k) => k.end },
  { command: 'nextPanel', keys: 'Tab', help: 'next panel', footer: false, matches: (_i, k) => k.tab && !k.shift },
  { command: 'prevPanel', keys: 'S-Tab', help: 'previous panel', footer: false, matches: (_i, k) => k.tab && k.shift },
  { command: 'nextFailure', keys: 'f', help: 'next failed process', footer: false, matches: is('f') },
  {
    command: 'expand',
    keys: '→',
    help: 'expand a group or pattern',
    footer: false,
    matches: (_i, k) => k.rightArrow,
  },
  { command: 'collapse', keys: '←', help: 'collapse', footer: false, matches: (_i, k) => k.leftArrow },
  {
    command: 'enter',
    keys: 'Enter',
    help: 'expand, or action menu',
    short: 'menu',
    footer: true,
    matches: (_i, k) => k.return,
  },
  { command: 'start', keys: 's', help: 'start', footer: true, matches: is('s') },
  { command: 'stop', keys: 't', help: 'stop', footer: true, matches: is('t') },
  { command: 'restart', keys: 'r', help: 'restart', footer: true, matches: is('r') },
  { command: 'mstart', keys: 'S', help: 'massive start: all at once', footer: false, matches: is('S') },
  { command: 'mstop', keys: 'T', help: 'massive stop', footer: false, matches: is('T') },
  { command: 'mrestart', keys: 'R', help: 'massive restart', short: 'massive', footer: false, matches: is('R') },
  { command: 'killLeftovers', keys: 'K', help: 'kill what a stop left running', footer: false, matches: is('K') },
  {
    command: 'log',
    keys: 'l',
    help: "the row's log (follows; Esc returns)",
    short: 'log',
    footer: true,
    matches: is('l'),
  },
  { command: 'filter', keys: '/', help: 'filter rows by name or glob', footer: false, matches: is('/') },
  { command: 'clearFilter', keys: 'Esc', help: 'clear the filter', footer: false, matches: (_i, k) => k.escape },
  { command: 'update', keys: 'u', help: 'apply changed files (preview first)', footer: false, matches: is('u') },
  { command: 'history', keys: 'a', help: 'actions: who did what, newest first', footer: false, matches: is('a') },
  { command: 'platform', keys: 'h', help: 'platform (hypcontrol)', short: 'platform', footer: true, matches: is('h') },
  { command: 'help', keys: '?', help: 'this help', short: 'help', footer: true, matches: is('?') },
  {
    command: 'suspend',
    keys: 'C-z',
    help: 'suspend (fg resumes)',
    footer: false,
    matches: (i, k) => k.ctrl && i === 'z',
  },
  {
    command: 'quit',
    keys: 'q',
    help: 'quit (services keep running)',
    footer: true,
    matches: (i, k) => is('q')(i, k) || (k.ctrl && i === 'c'),
  },
];

/** What a key does on the log screen. */
export type LogCommand =
  | 'back'
  | 'up'
  | 'down'
  | 'pageUp'
  | 'pageDown'
  | 'home'
  | 'end'
  | 'streams'
  | 'wrap'
  | 'search'
  | 'next'
  | 'previous'
  | 'start'
  | 'stop'
  | 'restart';

export interface LogBinding {
  command: LogCommand;
  keys: string;
  help: string;
  matches(input: string, key: Key): boolean;
}

/** The log screen's keys, drawn in its footer. */
export const LOG_KEYMAP: readonly LogBinding[] = [
  { command: 'back', keys: 'Esc', help: 'panels', matches: (i, k) => k.escape || is('q')(i, k) },
  { command: 'up', keys: '↑/k', help: 'up', matches: (i, k) => k.upArrow || is('k')(i, k) },
  { command: 'down', keys: '↓/j', help: 'down', matches: (i, k) => k.downArrow || is('j')(i, k) },
  { command: 'pageUp', keys: 'PgUp', help: 'page up', matches: (_i, k) => k.pageUp },
  { command: 'pageDown', keys: 'PgDn', help: 'page down', matches: (_i, k) => k.pageDown },
  { command: 'home', keys: 'Home', help: 'top', matches: (_i, k) => k.home },
  { command: 'end', keys: 'End', help: 'follow', matches: (_i, k) => k.end },
  { command: 'streams', keys: 'Tab', help: 'streams', matches: (_i, k) => k.tab },
  { command: 'wrap', keys: 'w', help: 'wrap', matches: is('w') },
  { command: 'search', keys: '/', help: 'search', matches: is('/') },
  { command: 'next', keys: 'n/N', help: 'next', matches: is('n') },
  { command: 'previous', keys: 'N', help: '', matches: is('N') },
  { command: 'start', keys: 's', help: '', matches: is('s') },
  { command: 'stop', keys: 't', help: '', matches: is('t') },
  { command: 'restart', keys: 'r', help: '', matches: is('r') },
];

const LOG_FOOTER: LogCommand[] = ['back', 'end', 'streams', 'wrap', 'search', 'next'];

const HISTORY_FOOTER: LogCommand[] = ['back', 'home', 'wrap', 'search', 'next'];

const keysText = (commands: LogCommand[]) =>
  commands
    .map((command) => LOG_KEYMAP.find((binding) => binding.command === command)!)
    .map((binding) => `${binding.keys} ${binding.help}`)
    .join('  ');

/** The log screen's footer: `Esc panels  End follow ...`, the row's action keys last. */
export function logFooterText(): string {
  return `${keysText(LOG_FOOTER)}  s/t/r act`;
}

/** The history screen's footer: the log's keys, Home for the newest. */
export function historyFooterText(): string {
  return keysText(HISTORY_FOOTER).replace('Home top', 'Home newest');
}

/** What a key does on the update screen (`u`). */
export type UpdateCommand = 'up' | 'down' | 'pageUp' | 'pageDown' | 'apply' | 'cancel';

export interface UpdateBinding {
  command: UpdateCommand;
  keys: string;
  help: string;
  matches(input: string, key: Key): boolean;
  /** Why it does nothing now (lazygit's GetDisabledReason); absent: it always may. */
  disabledReason?(canApply: boolean): string | undefined;
}

/** The update screen's keys, in its footer's order. A key that is none of them, once the preview is in, cancels. */
export const UPDATE_KEYMAP: readonly UpdateBinding[] = [
  {
    command: 'apply',
    keys: 'y',
    help: 'apply',
    // Only a plain y: Esc then y in one read (Alt-y) arrives as meta.
    matches: (i, k) => (i === 'y' || i === 'Y') && !k.meta,
    disabledReason: (canApply) => (canApply ? undefined : 'nothing to apply'),
  },
  { command: 'cancel', keys: 'Esc/n', help: 'cancel', matches: (i, k) => k.escape || is('n')(i, k) || is('q')(i, k) },
  // The scroll keys, one footer entry.
  { command: 'up', keys: '↑/↓ PgUp/PgDn', help: 'scroll', matches: (i, k) => k.upArrow || is('k')(i, k) },
  { command: 'down', keys: '', help: '', matches: (i, k) => k.downArrow || is('j')(i, k) },
  { command: 'pageUp', keys: '', help: '', matches: (_i, k) => k.pageUp },
  { command: 'pageDown', keys: '', help: '', matches: (_i, k) => k.pageDown },
];

/** The update screen's footer: `y apply  Esc/n cancel  ↑/↓ PgUp/PgDn scroll`, without a key that may not act. */
export function updateFooterText(canApply: boolean): string {
  return UPDATE_KEYMAP.filter((binding) => binding.keys && !binding.disabledReason?.(canApply))
    .map((binding) => [binding.keys, binding.help].filter(Boolean).join(' '))
    .join('  ');
}

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/** Esc as Ink hands it to useInput (its `meta` set too). */
export const escapeKey = (): Key => ({ ...NO_KEY, escape: true, meta: true });

/** One character of a read as Ink would have parsed it alone (its parse-keypress). */
function keyOf(char: string): [string, Key] {
  if (char === '\r' || char === '\n') return ['', { ...NO_KEY, return: true }];
  if (char === '\t') return ['', { ...NO_KEY, tab: true }];
  if (char === '\b') return ['', { ...NO_KEY, backspace: true }];
  if (char === '\u007F') return ['', { ...NO_KEY, delete: true }];
  if (char < ' ') return [String.fromCharCode(char.charCodeAt(0) + 96), { ...NO_KEY, ctrl: true }];
  return [char, { ...NO_KEY, shift: /[A-Z]/.test(char) }];
}

/**
 * The key presses in one read. Ink splits a read at its escape sequences (arrows, Esc) but hands `useInput`
 * a run of other characters whole, and over SSH several keys arrive together (`jjj`, `sy`, `hjj` and Enter):
 * each is one press, in order, Enter and Ctrl keys among them. A key Ink parsed as such stays whole.
 */
export function splitKeys(input: string, key: Key): Array<[string, Key]> {
  const chars = [...input];
  if (chars.length < 2 || key.ctrl || key.meta) return [[input, key]];
  return chars.map(keyOf);
}

/** The command a key press means, if any. */
export function commandFor(input: string, key: Key): CommandId | undefined {
  return KEYMAP.find((binding) => binding.matches(input, key))?.command;
}

/** The footer line: `Enter menu  s start  ...`. */
export function footerText(): string {
  return KEYMAP.filter((binding) => binding.footer)
    .map((binding) => `${binding.keys} ${binding.short ?? binding.help.split(/[ ,(]/)[0]}`)
    .join('  ');
}
