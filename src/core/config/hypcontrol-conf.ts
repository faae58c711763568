/**
 * hypcontrol.conf is a bash file of arrays; it is read here as data and never executed (SPEC 2).
 * Anything that would make bash run code is refused with its line and column.
 */
import { ConfigError } from '../model/config-error.js';

export const STAGES = ['BACKEND', 'MIDDLEWARE', 'FRONTEND'] as const;
export type StageName = (typeof STAGES)[number];

export interface StageSpec {
  name: StageName;
  /** Names and globs in the order written; empty when the array is absent. */
  services: string[];
  /** Line of the array, when present. */
  line: number | undefined;
}

export interface HypcontrolConf {
  file: string;
  stages: StageSpec[];
}

class Scanner {
  pos = 0;
  line = 1;
  col = 1;
  constructor(
    readonly text: string,
    readonly file: string,
  ) {}
  peek(offset = 0): string {
    return this.text[this.pos + offset] ?? '';
  }
  next(): string {
    const ch = this.text[this.pos++] ?? '';
    if (ch === '\n') {
      this.line += 1;
      this.col = 1;
    } else this.col += 1;
    return ch;
  }
  fail(problem: string, line = this.line, col = this.col): never {
    throw new ConfigError(this.file, line, problem, col);
  }
  skipComment(): void {
    while (this.pos < this.text.length && this.peek() !== '\n') this.next();
  }
  /** Skips blanks and tabs (and newlines when `lines`), and comments. */
  skipSpace(lines: boolean): void {
    for (;;) {
      const ch = this.peek();
      if (ch === ' ' || ch === '\t' || ch === '\r' || (lines && ch === '\n')) this.next();
      else if (ch === '#') this.skipComment();
      else if (ch === '\\' && this.peek(1) === '\n') {
        this.next();
        this.next();
      } else return;
    }
  }
}

const CODE_CHARS: Record<string, string> = {
  $: 'expansion or command substitution ($)',
  '`': 'command substitution (`)',
  ';': 'command separator (;)',
  '&': 'background or && (&)',
  '|': 'pipe (|)',
  '<': 'redirection (<)',
  '>': 'redirection (>)',
  '(': 'subshell or function (()',
  '{': 'brace group ({)',
};

function readQuoted(s: Scanner, quote: string): string {
  const line = s.line;
  const col = s.col;
  s.next();
  let out = '';
  while (s.peek() !== quote) {
    if (s.pos >= s.text.length) s.fail(`unterminated ${quote} quote`, line, col);
    const ch = s.peek();
    if (quote === '"' && (ch === '$' || ch === '`'))
      s.fail(`${CODE_CHARS[ch]} is not allowed: this file is read, not executed`);
    if (quote === '"' && ch === '\\') s.next();
    out += s.next();
  }
  s.next();
  return out;
}

/** One shell word: unquoted characters and quoted parts, up to a blank, newline or `)`. */
function readWord(s: Scanner): string {
  let out = '';
  for (;;) {
    const ch = s.peek();
    if (ch === '' || ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === ')') return out;
    if (ch === "'" || ch === '"') out += readQuoted(s, ch);
    else if (CODE_CHARS[ch] || ch === '}')
      s.fail(`${CODE_CHARS[ch] ?? 'brace'} is not allowed: this file is read, not executed`);
    else if (ch === '\\') out += (s.next(), s.next());
    else out += s.next();
  }
}

interface Word {
  word: string;
  line: number;
  col: number;
}

function readArray(s: Scanner): Word[] {
  const line = s.line;
  const col = s.col;
  s.next();
  const words: Word[] = [];
  for (;;) {
    s.skipSpace(true);
    // The next assignment inside the array means this one was never closed: say so where it opens.
    if (s.pos >= s.text.length || /^[A-Za-z_][A-Za-z0-9_]*=/.test(s.text.slice(s.pos)))
      s.fail('array is not closed with )', line, col);
    if (s.peek() === ')') {
      s.next();
      return words;
    }
    const at = { line: s.line, col: s.col };
    const word = readWord(s);
    if (word) words.push({ word, ...at });
  }
}

/** A name in two stages (or twice in one) would be started twice: refused where it appears again. */
function checkDuplicates(arrays: Map<string, { words: Word[] }>, file: string): void {
  const seen = new Map<string, { stage: string; line: number }>();
  for (const stage of STAGES) {
    for (const { word, line, col } of arrays.get(stage)?.words ?? []) {
      const first = seen.get(word);
      if (first)
        throw new ConfigError(
          file,
          line,
          `${JSON.stringify(word)} is already in ${first.stage} (line ${first.line}): a service belongs to one stage`,
          col,
        );
      seen.set(word, { stage, line });
    }
  }
}

/** Reads one `NAME=(...)` or `NAME=word` statement; refuses any other statement. */
function readStatement(s: Scanner, arrays: Map<string, { words: Word[]; line: number }>): void {
  const line = s.line;
  const name = /^[A-Za-z_][A-Za-z0-9_]*(?==)/.exec(s.text.slice(s.pos))?.[0];
  if (!name) {
    const word = /^[^\s=]*/.exec(s.text.slice(s.pos))?.[0] ?? '';
    s.fail(`unsupported statement ${JSON.stringify(word.slice(0, 30))}: only NAME=(...) arrays and comments are read`);
  }
  for (let i = 0; i <= name.length; i += 1) s.next();
  if (s.peek() === '(') arrays.set(name, { words: readArray(s), line });
  else readWord(s);
  s.skipSpace(false);
  if (s.peek() !== '\n' && s.pos < s.text.length) s.fail('unexpected text after the assignment');
}

/** Parses hypcontrol.conf text; throws ConfigError with line and column. */
export function parseHypcontrolConf(text: string, file: string): HypcontrolConf {
  const s = new Scanner(text, file);
  const arrays = new Map<string, { words: Word[]; line: number }>();
  for (;;) {
    s.skipSpace(true);
    if (s.pos >= s.text.length) break;
    readStatement(s, arrays);
  }
  checkDuplicates(arrays, file);
  const stages = STAGES.map((name) => ({
    name,
    services: arrays.get(name)?.words.map((w) => w.word) ?? [],
    line: arrays.get(name)?.line,
  }));
  return { file, stages };
}
