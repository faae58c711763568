import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSupervisordConfig, type ConfigSource } from '../../src/core/config/supervisord-config.js';
import picomatch from 'picomatch';
import { getOption } from '../../src/core/config/ini-parser.js';
import { readFileSet } from '../../src/core/config/supervisord-files.js';

/** An in-memory file tree as the ConfigSource port. */
function memory(files: Record<string, string>): ConfigSource {
  return {
    read(file) {
      const text = files[file];
      return text === undefined ? { ok: false, skipped: true, problem: 'file not found' } : { ok: true, text };
    },
    glob: (pattern) =>
      Object.keys(files)
        .filter((file) => picomatch(pattern, { dot: false })(file))
        .reverse(),
    isDirectory: () => true,
  };
}

const MAIN = '/opt/canopsis/etc/supervisord.conf';
const SERVER =
  '[supervisord]\n[unix_http_server]\nfile=%(here)s/../tmp/supervisor.sock\n[include]\nfiles = supervisord.d/*.conf engines/*.ini\n';

function read(files: Record<string, string>, env: Record<string, string> = { HOME: '/opt/canopsis' }) {
  return readSupervisordConfig(memory({ [MAIN]: SERVER, ...files }), MAIN, { env, hostname: 'host1' });
}

describe('readSupervisordConfig', () => {
  it("reads includes in sorted order and expands %(here)s as the included file's folder", () => {
    const config = read({
      '/opt/canopsis/etc/supervisord.d/b.conf': '[program:b]\ncommand=%(here)s/run-b\n',
      '/opt/canopsis/etc/supervisord.d/a.conf': '[program:a]\ncommand=x\n',
      '/opt/canopsis/etc/engines/e.ini': '[program:e]\ncommand=y\n',
    });
    expect(config.files).toEqual([
      MAIN,
      '/opt/canopsis/etc/supervisord.d/a.conf',
      '/opt/canopsis/etc/supervisord.d/b.conf',
      '/opt/canopsis/etc/engines/e.ini',
    ]);
    expect(config.groups.map((g) => g.name)).toEqual(['a', 'b', 'e']);
    expect(config.access.url).toEqual({ kind: 'unix', path: '/opt/canopsis/tmp/supervisor.sock' });
  });

  it('expands %(here)s as supervisord does after each file: a reopened section, a later [DEFAULT]', () => {
    // Expected: supervisor's UnhosedConfigParser, read() then expand_here() per file, on these three files.
    const etc = '/opt/canopsis/etc';
    const set = readFileSet(
      memory({
        [MAIN]: '[supervisord]\n[include]\nfiles = a/*.conf b/*.conf c/*.conf\n',
        [`${etc}/a/1.conf`]: '[program:x]\ncommand=%(here)s/x\n[program:w]\ncommand=%(here)s/w\n',
        [`${etc}/b/2.conf`]:
          '[program:x]\ndirectory=%(here)s\n[DEFAULT]\nstdout_logfile=%(here)s/log\n[program:y]\ncommand=%(here)s/y\n',
        [`${etc}/c/3.conf`]: '[program:z]\ncommand=%(here)s/z\n',
      }),
      MAIN,
      {},
      'host1',
      true,
    );
    const value = (section: string, key: string) => getOption(set.store, section, key)?.value;
    expect(
      ['w', 'x', 'y', 'z'].map((name) =>
        ['command', 'directory', 'stdout_logfile'].map((key) => value(`program:${name}`, key)),
      ),
    ).toEqual([
      [`${etc}/a/w`, undefined, `${etc}/b/log`],
      [`${etc}/a/x`, `${etc}/b`, `${etc}/b/log`],
      [`${etc}/b/y`, undefined, `${etc}/b/log`],
      [`${etc}/c/z`, undefined, `${etc}/c/log`],
    ]);
  });

  it('names numprocs processes and regroups [group:x] programs', () => {
    const config = read({
      '/opt/canopsis/etc/supervisord.d/amqp2engines.conf':
        '[group:amqp2engines]\nprograms=engine-alerts,\n  engine-che\n',
      '/opt/canopsis/etc/engines/alerts.ini':
        '[program:engine-alerts]\ncommand=x\nnumprocs=2\nprocess_name=%(program_name)s-%(process_num)d\n',
      '/opt/canopsis/etc/engines/che.ini':
        '[program:engine-che]\ncommand=x\nprocess_name=%(program_name)s-%(process_num)02d\nnumprocs_start=1\n',
    });
    expect(config.groups).toHaveLength(1);
    expect(config.groups[0]!.processes.map((p) => p.namespec)).toEqual([
      'amqp2engines:engine-alerts-0',
      'amqp2engines:engine-alerts-1',
      'amqp2engines:engine-che-01',
    ]);
  });

  it('expands %(ENV_HOME)s from the environment and %% to %', () => {
    const config = read({
      [MAIN]:
        '[supervisord]\n[supervisorctl]\nserverurl=unix://%(ENV_HOME)s/tmp/s.sock\n[program:p]\ncommand=date +%%s\n',
    });
    expect(config.access.url).toEqual({ kind: 'unix', path: '/opt/canopsis/tmp/s.sock' });
  });

  it('takes credentials from [supervisorctl], else from the server section', () => {
    const own = read({ [MAIN]: '[supervisord]\n[unix_http_server]\nfile=/s.sock\nusername=u\npassword=p\n' });
    expect(own.access).toMatchObject({ username: 'u', password: 'p' });
    const ctl = read({
      [MAIN]:
        '[supervisord]\n[unix_http_server]\nfile=/s.sock\nusername=u\npassword=p\n[supervisorctl]\nserverurl=http://127.0.0.1:9002\nusername=c\npassword=q\n',
    });
    expect(ctl.access).toEqual({ url: { kind: 'http', host: '127.0.0.1', port: 9002 }, username: 'c', password: 'q' });
  });

  it('refuses numprocs > 1 without process_num, naming the file', () => {
    expect(() => read({ '/opt/canopsis/etc/engines/x.ini': '[program:x]\ncommand=y\nnumprocs=2\n' })).toThrow(
      '/opt/canopsis/etc/engines/x.ini:1: [program:x] %(process_num) must be present within process_name when numprocs > 1',
    );
  });

  it('refuses a name that cannot be expanded, with file and line', () => {
    expect(() =>
      read({ '/opt/canopsis/etc/engines/x.ini': '[program:x]\ncommand=y\nprocess_name=%(nope)s\n' }),
    ).toThrow(
      /^\/opt\/canopsis\/etc\/engines\/x\.ini:3: Format string "%\(nope\)s" for 'process_name' contains names \('nope'\) which cannot be expanded/,
    );
  });

  it('refuses a group naming a program that does not exist', () => {
    expect(() => read({ '/opt/canopsis/etc/supervisord.d/g.conf': '[group:g]\nprograms=ghost\n' })).toThrow(
      '[group:g] names unknown program or fcgi-program: "ghost"',
    );
  });

  it('says when there is no way to reach supervisord', () => {
    expect(() =>
      readSupervisordConfig(memory({ [MAIN]: '[supervisord]\n' }), MAIN, { env: {}, hostname: 'h' }),
    ).toThrow('no [unix_http_server] or [inet_http_server]');
  });

  it('keeps dotted program names whole', () => {
    const config = read({ '/opt/canopsis/etc/supervisord.d/x.conf': '[program:web.front]\ncommand=x\n' });
    expect(config.groups.map((g) => g.name)).toEqual(['web.front']);
    expect(path.basename(config.groups[0]!.processes[0]!.file)).toBe('x.conf');
  });
});
