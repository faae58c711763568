/**
 * Several nodes (SPEC 10): `[node:NAME]` sections of canopsis-tui.ini, each a supervisord reached over its
 * `[inet_http_server]` (or a socket), with credentials and an optional `ssh` for its initscripts; and
 * `NAME@NODE`, a name on one node only. A node's password is only ever held here and sent in the
 * Authorization header: messages name a node by its name and its address, never its credentials.
 */
import type { IniOption, IniSection } from './ini-parser.js';
import { invalidNameReason } from '../model/names.js';
import { describeServerUrl, type ServerUrl } from './server-access.js';

/** The name of the home's own supervisord when canopsis-tui.ini does not name it. */
export const LOCAL_NODE = 'local';

export interface NodeSpec {
  name: string;
  /** Undefined: the home's own supervisord (`[node:NAME]` without url names the local node). */
  url: ServerUrl | undefined;
  username: string | undefined;
  /** Written in the file; or read from `passwordFile` when the node is wired. */
  password: string | undefined;
  /** Absolute (`~/` is the home). */
  passwordFile: string | undefined;
  /** `user@host` for the node's initscripts, run over the system's ssh. */
  ssh: string | undefined;
}

const KEYS = ['url', 'username', 'password', 'password_file', 'ssh'];

/** `node2 (http://10.0.0.2:9001)`: how messages name a node (no credentials). */
export function nodeLabel(node: Pick<NodeSpec, 'name' | 'url'>): string {
  return node.url ? `${node.name} (${describeServerUrl(node.url)})` : node.name;
}

function parseUrl(text: string, home: string): ServerUrl | string {
  if (text.startsWith('unix://')) {
    const file = text.slice('unix://'.length).replace(/^~(?=\/)/, home);
    return file.startsWith('/') ? { kind: 'unix', path: file } : 'expected unix:///ABSOLUTE/PATH';
  }
  const match = /^http:\/\/(\[[^\]]+\]|[^:/@\s]+):(\d{1,5})\/?$/.exec(text);
  const port = Number(match?.[2]);
  if (!match || port < 1 || port > 65_535) {
    return 'expected http://HOST:PORT or unix:///PATH (no credentials in it: use username and password)';
  }
  return { kind: 'http', host: match[1]!.replace(/^\[|\]$/g, ''), port };
}

/** `user@host` or `host`: nothing ssh would read as an option or a second word. */
function sshProblem(text: string): string | undefined {
  const plain = /^([A-Za-z0-9._-]+@)?[A-Za-z0-9.:_[\]-]+$/.test(text) && !text.startsWith('-');
  return plain ? undefined : `expected user@host, got ${JSON.stringify(text.slice(0, 60))}`;
}

/** One `[node:NAME]` section, or the problems that leave it out (`FILE:LINE: ...`, no secret in them). */
function readNode(section: IniSection, home: string, problems: string[]): NodeSpec | undefined {
  const name = section.name.slice('node:'.length);
  const at = (option: { file: string; line: number }, problem: string) => {
    problems.push(`${option.file}:${option.line}: [${section.name}] ${problem}`);
  };
  const invalid =
    invalidNameReason(name) ?? (/[@:*?[]/.test(name) ? "name contains '@', ':' or a pattern character" : undefined);
  if (invalid) return (at(section, `: not a node name: ${invalid}`), undefined);
  const value = (key: string): IniOption | undefined => section.options.get(key);
  for (const [key, option] of section.options)
    if (!KEYS.includes(key)) at(option, `${key}: unknown setting (expected ${KEYS.join(', ')})`);
  const before = problems.length;
  const urlOption = value('url');
  const url = urlOption ? parseUrl(urlOption.value.trim(), home) : undefined;
  if (typeof url === 'string') at(urlOption!, `url: ${url}`);
  const username = value('username')?.value.trim();
  const password = value('password')?.value;
  const fileOption = value('password_file');
  const passwordFile = fileOption ? fileOption.value.trim().replace(/^~(?=\/)/, home) : undefined;
  if (password !== undefined && fileOption) at(fileOption, 'password_file: give password or password_file, not both');
  if (fileOption && !passwordFile!.startsWith('/'))
    at(fileOption, 'password_file: expected an absolute path or ~/PATH');
  if ((username === undefined) !== (password === undefined && !fileOption)) {
    at(section, ': incomplete authentication: both username and a password, or neither');
  }
  const ssh = value('ssh')?.value.trim();
  const sshWrong = ssh === undefined ? undefined : sshProblem(ssh);
  if (sshWrong) at(value('ssh')!, `ssh: ${sshWrong}`);
  if (problems.length > before) return undefined;
  return { name, url: url as ServerUrl | undefined, username, password, passwordFile, ssh };
}

/**
 * The nodes canopsis-tui.ini declares, the local one first: the home's supervisord is `local` unless a
 * section without url names it. Empty when there is no `[node:...]` section (a single-node home).
 */
export function readNodes(sections: Iterable<IniSection>, home: string, problems: string[]): NodeSpec[] {
  const declared = [...sections].filter((section) => section.name.startsWith('node:'));
  if (declared.length === 0) return [];
  const nodes = declared.flatMap((section) => readNode(section, home, problems) ?? []);
  const locals = nodes.filter((node) => !node.url);
  for (const extra of locals.slice(1)) {
    const section = declared.find((one) => one.name === `node:${extra.name}`)!;
    const why = "a second node without url (only the home's own supervisord has none); left out";
    problems.push(`${section.file}:${section.line}: [node:${extra.name}]: ${why}`);
  }
  const unnamed: NodeSpec = {
    name: LOCAL_NODE,
    url: undefined,
    username: undefined,
    password: undefined,
    passwordFile: undefined,
    ssh: undefined,
  };
  const local = locals[0] ?? unnamed;
  const remote = nodes.filter((node) => node.url && node.name !== local.name);
  const clash = nodes.find((node) => node.url && node.name === local.name);
  const section = clash && declared.find((one) => one.name === `node:${clash.name}`)!;
  if (section) {
    const why = `${local.name} is the home's own supervisord; give this node another name`;
    problems.push(`${section.file}:${section.line}: [${section.name}]: ${why}`);
  }
  return [local, ...remote];
}

/** `NAME@NODE` split when NODE is one of `nodes`; otherwise the whole operand is the name. */
export function splitNodeName(operand: string, nodes: readonly string[]): { name: string; node: string | undefined } {
  const at = operand.lastIndexOf('@');
  if (at <= 0) return { name: operand, node: undefined };
  const node = operand.slice(at + 1);
  return nodes.includes(node) ? { name: operand.slice(0, at), node } : { name: operand, node: undefined };
}

/** `NAME@NODE`: a name on one node, as every command and the panel write it. */
export function atNode(name: string, node: string): string {
  return `${name}@${node}`;
}

/** `node2 (http://10.0.0.2:9001): connection refused`: why a node could not be asked, its address once. */
export function nodeProblem(label: string, reason: string): string {
  const name = label.split(' ')[0];
  const short = reason
    .replace(/^supervisord is not running: nothing answers on \S+$/, 'connection refused')
    .replace(/\[supervisorctl\] or the server section$/, `[node:${name}] of canopsis-tui.ini`)
    .replace(/^cannot reach supervisord at \S+: /, '')
    .replace(/^supervisord is not running: /, 'not running: ');
  return `${label}: ${short}`;
}
