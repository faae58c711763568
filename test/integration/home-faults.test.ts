/**
 * The faults of a real home against a real supervisord: a typo in one engine file, a daemon whose pid lives
 * but whose socket is not where the files say, passwords in broken lines. SPEC 3, issue 9 items 2 and 4.
 */
import fs from 'node:fs';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  destroyHome,
  makeCanopsisHome,
  pidAlive,
  runAsAccount,
  signalPid,
  supervisordPid,
  type TestHome,
} from '../support/home.js';

let home: TestHome;
let original: string;
const CHE = 'etc/engines/che.ini';

/** How many supervisord processes run on this home's config. */
async function supervisords(): Promise<number> {
  const found = await execa('pgrep', ['-f', `supervisord -c ${home.conf}`], { reject: false });
  return String(found.stdout).split('\n').filter(Boolean).length;
}

beforeAll(async () => {
  home = makeCanopsisHome();
  original = fs.readFileSync(home.conf, 'utf8');
  const start = await runAsAccount('hypcontrol', ['start'], home);
  expect(start.exitCode).toBe(0);
});
afterAll(async () => {
  fs.writeFileSync(home.conf, original);
  await destroyHome(home);
});

describe('a typo in one engine file while supervisord runs', () => {
  const typo = () => `${home.home}/${CHE}:12: cannot parse line: "oops" (expected name = value)`;

  beforeAll(() => {
    fs.appendFileSync(`${home.home}/${CHE}`, 'oops\n');
  });
  afterAll(() => {
    fs.writeFileSync(`${home.home}/${CHE}`, fs.readFileSync(`${home.home}/${CHE}`, 'utf8').replace('oops\n', ''));
  });

  it('names FILE:LINE, and actions on other services still work', async () => {
    const stop = await runAsAccount('service', ['webserver', 'stop'], home);
    expect(stop.stderr).toContain(typo());
    expect(stop.stdout).toBe('webserver: stopped');
    expect(stop.exitCode).toBe(0);
    const start = await runAsAccount('service', ['webserver', 'start'], home);
    expect(start.stdout).toBe('webserver: started');
    expect(start.exitCode).toBe(0);
  });

  it('status of the engine in the broken file comes from supervisord, without a false drift', async () => {
    const status = await runAsAccount('service', ['engine-che', 'status'], home);
    expect(status.stdout).toMatch(/^engine-che:engine-che-0 +RUNNING +pid \d+, uptime \S+$/);
    expect(status.exitCode).toBe(0);
  });

  it('--status-all --json lists every process supervisord knows, with the problem', async () => {
    const all = await runAsAccount('service', ['--status-all', '--json'], home);
    const parsed = JSON.parse(all.stdout) as {
      status: Array<{ name: string; state: string }>;
      problems: string[];
      exitCode: number;
    };
    expect(parsed.status).toHaveLength(12);
    expect(parsed.status.every((row) => row.state === 'RUNNING')).toBe(true);
    expect(parsed.problems).toEqual([`${typo()}; supervisord would refuse this config`]);
    expect(parsed.exitCode).toBe(0);
  });

  it('hypcontrol status shows every stage and the problem', async () => {
    const status = await runAsAccount('hypcontrol', ['status'], home);
    expect(status.stdout).toContain(`config: ${typo()}`);
    expect(status.stdout).toMatch(/^ {2}engine-che:engine-che-0 +RUNNING/m);
    expect(status.exitCode).toBe(0);
  });
});

