/** The one keymap: it drives input, the footer and the `?` overlay. */
import type { Key } from 'ink';
import type { CommandId } from '../core/commands.js';

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
  { command: 'expand', keys: '→', help: 'expand a group or pattern', footer: false, matches: (_i, k) => k.rightArrow },
  { command: 'collapse', keys: '←', help: 'collapse', footer: false, matches: (_i, k) => k.leftArrow },
  { command: 'enter', keys: 'Enter', help: 'expand, or action menu', short: 'menu', footer: true, matches: (_i, k) => k.return },
  { command: 'start', keys: 's', help: 'start', footer: true, matches: is('s') },
  { command: 'stop', keys: 't', help: 'stop', footer: true, matches: is('t') },
  { command: 'restart', keys: 'r', help: 'restart', footer: true, matches: is('r') },
  { command: 'mstart', keys: 'S', help: 'massive start: all at once', footer: false, matches: is('S') },
  { command: 'mstop', keys: 'T', help: 'massive stop', footer: false, matches: is('T') },
  { command: 'mrestart', keys: 'R', help: 'massive restart', short: 'massive', footer: true, matches: is('R') },
  { command: 'platform', keys: 'h', help: 'platform (hypcontrol)', short: 'platform', footer: true, matches: is('h') },
  { command: 'help', keys: '?', help: 'this help', short: 'help', footer: true, matches: is('?') },
  { command: 'quit', keys: 'q', help: 'quit (services keep running)', footer: true, matches: (i, k) => is('q')(i, k) || (k.ctrl && i === 'c') },
];

/** The command a key press means, if any. */
export function commandFor(input: string, key: Key): CommandId | undefined {
  return KEYMAP.find((binding) => binding.matches(input, key))?.command;
}

/** The footer line: `Enter menu  s start  ...`. */
export function footerText(): string {
  return KEYMAP.filter((binding) => binding.footer).map((binding) => `${binding.keys} ${binding.short ?? binding.help.split(/[ ,(]/)[0]}`).join('  ');
}
