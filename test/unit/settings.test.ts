import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/core/plan/catalog.js';
import { readinessOf } from '../../src/core/plan/readiness.js';
import { DEFAULT_PLATFORM_SETTINGS, parseReadyCheck, parseSettings } from '../../src/core/config/settings.js';
import { info } from '../support/fakes.js';

const FILE = '/home/canopsis/etc/canopsis-tui.ini';

describe('canopsis-tui.ini', () => {
  it('reads [tui], [platform] and [ready], keeping the case of names', () => {
    const settings = parseSettings(
      [
        '[tui]',
        'interval = 2',
        'read_only = yes',
        '[platform]',
        'ready_timeout = 90',
        'leftover_grace = 0.5',
        '[ready]',
        'RabbitMQ = tcp://127.0.0.1:5672',
        'amqp2engines* = log:^ready$ ; comment',
        "web = exec:curl -sf 'http://localhost/x y'",
      ].join('\n'),
      FILE,
    );
    expect(settings.problems).toEqual([]);
    expect(settings.tui).toEqual({ intervalMs: 2000, readOnly: true });
    expect(settings.platform).toEqual({ readyTimeoutMs: 90_000, leftoverGraceMs: 500 });
    expect(settings.ready.map((rule) => [rule.key, rule.check.kind, rule.line])).toEqual([
      ['RabbitMQ', 'tcp', 8],
      ['amqp2engines*', 'log', 9],
      ['web', 'exec', 10],
    ]);
    expect(settings.ready[2]?.check).toMatchObject({ argv: ['curl', '-sf', 'http://localhost/x y'] });
  });

  it('names the file and line of every value that does not parse, and keeps the rest', () => {
    const settings = parseSettings(
      [
        '[platform]',
        'ready_timeout = soon',
        '[ready]',
        'a = tcp://host',
        'b = ftp://x',
        'c = log:(',
        'd = exec:a | b',
        'e = tcp://127.0.0.1:80',
        '[tuii]',
      ].join('\n'),
      FILE,
    );
    expect(settings.problems).toEqual([
      `${FILE}:9: [tuii]: unknown section (expected [tui], [platform], [ready], [logs] or [node:NAME])`,
      `${FILE}:2: [platform] ready_timeout: not a number of seconds: "soon"`,
      `${FILE}:4: [ready] a: expected tcp://HOST:PORT, got "tcp://host"`,
      `${FILE}:5: [ready] b: expected tcp://HOST:PORT, http://HOST:PORT/PATH, exec:COMMAND ARGS... or log:REGEX, got "ftp://x"`,
      expect.stringMatching(new RegExp(`^${FILE}:6: \\[ready\\] c: not a regular expression`)),
      `${FILE}:7: [ready] d: expected exec:COMMAND ARGS... (no shell operators), got "exec:a | b"`,
    ]);
    expect(settings.platform).toEqual(DEFAULT_PLATFORM_SETTINGS);
    expect(settings.ready.map((rule) => rule.key)).toEqual(['e']);
  });

  it('never shows a password written in a check', () => {
    const settings = parseSettings(
      '[ready]\nweb = http://admin:hunter2@127.0.0.1:8082/\nx = exec:check --password hunter2 --bad |\n',
      FILE,
    );
    expect(settings.ready[0]?.check.text).toBe('http://****@127.0.0.1:8082/');
    expect(settings.problems.join('\n')).not.toContain('hunter2');
  });

  it('a missing file is no settings, a broken line is a problem at its line', () => {
    expect(parseSettings(undefined, FILE).problems).toEqual([]);
    expect(parseSettings('[ready]\nno equals sign here\n', FILE).problems).toEqual([
      `${FILE}:2: cannot parse line: "no equals sign here" (expected name = value)`,
    ]);
  });
});

describe('binding [ready] keys', () => {
  const catalog = buildCatalog({
    config: undefined,
    loaded: [
      info('rabbitmq-server', 'rabbitmq-server', 'RUNNING'),
      info('amqp2engines', 'engine-a-0', 'RUNNING'),
      info('amqp2engines', 'engine-b-0', 'RUNNING'),
    ],
    lsb: ['redis-server'],
  });

  it('a name, a group, a glob or an initscript gives each of its processes the check; a key naming nothing is a problem', () => {
    const settings = parseSettings(
      [
        '[ready]',
        'rabbitmq-server = tcp://127.0.0.1:5672',
        'amqp2engines:* = log:ready',
        'redis-server = tcp://127.0.0.1:6379',
        'mongodb = tcp://127.0.0.1:27017',
      ].join('\n'),
      FILE,
    );
    const { checks, problems } = readinessOf(settings, catalog);
    expect([...checks.keys()].sort()).toEqual([
      'amqp2engines:engine-a-0',
      'amqp2engines:engine-b-0',
      'rabbitmq-server',
      'redis-server',
    ]);
    expect(problems).toEqual([
      `${FILE}:5: [ready] mongodb: matches no initscript, program, process or group (Unknown service: mongodb)`,
    ]);
  });

  it('parses each kind of check', () => {
    expect(parseReadyCheck('tcp://[::1]:5672')).toMatchObject({ kind: 'tcp', host: '::1', port: 5672 });
    expect(parseReadyCheck('http://127.0.0.1:8082/health')).toMatchObject({
      kind: 'http',
      url: 'http://127.0.0.1:8082/health',
    });
    expect(parseReadyCheck('tcp://127.0.0.1:70000')).toMatch(/^expected tcp/);
  });
});

describe("the README's example", () => {
  it('parses without a problem, every kind of check', () => {
    const readme = fs.readFileSync(path.join(import.meta.dirname, '../../README.md'), 'utf8');
    const example = /```ini\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const settings = parseSettings(example, 'README.md');
    expect(settings.problems).toEqual([]);
    expect(settings.ready.map((rule) => rule.check.kind)).toEqual(['tcp', 'http', 'exec', 'log']);
    expect(settings.ready.map((rule) => rule.key)).toContain('amqp2engines:*');
  });
});
