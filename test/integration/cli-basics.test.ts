/**
 * README behaviours of the commands that had no test: --help and --version, --json on an action, and the
 * TCP transport ([inet_http_server]) with credentials against a real supervisord (issue 10).
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destroyHome, makeHome, REPO, runBin, startSupervisord, type TestHome } from '../support/home.js';

const PASSWORD = 'tcp;s3cret#9';

/** A free TCP port on loopback. */
async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('--help and --version', () => {
  for (const bin of ['service', 'hypcontrol', 'canopsis-tui']) {
    it(`${bin} --help prints its usage, --version its version, exit 0, no terminal needed`, async () => {
      const help = await execa(path.join(REPO, 'bin', bin), ['--help'], { reject: false, stdin: 'ignore' });
      expect(help.exitCode).toBe(0);
      expect(String(help.stdout)).toMatch(/^Usage: /);
      const version = await execa(path.join(REPO, 'bin', bin), ['--version'], { reject: false, stdin: 'ignore' });
      expect(version.exitCode).toBe(0);
      expect(String(version.stdout)).toMatch(/\b0\.1\.0$/);
    });
  }
});

describe('supervisord over TCP with credentials', () => {
  let home: TestHome;
  beforeAll(async () => {
    home = makeHome();
    const port = await freePort();
    const text = [
      '[inet_http_server]',
      `port=127.0.0.1:${port}`,
      'username=cps',
      `password=${PASSWORD}`,
      '[supervisord]',
      'logfile=%(here)s/../var/log/supervisord.log',
      'pidfile=%(here)s/../var/run/supervisord.pid',
      'childlogdir=%(here)s/../var/log',
      '[rpcinterface:supervisor]',
      'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
      '[supervisorctl]',
      `serverurl=http://127.0.0.1:${port}`,
      '[include]',
      'files = supervisord.d/*.conf engines/*.ini',
      '',
    ].join('\n');
    home.write('etc/supervisord.conf', text);
    await startSupervisord(home);
  });
  afterAll(async () => destroyHome(home));

  it('acts and reads through the port, with --json on the action', async () => {
    const start = await runBin('service', ['webserver', 'start', '--json'], home);
    expect(start.exitCode).toBe(0);
    expect(JSON.parse(start.stdout)).toMatchObject({
      action: 'start',
      results: [{ name: 'webserver', ok: true, outcome: 'started' }],
      exitCode: 0,
    });
    const status = await runBin('service', ['webserver', 'status'], home);
    expect(status.stdout).toMatch(/^webserver +RUNNING +pid \d+/);
  });

  it('one JSON shape with one node as with several: every row and result carries its node', async () => {
    const started = JSON.parse((await runBin('service', ['webserver', 'start', '--json'], home)).stdout);
    expect(started.results).toMatchObject([{ name: 'webserver', node: 'local', ok: true }]);
    const status = JSON.parse((await runBin('service', ['webserver', 'status', '--json'], home)).stdout);
    expect(status).toMatchObject({ status: [{ name: 'webserver', node: 'local', state: 'RUNNING' }], exitCode: 0 });
    const all = JSON.parse((await runBin('service', ['--status-all', '--json'], home)).stdout);
    expect(all.status.every((row: { node: string }) => row.node === 'local')).toBe(true);
    const platform = JSON.parse((await runBin('hypcontrol', ['status', '--json'], home)).stdout);
    expect(Object.keys(platform)).toEqual(['nodes', 'problems', 'stages', 'exitCode']);
    expect(platform.nodes).toMatchObject([{ node: 'local', ok: true }]);
    expect(platform.stages.map((stage: { name: string }) => stage.name)).toEqual(['BACKEND', 'MIDDLEWARE', 'FRONTEND']);
    const frontend = platform.stages[2].rows;
    expect(frontend).toMatchObject([{ name: 'webserver', node: 'local', state: 'RUNNING' }]);
  });

  it('says the credentials were refused, never printing the password', async () => {
    const conf = path.join(home.etc, 'supervisord.conf');
    const good = fs.readFileSync(conf, 'utf8');
    fs.writeFileSync(conf, good.replace('[supervisorctl]', '[supervisorctl]\nusername=cps\npassword=wrong;one'));
    try {
      const status = await runBin('service', ['webserver', 'status'], home);
      expect(status.exitCode).toBe(4);
      expect(status.stdout).toContain('supervisord refused the credentials (HTTP 401) as user "cps"');
      expect(status.stdout + status.stderr).not.toContain('wrong;one');
      expect(status.stdout + status.stderr).not.toContain(PASSWORD);
    } finally {
      fs.writeFileSync(conf, good);
    }
  });
});
