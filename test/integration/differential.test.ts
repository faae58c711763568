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
import { ConfigError } from '../../src/core/config-error.js';
import { makeNamespec } from '../../src/core/names.js';
import { readSupervisordConfig, type SupervisordConfig } from '../../src/core/supervisord-config.js';
import { generateHome, writeHome, type GeneratedHome } from '../support/generated-homes.js';
import { REPO, signalPid } from '../support/home.js';

const HOMES = 300;
const SAMPLE = 8;
const SECRETS = ['s3cr3t', 'a%b', 'a;b#c', 'p@ss word'];

type Oracle =
  | { ok: true; groups: Record<string, string[]>; servers: Array<Record<string, unknown>>; pidfile: string; logfile: string | null; serverurl: string | null }
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
    groups: sortedKeys(Object.fromEntries(config.groups.map((group) => [group.name, group.processes.map((p) => p.name).sort()]))),
    servers: config.servers.map((server) =>
      server.url.kind === 'unix'
        ? { username: server.username ?? null, password: server.password ?? null, file: server.url.path }
        : { username: server.username ?? null, password: server.password ?? null, host: server.url.host, port: server.url.port },
    ),
    pidfile: config.pidfile,
    logfile: config.logfile ?? null,
  };
}

/** Where the two readers differ for one home, or undefined when they agree. */
function disagreement(c: Case): string | undefined {
  if (!c.oracle.ok) return c.ours instanceof ConfigError ? undefined : `supervisord refuses (${c.oracle.error}), we accept`;
  if (c.ours instanceof ConfigError) return `supervisord accepts, we refuse: ${c.ours.message}`;
  const theirs = { groups: sortedKeys(c.oracle.groups), servers: c.oracle.servers, pidfile: c.oracle.pidfile, logfile: c.oracle.logfile };
  if (JSON.stringify(ourView(c.ours)) !== JSON.stringify(theirs)) return `differ: ours ${JSON.stringify(ourView(c.ours))} theirs ${JSON.stringify(theirs)}`;
  const url = c.ours.access.url;
  if (c.oracle.serverurl?.startsWith('unix://') && url.kind === 'unix' && c.oracle.serverurl !== `unix://${url.path}`) return `serverurl ${c.oracle.serverurl} vs ${url.path}`;
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
  const oracle = await execa('/usr/bin/python3', [path.join(REPO, 'test/support/supervisor-oracle.py')], { input: `${requests.join('\n')}\n` });
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
    const differing = cases.map((c) => ({ seed: c.generated.seed, why: disagreement(c) })).filter((c) => c.why !== undefined);
    const accepted = cases.filter((c) => c.oracle.ok).length;
    console.log(`differential: ${cases.length - differing.length}/${cases.length} homes agree (${accepted} accepted by supervisord, ${cases.length - accepted} refused)`);
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

/** Starts a real supervisord on one generated home, returns the namespecs it reports, and stops it by its pid. */
async function realNamespecs(c: Case): Promise<string[]> {
  const config = c.ours as SupervisordConfig;
  await execa('supervisord', ['-c', c.conf], { cwd: path.dirname(c.conf), env: { ...c.generated.env, HOME: c.root }, extendEnv: false, stdin: 'ignore' });
  // supervisord writes its pidfile once it has daemonized, just before it starts answering.
  for (let tries = 0; !fs.existsSync(config.pidfile!) && tries < 100; tries += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  const pid = Number(fs.readFileSync(config.pidfile!, 'utf8').trim());
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
    const sample = cases.filter((c) => c.oracle.ok && c.ours instanceof ConfigError === false && c.ours.servers.every((s) => s.url.kind === 'unix')).slice(0, SAMPLE);
    expect(sample).toHaveLength(SAMPLE);
    const real = await Promise.all(sample.map(realNamespecs));
    sample.forEach((c, index) => {
      const ours = (c.ours as SupervisordConfig).groups.flatMap((group) => group.processes.map((p) => p.namespec)).sort();
      expect(real[index], `seed ${c.generated.seed}`).toEqual(ours);
    });
    console.log(`differential: ${SAMPLE}/${SAMPLE} sampled homes name their processes as a real supervisord does`);
  }, 120_000);
});
