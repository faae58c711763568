/**
 * The reader against supervisor's own (ServerOptions, Debian's /usr/bin/python3) over a few hundred seeded
 * homes, valid and invalid; a sample of the accepted ones also against a real supervisord.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daemonReadOptions, fileConfigSource } from '../../src/adapters/config-files.js';
import { createSupervisorClient } from '../../src/adapters/supervisor-client.js';
import { ConfigError } from '../../src/core/model/config-error.js';
import { makeNamespec } from '../../src/core/model/names.js';
import { readSupervisordConfig, type SupervisordConfig } from '../../src/core/config/supervisord-config.js';
import { generateHome, writeHome, type GeneratedHome } from '../support/generated-homes.js';
import { REPO, signalPid } from '../support/home.js';

const HOMES = 300;
const SAMPLE = 8;
const SECRETS = ['s3cr3t', 'a%b', 'a;b#c', 'p@ss word'];

type Oracle =
  | {
      ok: true;
      groups: Record<string, string[]>;
      servers: Array<Record<string, unknown>>;
      pidfile: string;
      logfile: string | null;
      serverurl: string | null;
    }
  | { ok: false; error: string };

interface Case {
  generated: GeneratedHome;
  root: string;
  conf: string;
  oracle: Oracle;
  ours: SupervisordConfig | ConfigError;
}

let base: string;
const cases: Case[] = [];

function sortedKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function ourView(config: SupervisordConfig) {
  return {
    groups: sortedKeys(
      Object.fromEntries(config.groups.map((group) => [group.name, group.processes.map((p) => p.name).sort()])),
    ),
    servers: config.servers.map((server) =>
      server.url.kind === 'unix'
        ? { username: server.username ?? null, password: server.password ?? null, file: server.url.path }
        : {
            username: server.username ?? null,
            password: server.password ?? null,
            host: server.url.host,
            port: server.url.port,
          },
    ),
    pidfile: config.pidfile,
    logfile: config.logfile ?? null,
  };
}

/** Where the two readers differ for one home, or undefined when they agree. */
function disagreement(c: Case): string | undefined {
  if (!c.oracle.ok)
    return c.ours instanceof ConfigError ? undefined : `supervisord refuses (${c.oracle.error}), we accept`;
  if (c.ours instanceof ConfigError) return `supervisord accepts, we refuse: ${c.ours.message}`;
  const theirs = {
    groups: sortedKeys(c.oracle.groups),
    servers: c.oracle.servers,
    pidfile: c.oracle.pidfile,
    logfile: c.oracle.logfile,
  };
  if (JSON.stringify(ourView(c.ours)) !== JSON.stringify(theirs))
    return `differ: ours ${JSON.stringify(ourView(c.ours))} theirs ${JSON.stringify(theirs)}`;
  const url = c.ours.access.url;
  if (c.oracle.serverurl?.startsWith('unix://') && url.kind === 'unix' && c.oracle.serverurl !== `unix://${url.path}`)
    return `serverurl ${c.oracle.serverurl} vs ${url.path}`;
  return undefined;
}

beforeAll(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'ctui-diff-'));
  const requests: string[] = [];
  const homes = Array.from({ length: HOMES }, (_, index) => generateHome(1000 + index));
  for (const generated of homes) {
    const root = path.join(base, `h${generated.seed}`);
    writeHome(root, generated);
    const conf = path.join(root, 'etc', 'supervisord.conf');
    requests.push(JSON.stringify({ conf, env: { ...generated.env, HOME: root } }));
  }
  const oracle = await execa('/usr/bin/python3', [path.join(REPO, 'test/support/supervisor-oracle.py')], {
    input: `${requests.join('\n')}\n`,
  });
  const answers = oracle.stdout.split('\n').map((line) => JSON.parse(line) as Oracle);
  homes.forEach((generated, index) => {
    const root = path.join(base, `h${generated.seed}`);
    const conf = path.join(root, 'etc', 'supervisord.conf');
    let ours: SupervisordConfig | ConfigError;
    try {
      ours = readSupervisordConfig(fileConfigSource, conf, daemonReadOptions(root, generated.env));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      ours = error;
    }
    cases.push({ generated, root, conf, oracle: answers[index]!, ours });
  });
}, 120_000);

afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

describe('the reader agrees with supervisor 4.2.5 on generated homes', () => {
  it('accepts what supervisord accepts with the same groups, processes, sockets and credentials; refuses what it refuses', () => {
    const differing = cases
      .map((c) => ({ seed: c.generated.seed, why: disagreement(c) }))
      .filter((c) => c.why !== undefined);
    const accepted = cases.filter((c) => c.oracle.ok).length;
    console.log(
      `differential: ${cases.length - differing.length}/${cases.length} homes agree (${accepted} accepted by supervisord, ${cases.length - accepted} refused)`,
    );
    expect(differing).toEqual([]);
    // Both kinds in good number, or the comparison proves little.
    expect(accepted).toBeGreaterThan(HOMES * 0.25);
    expect(cases.length - accepted).toBeGreaterThan(HOMES * 0.25);
  });

  it('names FILE:LINE in every refusal, and never a password', () => {
    for (const c of cases) {
      if (!(c.ours instanceof ConfigError)) continue;
      expect(c.ours.file.startsWith(c.root), c.ours.message).toBe(true);
      expect(c.ours.message.startsWith(`${c.ours.file}:`), c.ours.message).toBe(true);
      for (const secret of SECRETS) expect(c.ours.message, `seed ${c.generated.seed}`).not.toContain(secret);
    }
  });
});

