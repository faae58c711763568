/**
 * Where supervisord listens (its `server_configs`) and how a client reaches it (supervisorctl's serverurl,
 * credentials), read as supervisor's options.py reads them: `~` and relative paths made absolute
 * (`normalize_path`) against the HOME and the folder supervisord is started from.
 */
import path from 'node:path';
import { ConfigError } from '../model/config-error.js';
import type { Expansions } from './expand.js';
import { getOption, type IniStore } from './ini-parser.js';
import { pyExpandUser, pyStrip } from './py-text.js';
import { inetAddress, octal } from './supervisor-values.js';
import { makeReader, type Reader } from './supervisord-files.js';

export type ServerUrl = { kind: 'unix'; path: string } | { kind: 'http'; host: string; port: number };

export interface ServerAccess {
  url: ServerUrl;
  username: string | undefined;
  password: string | undefined;
}

/** One `[unix_http_server]` or `[inet_http_server]` as supervisord opens it. */
export interface ServerSpec {
  section: string;
  url: ServerUrl;
  username: string | undefined;
  password: string | undefined;
}

/** HOME for `~`, and the folder relative paths are taken from (supervisord's working directory, `~/etc`). */
export interface PathBase {
  home: string | undefined;
  cwd: string;
}

/** supervisor's `normalize_path`. */
export function normalizePath(value: string, base: PathBase): string {
  return path.resolve(base.cwd, pyExpandUser(value, base.home));
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0', '']);

/**
 * Whether `spawned` (the SUPERVISOR_SERVER_URL supervisord put in a child's environment) names the server
 * at `url`: the same socket, or the same port on this host. Tells one supervisord's children from another's.
 */
export function sameServer(spawned: string, url: ServerUrl): boolean {
  const other = parseServerUrl(spawned, { home: undefined, cwd: '/' });
  if (!other || other.kind !== url.kind) return false;
  if (other.kind === 'unix' && url.kind === 'unix') return other.path === path.resolve(url.path);
  if (other.kind !== 'http' || url.kind !== 'http' || other.port !== url.port) return false;
  return other.host === url.host || (LOOPBACK.has(other.host) && LOOPBACK.has(url.host));
}

/** Parses `unix:///abs/path.sock` or `http://host:port`; undefined for anything else. */
function parseServerUrl(text: string, base: PathBase): ServerUrl | undefined {
  if (text.startsWith('unix://')) return { kind: 'unix', path: normalizePath(text.slice('unix://'.length), base) };
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:') return undefined;
    return { kind: 'http', host: url.hostname || 'localhost', port: Number(url.port || 80) };
  } catch {
    return undefined;
  }
}

type Where = (section: string, key?: string) => { file: string; line: number | undefined };

function credentials(
  store: IniStore,
  read: Reader,
  section: string,
  where: Where,
): Pick<ServerSpec, 'username' | 'password'> {
  const username = read(section, 'username', {});
  const password = read(section, 'password', {});
  if ((username === undefined) !== (password === undefined)) {
    const at = where(section);
    throw new ConfigError(
      at.file,
      at.line,
      `[${section}] contains incomplete authentication: both username and password, or neither`,
    );
  }
  return { username, password };
}

/** The server sections supervisord would open, in its order (inet first), each checked as it checks them. */
function readServers(store: IniStore, read: Reader, base: PathBase, here: Expansions, where: Where): ServerSpec[] {
  const names = [...store.sections.keys()];
  const fail = (section: string, key: string, problem: string): never => {
    const at = where(section, key);
    throw new ConfigError(at.file, at.line, `[${section}] ${problem}`);
  };
  const inet = names
    .filter((name) => name.startsWith('inet_http_server'))
    .map((section): ServerSpec => {
      const auth = credentials(store, read, section, where);
      const port = read(section, 'port', {});
      if (port === undefined) return fail(section, 'port', 'has no port value');
      let address: { host: string; port: number };
      try {
        address = inetAddress(port);
      } catch (error) {
        return fail(section, 'port', `port: ${(error as Error).message}`);
      }
      return { section, url: { kind: 'http', host: address.host || 'localhost', port: address.port }, ...auth };
    });
  const unix = names
    .filter((name) => name.startsWith('unix_http_server'))
    .map((section): ServerSpec => {
      const file = read(section, 'file', here);
      if (file === undefined) return fail(section, 'file', 'has no file value');
      const auth = credentials(store, read, section, where);
      const chmod = read(section, 'chmod', {});
      if (chmod !== undefined) {
        try {
          octal(chmod);
        } catch {
          fail(section, 'chmod', `Invalid chmod value ${chmod}`);
        }
      }
      return { section, url: { kind: 'unix', path: normalizePath(pyStrip(file), base) }, ...auth };
    });
  return [...inet, ...unix];
}

/** How supervisorctl would call: `[supervisorctl] serverurl`, else the unix socket, else the inet port. */
function clientAccess(
  store: IniStore,
  read: Reader,
  servers: ServerSpec[],
  base: PathBase,
  mainFile: string,
): ServerAccess {
  const has = (section: string) => store.sections.has(section);
  const serverurl = has('supervisorctl') ? read('supervisorctl', 'serverurl', { here: base.cwd }) : undefined;
  const server = servers.find((spec) => spec.url.kind === 'unix') ?? servers[0];
  let url = server?.url;
  if (serverurl !== undefined) {
    url = parseServerUrl(serverurl, base);
    if (!url)
      throw new ConfigError(mainFile, undefined, `[supervisorctl] serverurl is not unix:// or http://: ${serverurl}`);
  }
  if (!url)
    throw new ConfigError(
      mainFile,
      undefined,
      'no [unix_http_server] or [inet_http_server]: supervisord cannot be reached',
    );
  const own = has('supervisorctl')
    ? { username: read('supervisorctl', 'username', {}), password: read('supervisorctl', 'password', {}) }
    : undefined;
  const match = servers.find((spec) => JSON.stringify(spec.url) === JSON.stringify(url)) ?? server;
  return { url, username: own?.username ?? match?.username, password: own?.password ?? match?.password };
}

/** The servers supervisord opens and how a client reaches one, from the sections read so far. */
export function readReachability(
  store: IniStore,
  env: Expansions,
  base: PathBase,
  mainFile: string,
): { servers: ServerSpec[]; access: ServerAccess } {
  const read = makeReader(store, env);
  const here = { here: base.cwd };
  const where: Where = (section, key) => {
    const found = (key ? getOption(store, section, key) : undefined) ?? store.sections.get(section);
    return found ?? { file: mainFile, line: undefined };
  };
  const servers = readServers(store, read, base, here, where);
  return { servers, access: clientAccess(store, read, servers, base, mainFile) };
}

/** The address for messages; never includes credentials. */
export function describeServerUrl(url: ServerUrl): string {
  return url.kind === 'unix' ? `unix://${url.path}` : `http://${url.host}:${url.port}`;
}
