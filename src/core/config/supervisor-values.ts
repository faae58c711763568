/**
 * supervisord's value types (supervisor/datatypes.py), so a file it would refuse is refused here too,
 * with its reason. Each throws an Error with supervisor's wording; the caller adds FILE:LINE.
 */
import { PY_SPACE } from './py-text.js';

const INT = new RegExp(`^[${PY_SPACE}]*[+-]?\\d+(?:_\\d+)*[${PY_SPACE}]*$`);

/** Python's `int(text)`. */
export function pyInt(text: string): number {
  if (!INT.test(text)) throw new Error(`invalid literal for int() with base 10: ${JSON.stringify(text)}`);
  return Number(text.replace(/_/g, '').trim());
}

const TRUTHY = ['yes', 'true', 'on', '1'];
const FALSY = ['no', 'false', 'off', '0'];

export function booleanValue(text: string): boolean {
  const lower = text.toLowerCase();
  if (TRUTHY.includes(lower)) return true;
  if (FALSY.includes(lower)) return false;
  throw new Error(`not a valid boolean value: ${JSON.stringify(text)}`);
}

export function autoRestart(text: string): void {
  const lower = text.toLowerCase();
  if (![...TRUTHY, ...FALSY, 'unexpected'].includes(lower))
    throw new Error(`invalid 'autorestart' value ${JSON.stringify(lower)}`);
}

const SIZES: Record<string, number> = { kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

export function byteSize(text: string): number {
  const suffix = text.slice(-2).toLowerCase();
  const factor = SIZES[suffix];
  return factor ? pyInt(text.slice(0, -2)) * factor : pyInt(text);
}

/** Python's signal module on Linux: names, and the numbers supervisor's SIGNUMS holds. */
const SIGNALS: Record<string, number> = {
  HUP: 1,
  INT: 2,
  QUIT: 3,
  ILL: 4,
  TRAP: 5,
  ABRT: 6,
  IOT: 6,
  BUS: 7,
  FPE: 8,
  KILL: 9,
  USR1: 10,
  SEGV: 11,
  USR2: 12,
  PIPE: 13,
  ALRM: 14,
  TERM: 15,
  STKFLT: 16,
  CHLD: 17,
  CLD: 17,
  CONT: 18,
  STOP: 19,
  TSTP: 20,
  TTIN: 21,
  TTOU: 22,
  URG: 23,
  XCPU: 24,
  XFSZ: 25,
  VTALRM: 26,
  PROF: 27,
  WINCH: 28,
  IO: 29,
  POLL: 29,
  PWR: 30,
  SYS: 31,
  RTMIN: 34,
  RTMAX: 64,
  _DFL: 0,
  _IGN: 1,
  _BLOCK: 0,
  _UNBLOCK: 1,
  _SETMASK: 2,
};
const SIGNUMS = new Set([0, 2, ...Object.values(SIGNALS)]);

export function signalNumber(text: string): void {
  let number: number | undefined;
  try {
    number = pyInt(text);
  } catch {
    const name = text.trim().toUpperCase().replace(/^SIG/, '');
    number = SIGNALS[name];
    if (number === undefined) throw new Error(`value ${JSON.stringify(text)} is not a valid signal name`);
  }
  if (!SIGNUMS.has(number)) throw new Error(`value ${JSON.stringify(text)} is not a valid signal number`);
}

export function exitCodes(text: string): void {
  if (!text) return;
  for (const part of text.split(',')) {
    const code = pyInt(part);
    if (code < 0 || code > 255) throw new Error(`Invalid exit code "${code}"`);
  }
}

const OCTAL = new RegExp(`^[${PY_SPACE}]*[+-]?(?:0o)?[0-7]+(?:_[0-7]+)*[${PY_SPACE}]*$`, 'i');

export function octal(text: string): void {
  if (!OCTAL.test(text)) throw new Error(`${text} can not be converted to an octal type`);
}

export function loggingLevel(text: string): void {
  const levels = ['critical', 'error', 'warn', 'info', 'debug', 'trace', 'blather'];
  if (!levels.includes(text.toLowerCase())) throw new Error(`bad logging level name ${JSON.stringify(text)}`);
}

/** `process_or_group_name`: stripped, and none of ` `, `:`, `/`. */
export function processOrGroupName(name: string): string {
  const stripped = name.trim();
  const bad = [' ', ':', '/'].find((char) => stripped.includes(char));
  if (bad) throw new Error(`Invalid name: ${JSON.stringify(name)} because of character: ${JSON.stringify(bad)}`);
  return stripped;
}

export function portNumber(text: string): number {
  const port = pyInt(text);
  if (port < 1 || port > 0xffff) throw new Error(`${port} is not in the range 1..65535`);
  return port;
}

/** `inet_address`: `host:port`, `:port` or `port`; host `*` or empty is every interface. */
export function inetAddress(text: string): { host: string; port: number } {
  const colon = text.lastIndexOf(':');
  if (colon === -1) return { host: '', port: portNumber(text) };
  const rest = text.slice(colon + 1);
  if (!rest) throw new Error(`no port number specified in ${JSON.stringify(rest)}`);
  const host = text.slice(0, colon).toLowerCase();
  return { host: host === '*' ? '' : host, port: portNumber(rest) };
}

const WORD = /[A-Za-z0-9_/.+\-():]/;

/** Tokens as Python's non-POSIX shlex makes them, with supervisor's extra word characters. */
function shlexTokens(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (' \t\r\n'.includes(char)) i += 1;
    else if (char === '#') i = text.includes('\n', i) ? text.indexOf('\n', i) + 1 : text.length;
    else if (char === "'" || char === '"') {
      const close = text.indexOf(char, i + 1);
      if (close === -1) throw new Error('No closing quotation');
      tokens.push(text.slice(i, close + 1));
      i = close + 1;
    } else if (WORD.test(char)) {
      let end = i + 1;
      while (end < text.length && (WORD.test(text[end]!) || text[end] === "'" || text[end] === '"')) end += 1;
      tokens.push(text.slice(i, end));
      i = end;
    } else tokens.push(((i += 1), char));
  }
  return tokens;
}

/** `dict_of_key_value_pairs`: `KEY=val,KEY2="a,b"` as supervisord reads `environment=`. */
export function keyValuePairs(text: string): Record<string, string> {
  const tokens = shlexTokens(text);
  const out: Record<string, string> = {};
  for (let i = 0; i < tokens.length; i += 4) {
    const [key, equals, value] = tokens.slice(i, i + 3);
    if (key === undefined || equals !== '=' || value === undefined)
      throw new Error(`Unexpected end of key/value pairs in value '${text}'`);
    out[key] = value.replace(/^['"]+|['"]+$/g, '');
  }
  return out;
}
