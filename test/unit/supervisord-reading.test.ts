/** The rules supervisord's reader follows that a JavaScript reader gets wrong unless it is told (FIELD-NOTES). */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/model/config-error.js';
import { emptyIniStore, readIniInto } from '../../src/core/config/ini-parser.js';
import { maskLine, maskSecrets } from '../../src/core/model/secrets.js';
import { keyValuePairs } from '../../src/core/config/supervisor-values.js';
import {
  readDaemonAddress,
  readSupervisordConfig,
  type ConfigSource,
} from '../../src/core/config/supervisord-config.js';

const MAIN = '/opt/canopsis/etc/supervisord.conf';
const HEAD =
  '[supervisord]\n[unix_http_server]\nfile=~/tmp/supervisor.sock\n[include]\nfiles = canopsis.conf engines/*.ini\n';

/** Files by path; a value of null is something that is not a regular file. */
function source(files: Record<string, string | { problem: string; skipped: boolean }>): ConfigSource {
  return {
    read(file) {
      const entry = files[file];
      if (entry === undefined) return { ok: false, skipped: true, problem: 'file not found' };
      return typeof entry === 'string' ? { ok: true, text: entry } : { ok: false, ...entry };
    },
    glob: (pattern) =>
      Object.keys(files).filter(
        (file) =>
          pattern.endsWith('*.ini') && file.startsWith(pattern.slice(0, -'*.ini'.length)) && file.endsWith('.ini'),
      ),
    isDirectory: (dir) => !dir.includes('missing'),
  };
}

const options = { env: { HOME: '/opt/canopsis', LANG: 'C' }, hostname: 'node1' };
const read = (files: Record<string, string | { problem: string; skipped: boolean }>) =>
  readSupervisordConfig(source({ [MAIN]: HEAD, ...files }), MAIN, options);
