/**
 * Debian's own RabbitMQ under a supervisord the test starts, the way Canopsis runs it (SPEC 8): its wrapper
 * starts beam.smp through `su`, in a session of its own, which `stopasgroup` never reaches. `hypcontrol
 * start` must wait for AMQP on 5672 before MIDDLEWARE; `hypcontrol stop` must not call that stopped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessInfo } from '../../src/core/ports.js';
import {
  clientFor,
  destroyHome,
  makeHome,
  processRuns,
  REPO,
  runBin,
  signalPid,
  supervisordPid,
  type TestHome,
  writeSupervisordConf,
} from '../support/home.js';

const RABBITMQ = '/usr/sbin/rabbitmq-server';
let home: TestHome;
const hypcontrol = (...args: string[]) => runBin('hypcontrol', args, home);
/** Every beam.smp this file saw, killed at the end whatever happened. */
const brokers = new Set<number>();
let epmdBefore: number[] = [];

const pgrep = async (name: string) =>
  String((await execa('pgrep', ['-x', name], { reject: false })).stdout)
    .split('\n')
    .filter(Boolean)
    .map(Number);

async function infos(): Promise<Map<string, ProcessInfo>> {
  return new Map((await clientFor(home).getAllProcessInfo()).map((info) => [info.name, info]));
}

async function noteBrokers(): Promise<number[]> {
  const pids = await pgrep('beam.smp');
  pids.forEach((pid) => brokers.add(pid));
  return pids;
}

beforeAll(async () => {
  // Root runs the broker (its wrapper su's to rabbitmq); 5672 must be ours alone.
  expect(
    fs.existsSync(RABBITMQ),
    `${RABBITMQ} is missing: .ci/run and test/setup.sh install Debian's rabbitmq-server`,
  ).toBe(true);
  expect(await pgrep('beam.smp'), 'a RabbitMQ broker already runs on this machine').toEqual([]);
  epmdBefore = await pgrep('epmd');
  home = makeHome({ bundled: false });
  writeSupervisordConf(home, [
    // As Canopsis' own rabbitmq-server.conf: the package's wrapper, stopped as a group.
    '[program:rabbitmq-server]',
    `command=${RABBITMQ}`,
    'autostart=false',
    'startsecs=1',
    'stopasgroup=true',
    'killasgroup=true',
    '[program:engine-alerts]',
    `command=node ${path.join(REPO, 'etc/demo/standin.mjs')} engine-alerts`,
    'autostart=false',
    'startsecs=1',
  ]);
  home.write('etc/hypcontrol.conf', 'BACKEND=(rabbitmq-server)\nMIDDLEWARE=(engine-alerts)\nFRONTEND=()\n');
  home.write(
    'etc/canopsis-tui.ini',
    '[platform]\nready_timeout = 90\nleftover_grace = 3\n[ready]\nrabbitmq-server = tcp://127.0.0.1:5672\n',
  );
}, 30_000);

afterAll(async () => {
  await noteBrokers();
  for (const pid of brokers) if (processRuns(pid)) signalPid(pid, 'SIGKILL');
  // epmd is meant to outlive a broker; the one this file's broker started goes with the test.
  for (const pid of await pgrep('epmd')) if (!epmdBefore.includes(pid)) signalPid(pid, 'SIGKILL');
  const pid = supervisordPid(home);
  if (pid && processRuns(pid)) signalPid(pid, 'SIGTERM');
  await destroyHome(home);
}, 60_000);

describe('Debian RabbitMQ under supervisord', () => {
  it('hypcontrol start waits for AMQP on 5672 before MIDDLEWARE', async () => {
    const run = await hypcontrol('start');
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    const readyAfter = Number(/^Starting backend: rabbitmq-server ok, ready after (\d+\.\d)s/m.exec(run.stdout)?.[1]);
    // RUNNING came after startsecs=1; the broker accepts AMQP seconds later.
    expect(readyAfter).toBeGreaterThan(2);
    const all = await infos();
    const gap = all.get('engine-alerts')!.start - all.get('rabbitmq-server')!.start;
    expect(gap).toBeGreaterThanOrEqual(Math.floor(readyAfter));
    expect(await noteBrokers()).toHaveLength(1);
  }, 120_000);

  it('hypcontrol stop without --kill-leftovers exits 1 naming beam.smp, which still runs', async () => {
    const [beam] = await noteBrokers();
    const run = await hypcontrol('stop');
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(
      new RegExp(`^ {2}KO rabbitmq-server: stopped, but left running: .*beam\\.smp \\(pid ${beam}\\)`, 'm'),
    );
    expect(run.stderr).toContain(`hypcontrol: stop failed at backend: rabbitmq-server: stopped, but left running: `);
    expect(processRuns(beam!)).toBe(true);
  }, 120_000);

  it('the next start refuses over that beam.smp (hypcontrol and service), naming it: no broker dies on its ports', async () => {
    const [beam] = await noteBrokers();
    const start = await hypcontrol('start');
    expect(start.exitCode, start.stdout + start.stderr).toBe(1);
    const refusal = 'not started: an earlier stop left running';
    expect(start.stderr).toContain(`hypcontrol: start failed at backend: rabbitmq-server: ${refusal}`);
    expect(start.stderr).toMatch(new RegExp(`beam\\.smp \\(pid ${beam}\\).*\\(--kill-leftovers kills them first\\)`));
    const one = await runBin('service', ['rabbitmq-server', 'start'], home);
    expect(one.exitCode).toBe(1);
    expect(one.stdout).toContain(`rabbitmq-server: ERROR (${refusal}`);
    // supervisord was launched again, and never spawned the broker.
    const after = (await infos()).get('rabbitmq-server')!;
    expect([after.statename, after.start]).toEqual(['STOPPED', 0]);
    expect(await noteBrokers()).toEqual([beam]);
  }, 120_000);

  it('hypcontrol stop --kill-leftovers kills what the last stop left, exit 0, no beam.smp left', async () => {
    const run = await hypcontrol('stop', '--kill-leftovers');
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /^ {2}rabbitmq-server: not running \(.*killed what it left running: .*beam\.smp \(pid \d+\)/m,
    );
    expect((await pgrep('beam.smp')).filter(processRuns)).toEqual([]);
  }, 120_000);

  it('a whole start then stop --kill-leftovers leaves no broker behind', async () => {
    const started = await hypcontrol('start');
    expect(started.exitCode, started.stdout + started.stderr).toBe(0);
    const [beam] = await noteBrokers();
    const run = await hypcontrol('stop', '--kill-leftovers');
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`killed what it left running: .*beam\\.smp \\(pid ${beam}\\)`));
    expect(processRuns(beam!)).toBe(false);
    expect((await pgrep('beam.smp')).filter(processRuns)).toEqual([]);
  }, 180_000);
});
