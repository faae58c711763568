/**
 * SPEC 9: `service --update` on a real supervisord. Engine files added, changed and removed: the preview is
 * what supervisord's own reloadConfig says, the apply touches only those groups, what was stopped stays
 * stopped unless its autostart says otherwise, and a file supervisord would refuse blocks everything.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessInfo, SupervisorPort } from '../../src/core/ports.js';
import {
  destroyHome,
  makeHome,
  runBin,
  startSupervisord,
  supervisordPid,
  writeSupervisordConf,
  type TestHome,
} from '../support/home.js';

let home: TestHome;
let supervisor: SupervisorPort;
const service = (...args: string[]) => runBin('service', args, home);
const engine = (name: string, lines: string[]) =>
  home.write(
    `etc/engines/${name}.ini`,
    [`[program:${name}]`, ...lines, 'startsecs=1', 'stopwaitsecs=2', ''].join('\n'),
  );

const byName = async () =>
  new Map((await supervisor.getAllProcessInfo()).map((info) => [info.name, info] as [string, ProcessInfo]));

/** Waits until supervisord says `name` is in `state` (autostarted programs come up on its next tick). */
async function stateOf(name: string, state: string): Promise<ProcessInfo> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const info = (await byName()).get(name);
    if (info?.statename === state || Date.now() > deadline) return info!;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  home = makeHome({ bundled: false });
  writeSupervisordConf(home, ['[include]', 'files = engines/*.ini']);
  engine('keep', ['command=sleep 300']);
  engine('idle', ['command=sleep 300', 'autostart=false']);
  engine('changer', ['command=sleep 300', 'autostart=false']);
  engine('dormant', ['command=sleep 300', 'autostart=false']);
  engine('comeback', ['command=sleep 300']);
  engine('leaving', ['command=sleep 300', 'autostart=false']);
  supervisor = await startSupervisord(home);
  await supervisor.startProcess('changer', true, 10_000);
  await supervisor.startProcess('leaving', true, 10_000);
  await stateOf('comeback', 'RUNNING');
  await supervisor.stopProcess('comeback', true, 10_000);
  await stateOf('keep', 'RUNNING');
});
afterAll(async () => destroyHome(home));

describe('service --update', () => {
  it('previews what reloadConfig says, applies only that, and leaves stopped what was stopped', async () => {
    engine('changer', ['command=sleep 301', 'autostart=false']);
    engine('dormant', ['command=sleep 302', 'autostart=false']);
    engine('comeback', ['command=sleep 303']);
    fs.rmSync(path.join(home.etc, 'engines/leaving.ini'));
    engine('fresh', ['command=sleep 300']);
    engine('fresh-off', ['command=sleep 300', 'autostart=false']);
    const before = await byName();

    const dry = await service('--update', '--dry-run', '--json');
    expect(dry.exitCode).toBe(0);
    const plan = JSON.parse(dry.stdout).nodes[0].plan as {
      groups: Array<{ group: string; change: string; processes: Array<{ namespec: string; fate: string }> }>;
    };
    // supervisorctl's own reread (the same reloadConfig) says the same groups.
    const reread = await execa('supervisorctl', ['-c', home.conf, 'reread'], { reject: false });
    const theirs = Object.fromEntries(
      String(reread.stdout)
        .split('\n')
        .map((line) => line.split(': '))
        .map(([group, what]) => [group, { available: 'added', changed: 'changed', disappeared: 'removed' }[what!]]),
    );
    expect(Object.fromEntries(plan.groups.map((group) => [group.group, group.change]))).toEqual(theirs);
    expect(theirs).toEqual({
      changer: 'changed',
      dormant: 'changed',
      comeback: 'changed',
      leaving: 'removed',
      fresh: 'added',
      'fresh-off': 'added',
    });
    const fates = Object.fromEntries(plan.groups.flatMap((group) => group.processes.map((p) => [p.namespec, p.fate])));
    expect(fates).toEqual({
      changer: 'restarts',
      dormant: 'stays stopped',
      comeback: 'starts',
      leaving: 'stops',
      fresh: 'starts',
      'fresh-off': 'stays stopped',
    });
    // A dry run changes nothing.
    expect((await byName()).get('changer')?.pid).toBe(before.get('changer')?.pid);
    expect((await byName()).has('fresh')).toBe(false);

    const applied = await service('--update');
    expect(applied.stderr).toBe('');
    expect(applied.exitCode).toBe(0);
    const changer = [
      '^changer: changed: the whole group is stopped, removed and added again',
      ' {2}in engines/changer\\.ini',
      ' {2}changer +runs now: stopped, then started again$',
    ];
    expect(applied.stdout).toMatch(new RegExp(changer.join('\n'), 'm'));
    expect(applied.stdout).toMatch(/^leaving: removed, 1 stopped$/m);
    const after = await byName();
    expect(after.get('keep')).toMatchObject({
      statename: 'RUNNING',
      pid: before.get('keep')!.pid,
      start: before.get('keep')!.start,
    });
    expect(after.get('idle')?.statename).toBe('STOPPED');
    expect(after.get('changer')?.statename).toBe('RUNNING');
    expect(after.get('changer')?.pid).not.toBe(before.get('changer')?.pid);
    expect(after.get('dormant')?.statename).toBe('STOPPED');
    expect(after.get('fresh-off')?.statename).toBe('STOPPED');
    expect(after.has('leaving')).toBe(false);
    expect((await stateOf('comeback', 'RUNNING')).statename).toBe('RUNNING');
    expect((await stateOf('fresh', 'RUNNING')).statename).toBe('RUNNING');
    // The old run is gone: this home's supervisord has one `sleep 301` (other tests run their own at once).
    const children = ['-P', String(supervisordPid(home)), '-f', '^sleep 301$'];
    expect((await execa('pgrep', children, { reject: false })).stdout).toBe(String(after.get('changer')!.pid));

    const history = JSON.parse((await service('--history', '--json', '-n', '1')).stdout).history;
    expect(history[0]).toMatchObject({ action: 'update', outcome: 'ok', command: 'service' });
    expect([...history[0].targets].sort()).toEqual(['changer', 'comeback', 'dormant', 'fresh', 'fresh-off', 'leaving']);
    expect((await service('--update')).stdout).toBe('no change: supervisord runs what the files say\n'.trimEnd());
  });

  it('blocks the whole apply on a file supervisord would refuse, naming FILE:LINE', async () => {
    engine('later', ['command=sleep 300']);
    const bad = home.write('etc/engines/bad.ini', '[program:bad]\ncommand=sleep 300\nautostart=maybe\n');
    const run = await service('--update');
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`${bad}:3: [program:bad] autostart: not a valid boolean value`);
    expect(run.stderr).toContain('nothing was applied');
    expect((await byName()).has('later')).toBe(false);
    fs.rmSync(bad);
    const unknown = await service('--update', 'nosuch');
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toMatch(/no such group in the files or in supervisord: nosuch; nothing was applied/);
    const one = await service('--update', 'later');
    expect(one.exitCode).toBe(0);
    expect((await stateOf('later', 'RUNNING')).statename).toBe('RUNNING');
  });
});