const refusal = (files: Record<string, string>) => {
  try {
    read(files);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return 'accepted';
};

describe('reading like supervisord', () => {
  it('expands ~ in the socket, serverurl, pidfile and logfile with the HOME supervisord gets', () => {
    const main =
      '[supervisord]\nlogfile=~/var/log/supervisord.log\npidfile=~/tmp/supervisord.pid\n[unix_http_server]\nfile=~/tmp/supervisor.sock\n[supervisorctl]\nserverurl=unix://~/tmp/supervisor.sock\n';
    const address = readDaemonAddress(source({ [MAIN]: main }), MAIN, options);
    expect(address).toEqual({
      mainFile: MAIN,
      access: {
        url: { kind: 'unix', path: '/opt/canopsis/tmp/supervisor.sock' },
        username: undefined,
        password: undefined,
      },
      pidfile: '/opt/canopsis/tmp/supervisord.pid',
      logfile: '/opt/canopsis/var/log/supervisord.log',
      loglevel: 'info',
    });
    const warn = source({ [MAIN]: main.replace('[supervisord]', '[supervisord]\nloglevel = WARN') });
    expect(readDaemonAddress(warn, MAIN, options).loglevel).toBe('warn');
  });

  it('finds the daemon from the main file alone when an include is broken', () => {
    const files = { [MAIN]: HEAD, '/opt/canopsis/etc/engines/a.ini': '[program:a]\noops\n' };
    expect(() => readSupervisordConfig(source(files), MAIN, options)).toThrow(
      '/opt/canopsis/etc/engines/a.ini:2: cannot parse line',
    );
    expect(readDaemonAddress(source(files), MAIN, options).access.url).toEqual({
      kind: 'unix',
      path: '/opt/canopsis/tmp/supervisor.sock',
    });
  });

  it('names processes with %(group_name)s of the [group:x] that lists them, and ENV_ from environment=', () => {
    const config = read({
      '/opt/canopsis/etc/engines/a.ini':
        '[program:engine-a]\ncommand=x\nenvironment=ROLE="w",N=1\nnumprocs=2\nprocess_name=%(group_name)s-%(ENV_ROLE)s-%(process_num)d\n',
      '/opt/canopsis/etc/engines/g.ini': '[group:amqp2engines]\nprograms=engine-a\n',
    });
    expect(config.groups[0]!.processes.map((p) => p.namespec)).toEqual([
      'amqp2engines:amqp2engines-w-0',
      'amqp2engines:amqp2engines-w-1',
    ]);
  });

  it("gives each of numprocs processes supervisord's own names, not the last one's environment", () => {
    // supervisor's own reader (test/support/supervisor-oracle.py) names these C-x-0, C-x-1, C-x-2.
    const program = '[program:x]\ncommand=y\nenvironment=LANG="%(ENV_LANG)s-x"\nnumprocs=3\n';
    const config = read({ '/opt/canopsis/etc/engines/a.ini': `${program}process_name=%(ENV_LANG)s-%(process_num)d\n` });
    expect(config.groups[0]!.processes.map((p) => p.name)).toEqual(['C-x-0', 'C-x-1', 'C-x-2']);
  });

  it('takes ENV_ names from [supervisord] environment= for every program', () => {
    const config = readSupervisordConfig(
      source({
        [MAIN]: `${HEAD.replace('[supervisord]', '[supervisord]\nenvironment=CPS_WORKER="7"')}[program:x]\ncommand=y\nprocess_name=x-%(ENV_CPS_WORKER)s\n`,
      }),
      MAIN,
      options,
    );
    expect(config.groups[0]!.processes[0]!.name).toBe('x-7');
  });

  it('strips section names after the kind, and ignores a section whose kind has a space before it', () => {
    const config = read({ '/opt/canopsis/etc/engines/a.ini': '[program:a ]\ncommand=x\n[ program:b]\ncommand=x\n' });
    expect(config.groups.map((group) => group.name)).toEqual(['a']);
  });

  it('refuses what supervisord refuses, at FILE:LINE', () => {
    const at = '/opt/canopsis/etc/engines/a.ini';
    expect(refusal({ [at]: '\uFEFF[program:a]\ncommand=x\n' })).toBe(
      `${at}:1: file contains no section headers (it starts with a UTF-8 byte order mark, which supervisord does not accept)`,
    );
    expect(refusal({ [at]: '[program:a:b]\ncommand=x\n' })).toBe(
      `${at}:1: Invalid name: "a:b" because of character: ":"`,
    );
    expect(refusal({ [at]: '[program:a]\ncommand=x\nprocess_name=a %(process_num)d\n' })).toBe(
      `${at}:3: Invalid name: "a %(process_num)d" because of character: " "`,
    );
    expect(refusal({ [at]: '[program:a]\ncommand=x\n[group:g]\nprograms=a,\n' })).toBe(
      `${at}:4: [group:g] names unknown program or fcgi-program: ""`,
    );
    expect(refusal({ [at]: '[program:a]\ncommand=x\nautostart=maybe\n' })).toBe(
      `${at}:3: [program:a] autostart: not a valid boolean value: "maybe"`,
    );
    expect(refusal({ [at]: '[program:a]\ncommand=x\nstdout_logfile=~/missing/a.log\n' })).toBe(
      `${at}:3: [program:a] stdout_logfile: The directory named as part of the path ~/missing/a.log does not exist`,
    );
    expect(refusal({ [at]: '[program:a]\nautostart=false\n' })).toBe(`${at}:1: [program:a] does not specify a command`);
  });

  it('passes over an include that is a folder or a dangling link, with a warning, as supervisord does', () => {
    const config = read({
      '/opt/canopsis/etc/engines/d.ini': { problem: 'a directory, not a file', skipped: true },
      '/opt/canopsis/etc/engines/a.ini': '[program:a]\ncommand=x\n',
    });
    expect(config.groups.map((group) => group.name)).toEqual(['a']);
    expect(config.warnings.map((warning) => warning.message)).toEqual([
      '/opt/canopsis/etc/engines/d.ini: a directory, not a file; included by [include] files, skipped (as supervisord does)',
    ]);
  });

  it('refuses an include it must not read (a FIFO), naming it', () => {
    expect(() =>
      read({ '/opt/canopsis/etc/engines/f.ini': { problem: 'a FIFO, not a regular file: refused', skipped: false } }),
    ).toThrow('/opt/canopsis/etc/engines/f.ini: a FIFO, not a regular file: refused');
  });

  it("uses Python's whitespace: a BOM is not blank, U+001F is", () => {
    const store = emptyIniStore();
    readIniInto(store, '[a]\nk = v\u001f\n', '/x.conf');
    expect(store.sections.get('a')!.options.get('k')!.value).toBe('v');
  });
});

describe('environment= as supervisord parses it (shlex, non-POSIX)', () => {
  it('keeps quoted commas, strips the quotes, refuses a key without a value', () => {
    expect(keyValuePairs('A="x,y",B=2')).toEqual({ A: 'x,y', B: '2' });
    expect(keyValuePairs("PATH='/opt/canopsis/bin:/usr/bin'")).toEqual({ PATH: '/opt/canopsis/bin:/usr/bin' });
    expect(() => keyValuePairs('A=1,B')).toThrow('Unexpected end of key/value pairs');
  });
});

describe('secrets in messages', () => {
  it('masks what follows a secret-looking word in a line shown back', () => {
    expect(maskLine('password s3cr3t')).toBe('password ****');
    expect(maskLine('command = run --fast')).toBe('command = run --fast');
  });

  it('masks values in free text from another reader', () => {
    const text = "Source contains parsing errors: '/h/etc/s.conf'\n\t[line  7]: 'password s3cr3t\\n'";
    expect(maskSecrets(text)).not.toContain('s3cr3t');
    expect(maskSecrets("Format string 'a%b' for 'unix_http_server.password' is badly formatted")).toBe(
      "Format string **** for 'unix_http_server.password' is badly formatted",
    );
    expect(maskSecrets('password=hunter2 and username=bob')).toBe('password=**** and username=bob');
  });
});
