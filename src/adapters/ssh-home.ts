/**
 * Another node's `~/etc` (SPEC 10), fetched in one ssh session and read with the very reader of this
 * home's files (a ConfigSource over what was fetched): its supervisord files with their includes, its
 * initscripts, and its accounts for `user=` checks. The node's home is where ssh starts (its account's
 * home, as its initscripts are run). Hand-written framing: NUL-separated fields, file contents in base64
 * (a file that changes while it is sent cannot shift the fields); POSIX sh, find, base64 on the node.
 */
import path from 'node:path';
import type { ConfigSource, FileRead } from '../core/config/supervisord-config.js';
import { accountIn, bytesRead, globOver } from './file-source.js';
import { readConfigWith } from './config-files.js';
import type { HomeFiles } from '../core/home.js';
import { sshInvocation } from './ssh-initscripts.js';

const FETCH_TIMEOUT_MS = 15_000;
/**
 * What ssh runs on the node: its home, host and account; its folders, an empty field, then per file its
 * path, `x` when executable, and its base64. Files past 1 MB are left out (the reader would refuse them).
 */
export const FETCH_SCRIPT = [
  `printf '%s\\0%s\\0%s\\0' "$PWD" "$(hostname)" "$(id -un)"`,
  'find -L etc -type d -print0 2>/dev/null; find -L . -maxdepth 3 -type d -print0 2>/dev/null',
  `printf '\\0'`,
  `for f in /etc/passwd /etc/group; do printf '%s\\0-\\0' "$f"; base64 -w0 < "$f" 2>/dev/null; printf '\\0'; done`,
  [
    `find -L etc -type f -size -1100k -exec sh -c '`,
    `for f; do printf "%s\\0" "$f"; if [ -x "$f" ]; then printf "x\\0"; else printf -- "-\\0"; fi;`,
    ` base64 -w0 < "$f"; printf "\\0"; done' sh {} +`,
  ].join(''),
].join('; ');

export interface NodeTree {
  /** The node's home, where its `etc` is. */
  home: string;
  hostname: string;
  user: string;
  dirs: Set<string>;
  files: Map<string, { bytes: Buffer; executable: boolean }>;
}

/** The fetched stream as a tree of absolute paths, or why it is not one. */
export function parseTree(output: Buffer): NodeTree | string {
  const utf8 = (field: string) => Buffer.from(field, 'latin1').toString('utf8');
  const fields = output.toString('latin1').split('\0');
  const [home, hostname, user] = fields;
  if (!home?.startsWith('/') || hostname === undefined || user === undefined) return 'the node sent no home';
  const end = fields.indexOf('', 3);
  if (end < 0) return 'the node sent no list of folders';
  const absolute = (rel: string) => (rel.startsWith('/') ? utf8(rel) : path.posix.join(utf8(home), utf8(rel)));
  const dirs = new Set(fields.slice(3, end).map(absolute));
  // Every folder above the home is one too (the reader's globs walk down from /).
  for (let dir = utf8(home); dir !== '/'; dir = path.posix.dirname(dir)) dirs.add(dir);
  dirs.add('/');
  const files = new Map<string, { bytes: Buffer; executable: boolean }>();
  for (let index = end + 1; index + 2 < fields.length; index += 3) {
    files.set(absolute(fields[index]!), {
      executable: fields[index + 1] === 'x',
      bytes: Buffer.from(fields[index + 2]!, 'base64'),
    });
  }
  return { home: utf8(home), hostname: utf8(hostname), user: utf8(user), dirs, files };
}