/**
 * The pid a supervisord just started writes once it has daemonized, just before it answers: the file may
 * exist a moment before the pid is in it (a test once read it empty, and left that supervisord running).
 */
async function daemonPid(pidfile: string): Promise<number> {
  for (let tries = 0; tries < 200; tries += 1) {
    const pid = Number(fs.existsSync(pidfile) ? fs.readFileSync(pidfile, 'utf8').trim() : '');
    if (Number.isInteger(pid) && pid > 0) return pid;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no pid in ${pidfile} after 10 s`);
}

/** Starts a real supervisord on one generated home, returns the namespecs it reports, and stops it by its pid. */
async function realNamespecs(c: Case): Promise<string[]> {
  const config = c.ours as SupervisordConfig;
  await execa('supervisord', ['-c', c.conf], {
    cwd: path.dirname(c.conf),
    env: { ...c.generated.env, HOME: c.root },
    extendEnv: false,
    stdin: 'ignore',
  });
  const pid = await daemonPid(config.pidfile!);
  try {
    const client = createSupervisorClient(config.access);
    let infos = await client.getAllProcessInfo().catch(() => undefined);
    for (let tries = 0; !infos && tries < 50; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      infos = await client.getAllProcessInfo().catch(() => undefined);
    }
    return (infos ?? []).map((info) => makeNamespec(info.group, info.name)).sort();
  } finally {
    signalPid(pid, 'SIGTERM');
    while (fs.existsSync(`/proc/${pid}`)) await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the reader agrees with a real supervisord on a sample', () => {
  it('names every process exactly as getAllProcessInfo does', async () => {
    // Homes with a TCP port are left out: every generated home listens on the same one.
    const sample = cases
      .filter(
        (c) =>
          c.oracle.ok && c.ours instanceof ConfigError === false && c.ours.servers.every((s) => s.url.kind === 'unix'),
      )
      .slice(0, SAMPLE);
    expect(sample).toHaveLength(SAMPLE);
    const real = await Promise.all(sample.map(realNamespecs));
    sample.forEach((c, index) => {
      const ours = (c.ours as SupervisordConfig).groups
        .flatMap((group) => group.processes.map((p) => p.namespec))
        .sort();
      expect(real[index], `seed ${c.generated.seed}`).toEqual(ours);
    });
    console.log(`differential: ${SAMPLE}/${SAMPLE} sampled homes name their processes as a real supervisord does`);
  }, 120_000);
});

/** One handwritten home: the main file, then `extra` lines after its own sections. */
function corner(name: string, extra: string, bytes?: Buffer): string {
  const dir = path.join(base, `corner-${name}`);
  fs.mkdirSync(dir, { recursive: true });
  const head = [
    '[supervisord]',
    `logfile=${dir}/supervisord.log`,
    `pidfile=${dir}/supervisord.pid`,
    '[unix_http_server]',
    `file=${dir}/supervisord.sock`,
    '[rpcinterface:supervisor]',
    'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
    '[supervisorctl]',
    `serverurl=unix://${dir}/supervisord.sock`,
    '',
  ].join('\n');
  const conf = path.join(dir, 'supervisord.conf');
  fs.writeFileSync(conf, bytes ? Buffer.concat([Buffer.from(head), bytes]) : `${head}${extra}\n`);
  return conf;
}

async function oracleOf(conf: string): Promise<Oracle> {
  const request = JSON.stringify({
    conf,
    env: { HOME: path.dirname(conf), PATH: process.env.PATH ?? '/usr/bin:/bin' },
  });
  const answer = await execa('/usr/bin/python3', [path.join(REPO, 'test/support/supervisor-oracle.py')], {
    input: `${request}\n`,
  });
  return JSON.parse(answer.stdout) as Oracle;
}