describe('supervisord runs but does not answer where the files say', () => {
  let pid: number;
  beforeAll(() => {
    pid = supervisordPid(home);
    fs.writeFileSync(home.conf, original.replaceAll('~/tmp/supervisor.sock', '~/tmp/elsewhere.sock'));
  });
  afterAll(() => fs.writeFileSync(home.conf, original));

  it('status says so, exit 4, never "stopped"', async () => {
    const status = await runAsAccount('service', ['webserver', 'status'], home);
    expect(status.stdout).toContain(
      `supervisord is running (pid ${pid}), but not answering at unix://${home.home}/tmp/elsewhere.sock: check [unix_http_server] file and [supervisorctl] serverurl`,
    );
    expect(status.stdout).not.toMatch(/STOPPED|not running/);
    expect(status.exitCode).toBe(4);
  });

  it('hypcontrol start fails at once and launches no second supervisord', async () => {
    const started = Date.now();
    const run = await runAsAccount('hypcontrol', ['start'], home);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`supervisord is running (pid ${pid}), but not answering`);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await supervisords()).toBe(1);
  });

  it('hypcontrol stop fails and leaves the daemon as it was, saying why', async () => {
    const run = await runAsAccount('hypcontrol', ['stop'], home);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).not.toContain('supervisord: stopped');
    expect(pidAlive(pid)).toBe(true);
  });

  it('recovers as soon as the files are right again', async () => {
    fs.writeFileSync(home.conf, original);
    const status = await runAsAccount('service', ['webserver', 'status'], home);
    expect(status.exitCode).toBe(0);
  });
});

describe('a supervisord that hangs (SIGSTOP)', () => {
  it('--timeout bounds the reads too: status answers at the timeout, exit 4, saying so', async () => {
    const pid = supervisordPid(home);
    signalPid(pid, 'SIGSTOP');
    try {
      const started = Date.now();
      const status = await runAsAccount('service', ['webserver', 'status', '--timeout', '2'], home);
      expect(Date.now() - started).toBeLessThan(6_000);
      expect(status.stdout).toMatch(
        /^webserver +UNKNOWN +supervisord did not answer supervisor\.getProcessInfo within 2s$/,
      );
      expect(status.exitCode).toBe(4);
    } finally {
      signalPid(pid, 'SIGCONT');
    }
  });
});

describe('a main file that names no way to reach supervisord', () => {
  it('--status-all is never an empty list with exit 0: supervisord has its own UNKNOWN row, exit 4', async () => {
    fs.writeFileSync(home.conf, original.replace('chmod=0700', 'chmod=0700\noops'));
    try {
      const all = await runAsAccount('service', ['--status-all'], home);
      expect(all.stderr).toContain(`${home.conf}:6: cannot parse line: "oops"`);
      expect(all.stdout).toMatch(/^supervisord +UNKNOWN +\S+supervisord\.conf:6: cannot parse line: "oops"/m);
      expect(all.exitCode).toBe(4);
    } finally {
      fs.writeFileSync(home.conf, original);
    }
  });
});

describe('passwords in broken lines never reach the output', () => {
  const cases = [
    {
      what: 'a line without =',
      line: 'password s3cr3t',
      secret: 's3cr3t',
      problem: 'cannot parse line: "password ****" (expected name = value)',
    },
    {
      what: 'a % that cannot be expanded',
      line: 'password = a%b',
      secret: 'a%b',
      problem: "Format string **** for 'unix_http_server.password' is badly formatted",
    },
  ];
  for (const { what, line, secret, problem } of cases) {
    it(`masks the value on ${what}, in service, --json and hypcontrol`, async () => {
      fs.writeFileSync(home.conf, original.replace('password=cps;pass#1', line));
      try {
        const outputs = await Promise.all([
          runAsAccount('service', ['webserver', 'status'], home),
          runAsAccount('service', ['webserver', 'status', '--json'], home),
          runAsAccount('hypcontrol', ['status'], home),
          runAsAccount('hypcontrol', ['status', '--json'], home),
        ]);
        for (const output of outputs) {
          const text = (output.stdout + output.stderr).replaceAll('\\"', '"');
          expect(text).toContain(`${home.conf}:7: ${problem}`);
          expect(text).not.toContain(secret);
        }
      } finally {
        fs.writeFileSync(home.conf, original);
      }
    });
  }
});
