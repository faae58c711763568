/** How to reach supervisord, as supervisorctl would: its serverurl, else the server sections. */
import path from 'node:path';
import { ConfigError } from './config-error.js';

export type ServerUrl = { kind: 'unix'; path: string } | { kind: 'http'; host: string; port: number };

export interface ServerAccess {
  url: ServerUrl;
  username: string | undefined;
  password: string | undefined;
}

type Read = (section: string, key: string) => string | undefined;

/** Parses `unix:///abs/path.sock` or `http://host:port`; undefined for anything else. */
export function parseServerUrl(text: string, baseDir: string): ServerUrl | undefined {
  if (text.startsWith('unix://')) return { kind: 'unix', path: path.resolve(baseDir, text.slice('unix://'.length)) };
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:') return undefined;
    return { kind: 'http', host: url.hostname || 'localhost', port: Number(url.port || 80) };
  } catch {
    return undefined;
  }
}

/** `[inet_http_server] port` is `host:port`, `:port` or `port`; supervisorctl talks to localhost for `*`. */
function inetUrl(port: string): ServerUrl | undefined {
  const match = /^(?:(.*):)?(\d+)$/.exec(port.trim());
  if (!match) return undefined;
  const host = !match[1] || match[1] === '*' ? 'localhost' : match[1];
  return { kind: 'http', host, port: Number(match[2]) };
}

/** Where and as whom to call supervisord; throws ConfigError when the files give no way. */
export function readServerAccess(read: Read, has: (section: string) => boolean, mainFile: string): ServerAccess {
  const baseDir = path.dirname(mainFile);
  const serverurl = read('supervisorctl', 'serverurl');
  const unixFile = has('unix_http_server') ? read('unix_http_server', 'file') : undefined;
  const inetPort = has('inet_http_server') ? read('inet_http_server', 'port') : undefined;
  let url: ServerUrl | undefined;
  if (serverurl !== undefined) {
    url = parseServerUrl(serverurl, baseDir);
    if (!url) throw new ConfigError(mainFile, undefined, `[supervisorctl] serverurl is not unix:// or http://: ${serverurl}`);
  } else if (unixFile) {
    url = { kind: 'unix', path: path.resolve(baseDir, unixFile) };
  } else if (inetPort) {
    url = inetUrl(inetPort);
    if (!url) throw new ConfigError(mainFile, undefined, `[inet_http_server] port is not [host:]port: ${inetPort}`);
  } else {
    throw new ConfigError(mainFile, undefined, 'no [unix_http_server] or [inet_http_server]: supervisord cannot be reached');
  }
  const server = url.kind === 'unix' ? 'unix_http_server' : 'inet_http_server';
  return {
    url,
    username: read('supervisorctl', 'username') ?? (has(server) ? read(server, 'username') : undefined),
    password: read('supervisorctl', 'password') ?? (has(server) ? read(server, 'password') : undefined),
  };
}

/** The address for messages; never includes credentials. */
export function describeServerUrl(url: ServerUrl): string {
  return url.kind === 'unix' ? `unix://${url.path}` : `http://${url.host}:${url.port}`;
}