function oursOf(conf: string): SupervisordConfig | ConfigError {
  try {
    return readSupervisordConfig(
      fileConfigSource,
      conf,
      daemonReadOptions(path.dirname(conf), { HOME: path.dirname(conf) }),
    );
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
}

describe('the corners supervisord refuses are refused at FILE:LINE (SPEC 11)', () => {
  const fcgi = (lines: string[]) => ['[fcgi-program:f]', 'command=sleep 100', ...lines].join('\n');
  const cases: Array<[string, string, number, string]> = [
    [
      'fcgi-relative',
      fcgi(['socket=unix://rel.sock']),
      12,
      'socket: unix://rel.sock: the unix socket path is not absolute',
    ],
    [
      'fcgi-port',
      fcgi(['socket=tcp://localhost:abc']),
      12,
      'socket: tcp://localhost:abc: not unix:///ABSOLUTE/PATH or tcp://HOST:PORT',
    ],
    ['fcgi-scheme', fcgi(['socket=foo://x']), 12, 'socket: foo://x: not unix:///ABSOLUTE/PATH or tcp://HOST:PORT'],
    ['fcgi-mode', fcgi(['socket=unix:///tmp/f.sock', 'socket_mode=999']), 13, 'socket_mode: 999: not an octal mode'],
    [
      'fcgi-owner',
      fcgi(['socket=unix:///tmp/f.sock', 'socket_owner=nosuchuser']),
      13,
      'socket_owner: nosuchuser: no such user here',
    ],
    [
      'fcgi-backlog',
      fcgi(['socket=unix:///tmp/f.sock', 'socket_backlog=0']),
      13,
      'socket_backlog: 0: not a number from 1 to 65535',
    ],
    [
      'fcgi-mode-tcp',
      fcgi(['socket=tcp://localhost:9000', 'socket_mode=0700']),
      12,
      'socket: tcp://localhost:9000: socket_owner and socket_mode go with a unix:// socket only',
    ],
    [
      'events',
      '[eventlistener:e]\ncommand=sleep 100\nevents=PROCESS_STATE,NOPE',
      12,
      'events: unknown event type "NOPE"',
    ],
  ];
  for (const [name, extra, line, problem] of cases) {
    it(`${name}: supervisor's reader refuses it, and so do we, at line ${line}`, async () => {
      const conf = corner(name, extra);
      expect((await oracleOf(conf)).ok).toBe(false);
      const ours = oursOf(conf);
      expect(ours).toBeInstanceOf(ConfigError);
      expect((ours as ConfigError).message).toBe(`${conf}:${line}: [${extra.split('\n')[0]!.slice(1, -1)}] ${problem}`);
    });
  }

  it('a good fcgi-program and event listener are accepted by both', async () => {
    const conf = corner(
      'good',
      `${fcgi(['socket=tcp://localhost:9000', 'socket_backlog=5'])}\n[eventlistener:e]\ncommand=sleep 100\nevents=process_state, tick_5`,
    );
    expect(await oracleOf(conf)).toMatchObject({ ok: true });
    expect(oursOf(conf)).not.toBeInstanceOf(ConfigError);
  });

  it('[DEFAULT] with a key: a real supervisord will not start, and we say so at its line', async () => {
    const conf = corner('default', '[DEFAULT]\nfoo=bar\n[program:a]\ncommand=sleep 100');
    const real = await execa('supervisord', ['-n', '-c', conf], { reject: false, stdin: 'ignore', timeout: 10_000 });
    expect(`${real.stdout}${real.stderr}`).toContain('Could not make supervisor rpc interface');
    expect((oursOf(conf) as ConfigError).message).toBe(
      `${conf}:11: [DEFAULT] gives foo to every section, [rpcinterface:supervisor] included, whose factory refuses it: supervisord will not start`,
    );
  });

  it('a byte that is not UTF-8 is said at its line, as supervisor refuses the file', async () => {
    const conf = corner('latin1', '', Buffer.from('[program:u]\ncommand=sleep 100 \xe9t\xe9\n', 'latin1'));
    expect((await oracleOf(conf)).ok).toBe(false);
    expect((oursOf(conf) as ConfigError).message).toBe(
      `${conf}:11: byte 0xe9 is not UTF-8: supervisord cannot read this file`,
    );
  });

  it('process_name=c3_x;old, which supervisord accepts, is usable by the name it shows', async () => {
    const conf = corner(
      'semicolon',
      '[program:c3]\ncommand=sleep 100\nautostart=false\nstartsecs=0\nprocess_name=c3_x;old',
    );
    expect(await oracleOf(conf)).toMatchObject({ ok: true, groups: { c3: ['c3_x;old'] } });
    const dir = path.dirname(conf);
    await execa('supervisord', ['-c', conf], { cwd: dir, stdin: 'ignore' });
    const pid = await daemonPid(path.join(dir, 'supervisord.pid'));
    try {
      const service = (...args: string[]) =>
        execa(path.join(REPO, 'bin/service'), args, {
          reject: false,
          stdin: 'ignore',
          env: { CANOPSIS_HOME: '', HOME: dir },
        });
      fs.mkdirSync(path.join(dir, 'home/etc'), { recursive: true });
      fs.copyFileSync(conf, path.join(dir, 'home/etc/supervisord.conf'));
      const home = path.join(dir, 'home');
      const started = await service('--home', home, 'c3:c3_x;old', 'start');
      expect(started.stdout).toBe('c3:c3_x;old: started');
      expect((await service('--home', home, 'c3:c3_x;old', 'status')).exitCode).toBe(0);
      expect((await service('--home', home, 'c3;x', 'status')).stderr).toContain('name contains shell metacharacters');
      expect((await service('--home', home, 'c3:c3_x;old', 'stop')).stdout).toBe('c3:c3_x;old: stopped');
    } finally {
      signalPid(pid, 'SIGTERM');
      while (fs.existsSync(`/proc/${pid}`)) await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }, 30_000);
});
