/**
 * service and hypcontrol on a home written the way Canopsis 2.x writes its own, run as the Canopsis account
 * would run them (HOME set to the home, ~/bin on PATH, no --home), against a real supervisord.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessInfo } from '../../src/core/ports.js';
import { makeNamespec } from '../../src/core/model/names.js';
import {
  clientFor,
  destroyHome,
  makeCanopsisHome,
  pidAlive,
  runAsAccount,
  supervisordPid,
  type TestHome,
} from '../support/home.js';
import { readSupervisordConfig } from '../../src/core/config/supervisord-config.js';
import { daemonReadOptions, fileConfigSource } from '../../src/adapters/config-files.js';

let home: TestHome;
const infos = (): Promise<ProcessInfo[]> => clientFor(home).getAllProcessInfo();
const pids = async () => new Map((await infos()).map((p) => [makeNamespec(p.group, p.name), p.pid]));

beforeAll(() => {
  home = makeCanopsisHome();
});
afterAll(async () => {
  await destroyHome(home);
});

describe('a Canopsis 2.x home', () => {
  it('is read as supervisord reads it: ~ paths, credentials, engines in no group, the group by name', () => {
    const config = readSupervisordConfig(fileConfigSource, home.conf, daemonReadOptions(home.home, process.env));
    expect(config.access).toEqual({
      url: { kind: 'unix', path: `${home.home}/tmp/supervisor.sock` },
      username: 'cpsadmin',
      password: 'cps;pass#1',
    });
    expect(config.pidfile).toBe(`${home.home}/tmp/supervisord.pid`);
    expect(config.groups.map((group) => group.name)).toEqual([
      'amqp2engines',
      'collectd',
      'engine-che',
      'engine-pbehavior',
      'mongodb',
      'rabbitmq-server',
      'webserver',
    ]);
    expect(config.warnings).toEqual([]);
  });

  it('hypcontrol start from cold brings every stage up, and status says so', async () => {
    const start = await runAsAccount('hypcontrol', ['start'], home);
    expect(start.stderr).toBe('');
    expect(start.exitCode).toBe(0);
    expect(start.stdout).toMatch(
      /Starting middleware: collectd ok, amqp2engines ok \(6\/6\), engine-che ok, engine-pbehavior ok/,
    );
    const all = await infos();
    expect(all).toHaveLength(12);
    expect(all.every((p) => p.statename === 'RUNNING')).toBe(true);
    const status = await runAsAccount('hypcontrol', ['status'], home);
    expect(status.exitCode).toBe(0);
    expect(status.stdout).toMatch(/^supervisord: running$/m);
    expect(status.stdout).toMatch(/^ {2}engine-che:engine-che-0 +RUNNING +pid \d+/m);
  });

  it("'amqp2engines*' mrestart gives every engine of the group a new pid, and only them", async () => {
    const before = await pids();
    const run = await runAsAccount('service', ['amqp2engines*', 'mrestart'], home);
    expect(run.exitCode).toBe(0);
    const after = await pids();
    for (const [name, pid] of before) {
      if (name.startsWith('amqp2engines:')) expect(after.get(name), name).not.toBe(pid);
      else expect(after.get(name), name).toBe(pid);
    }
  });

  it("a restart by program name restarts that program's processes inside the group", async () => {
    const before = await pids();
    const run = await runAsAccount('service', ['engine-alerts', 'restart'], home);
    expect(run.stdout).toContain('amqp2engines:engine-alerts-1: started');
    expect(run.exitCode).toBe(0);
    const after = await pids();
    expect(after.get('amqp2engines:engine-alerts-0')).not.toBe(before.get('amqp2engines:engine-alerts-0'));
    expect(after.get('amqp2engines:engine-alerts-1')).not.toBe(before.get('amqp2engines:engine-alerts-1'));
    expect(after.get('amqp2engines:engine-cleaner-events-0')).toBe(before.get('amqp2engines:engine-cleaner-events-0'));
  });

  it('hypcontrol stop stops everything and supervisord is gone afterwards', async () => {
    const pid = supervisordPid(home);
    expect(pidAlive(pid)).toBe(true);
    const stop = await runAsAccount('hypcontrol', ['stop'], home);
    expect(stop.exitCode).toBe(0);
    expect(stop.stdout).toContain('supervisord: stopped');
    expect(pidAlive(pid)).toBe(false);
    const status = await runAsAccount('hypcontrol', ['status'], home);
    expect(status.stdout).toMatch(/^supervisord: not running/m);
    expect(status.exitCode).toBe(4);
  });
});
