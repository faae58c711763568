/** supervisord down, stale, locked away or asking for a password: each its own message, never a stack. */
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO, destroyHome, makeHome, runBin, signalPid, startSupervisord, type TestHome } from '../support/home.js';

const homes: TestHome[] = [];
function home(): TestHome {
  const made = makeHome();
  homes.push(made);
  return made;
}
afterEach(async () => {
  await Promise.all(homes.splice(0).map(destroyHome));
});

function expectNoStack(text: string): void {
  expect(text).not.toMatch(/^\s+at /m);
  expect(text).not.toContain('internal error');
}

describe('supervisord not there', () => {
  it('says the socket is missing, status exit 4, names kept', async () => {
    const h = home();
    const run = await runBin('service', ['amqp2engines:engine-alerts-0', 'status'], h);
    expect(run.exitCode).toBe(4);
    expect(run.stdout).toBe(
      `amqp2engines:engine-alerts-0     UNKNOWN    supervisord is not running: socket ${h.home}/var/run/supervisord.sock does not exist`,
    );
    expectNoStack(run.stdout + run.stderr);
  });

  it('says nothing answers on a stale socket', async () => {
    const h = home();
    await startSupervisord(h);
    const pid = Number(fs.readFileSync(path.join(h.home, 'var/run/supervisord.pid'), 'utf8'));
    signalPid(pid, 'SIGKILL');
    while ((await execa('kill', ['-0', String(pid)], { reject: false })).exitCode === 0)
      await new Promise((r) => setTimeout(r, 50));
    const run = await runBin('service', ['mongodb', 'status'], h);
    expect(run.exitCode).toBe(4);
    expect(run.stdout).toContain(
      `supervisord is not running: nothing answers on unix://${h.home}/var/run/supervisord.sock`,
    );
  });

  it('stopping while it is down succeeds; starting starts supervisord first', async () => {
    const h = home();
    expect(await runBin('service', ['mongodb', 'stop'], h)).toMatchObject({
      exitCode: 0,
      stdout: 'mongodb: not running (supervisord is not running)',
    });
    expect(fs.existsSync(path.join(h.home, 'var/run/supervisord.pid'))).toBe(false);
    const run = await runBin('service', ['mongodb', 'start'], h);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^mongodb: started \(ready after \d+\.\ds\)$/);
    const status = await runBin('service', ['mongodb', 'status'], h);
    expect(status.stdout).toMatch(/^mongodb\s+RUNNING\s+pid \d+/);
  });

  it('status never starts supervisord', async () => {
    const h = home();
    await runBin('service', ['mongodb', 'status'], h);
    expect(fs.existsSync(path.join(h.home, 'var/run/supervisord.pid'))).toBe(false);
  });
});

describe('supervisord that refuses us', () => {
  it('says the credentials were refused, without printing the password', async () => {
    const h = home();
    const conf = fs
      .readFileSync(h.conf, 'utf8')
      .replace('chmod=0700', 'chmod=0700\nusername=canopsis\npassword=s3cret-server');
    fs.writeFileSync(
      h.conf,
      conf.replace('[supervisorctl]', '[supervisorctl]\nusername=canopsis\npassword=wr0ng-client'),
    );
    await execa('supervisord', ['-c', h.conf], { env: { ...process.env, HOME: h.home } });
    await new Promise((r) => setTimeout(r, 1000));
    const run = await runBin('service', ['mongodb', 'status'], h);
    expect(run.exitCode).toBe(4);
    expect(run.stdout).toContain('supervisord refused the credentials (HTTP 401) as user "canopsis"');
    expect(run.stdout + run.stderr).not.toMatch(/s3cret|wr0ng/);
    const start = await runBin('service', ['mongodb', 'start'], h);
    expect(start.exitCode).toBe(1);
    expect(start.stdout).toContain('mongodb: ERROR (supervisord refused the credentials (HTTP 401)');
    expectNoStack(start.stdout + start.stderr);
    // With the right password it works.
    fs.writeFileSync(
      h.conf,
      conf.replace('[supervisorctl]', '[supervisorctl]\nusername=canopsis\npassword=s3cret-server'),
    );
    expect((await runBin('service', ['mongodb', 'status'], h)).stdout).toMatch(/^mongodb\s+STOPPED/);
  });

  it('says permission denied on a socket it may not use', async () => {
    const h = home();
    const root = process.getuid?.() === 0;
    // Root passes any mode; so as root the socket goes to nobody and the command runs without DAC override.
    const mode = root ? 'chmod=0700\nchown=nobody:nogroup' : 'chmod=0000';
    fs.writeFileSync(h.conf, fs.readFileSync(h.conf, 'utf8').replace('chmod=0700', mode));
    await startSupervisordRaw(h);
    const bin = path.join(REPO, 'bin', 'service');
    const command = root ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search', '--', bin] : [bin];
    const run = await execa(command[0]!, [...command.slice(1), '--home', h.home, 'mongodb', 'status'], {
      reject: false,
      stdin: 'ignore',
    });
    expect(run.exitCode).toBe(4);
    expect(run.stdout).toContain(`permission denied on ${h.home}/var/run/supervisord.sock`);
    expectNoStack(String(run.stdout) + String(run.stderr));
  });
});

describe('a broken supervisord config', () => {
  it('names the file and line, and initscripts still work', async () => {
    const h = home();
    h.write('etc/supervisord.d/broken.conf', '[program:broken]\ncommand=/bin/true\nthis line has no separator\n');
    const run = await runBin('service', ['mongodb', 'status'], h);
    expect(run.exitCode).toBe(4);
    expect(run.stderr).toContain('Unknown service: mongodb');
    expect(run.stderr).toContain(
      `${h.etc}/supervisord.d/broken.conf:3: cannot parse line: "this line has no separator"`,
    );
    expect((await runBin('service', ['redis-server', 'status'], h)).exitCode).toBe(3);
  });
});

/** Starts supervisord and waits for its pidfile (the client may not be allowed to ask it). */
async function startSupervisordRaw(h: TestHome): Promise<void> {
  await execa('supervisord', ['-c', h.conf], { env: { ...process.env, HOME: h.home } });
  const sock = path.join(h.home, 'var/run/supervisord.sock');
  while (!fs.existsSync(sock)) await new Promise((r) => setTimeout(r, 50));
}

describe('names refused before anything runs', () => {
  it.each([['../x'], ['a/b'], ['-rf'], [''], ['x'.repeat(10_000)], ['a;reboot'], ['$(id)'], ['`id`'], ['a|b']])(
    'refuses %j with exit 2 and starts nothing',
    async (name) => {
      const h = home();
      const run = await runBin('service', ['--', name, 'start'], h);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toMatch(/^Invalid service name /);
      expect(run.stderr.length).toBeLessThan(300);
      expect(fs.existsSync(path.join(h.home, 'var/run/supervisord.pid'))).toBe(false);
    },
  );
});