/** Fetches the node's tree over ssh, or says why it could not. */
export async function fetchNodeTree(target: string): Promise<NodeTree | string> {
  const { file, args, env } = sshInvocation(target, FETCH_SCRIPT);
  // execa is loaded when ssh is run: a command on this node alone never pays for it (start-up).
  const { execa } = await import('execa');
  const answer = await execa(file, args, {
    env,
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    timeout: FETCH_TIMEOUT_MS,
    encoding: 'buffer',
    stripFinalNewline: false,
  });
  if (answer.timedOut) return `ssh ${target} did not answer in ${FETCH_TIMEOUT_MS / 1000}s`;
  if (answer.exitCode === 255) {
    const said = Buffer.from(answer.stderr).toString('utf8').split('\n').filter(Boolean).at(-1) ?? 'no message';
    return `ssh ${target} failed: ${said}`;
  }
  return parseTree(Buffer.from(answer.stdout));
}

/** Folders fetched: all of `~/etc`, and the home to three levels (`~/var/log`); the rest was not looked at. */
function looked(tree: NodeTree, dir: string): boolean {
  const relative = path.posix.relative(tree.home, dir);
  if (relative.startsWith('..') || path.posix.isAbsolute(relative)) return false;
  return relative === 'etc' || relative.startsWith('etc/') || relative.split('/').length <= 3;
}

/**
 * The reader's ConfigSource over a fetched tree: what supervisord on that node would read. A folder where
 * nothing was fetched (a childlogdir elsewhere on the node) is not judged here: it is taken to exist.
 */
export function treeSource(tree: NodeTree): ConfigSource {
  const isDirectory = (dir: string) => tree.dirs.has(dir) || !looked(tree, dir);
  const lexists = (file: string) => tree.files.has(file) || tree.dirs.has(file);
  const readdir = (dir: string) => {
    if (!tree.dirs.has(dir)) throw new Error(`${dir}: not a folder`);
    const entries = [...tree.dirs, ...tree.files.keys()].filter(
      (one) => one !== dir && path.posix.dirname(one) === dir,
    );
    return entries.map((one) => path.posix.basename(one));
  };
  const text = (file: string) => tree.files.get(file)?.bytes.toString('utf8');
  return {
    read(file): FileRead {
      const found = tree.files.get(file);
      if (found) return bytesRead(found.bytes);
      if (tree.dirs.has(file)) return { ok: false, skipped: true, problem: 'a directory, not a file' };
      return { ok: false, skipped: true, problem: 'file not found' };
    },
    glob: (pattern) => globOver(pattern, { readdir, lexists, isDirectory: (dir) => tree.dirs.has(dir) }),
    isDirectory,
    account(kind, name) {
      const accounts = text(kind === 'user' ? '/etc/passwd' : '/etc/group');
      return accounts === undefined ? true : accountIn(accounts, name);
    },
  };
}

/** The initscripts of the tree: executable regular files in `etc/init.d`, and the others. */
export function treeInitscripts(tree: NodeTree): { lsb: string[]; lsbNotExecutable: string[] } {
  const dir = path.posix.join(tree.home, 'etc', 'init.d');
  const inDir = [...tree.files].filter(([file]) => path.posix.dirname(file) === dir);
  const names = (executable: boolean) =>
    inDir
      .filter(([, one]) => one.executable === executable)
      .map(([file]) => path.posix.basename(file))
      .sort();
  return { lsb: names(true), lsbNotExecutable: names(false) };
}

/**
 * A node's files as this home's reader sees them on that node: its supervisord.conf and includes (`~` and
 * `%(ENV_HOME)s` its home), its initscripts; how to reach its supervisord stays the `[node:]` section's.
 */
export function nodeFilesFrom(tree: NodeTree, base: HomeFiles): HomeFiles {
  const etc = path.posix.join(tree.home, 'etc');
  const supervisordConf = path.posix.join(etc, 'supervisord.conf');
  const options = { env: { HOME: tree.home, USER: tree.user, LOGNAME: tree.user }, hostname: tree.hostname };
  const config = readConfigWith(treeSource(tree), supervisordConf, options);
  return { ...base, home: tree.home, etc, supervisordConf, config, ...treeInitscripts(tree) };
}
