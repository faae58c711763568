import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/core/plan/catalog.js';
import type { ProcessInfo } from '../../src/core/ports.js';
import { resolveOperand } from '../../src/core/plan/resolver.js';
import type { SupervisordConfig } from '../../src/core/config/supervisord-config.js';

const spec = (group: string, name: string, program: string) => ({
  namespec: group === name ? name : `${group}:${name}`,
  group,
  name,
  program,
  autostart: false,
  priority: 1,
  file: '/f',
  line: 1,
});

const config: SupervisordConfig = {
  mainFile: '/h/etc/supervisord.conf',
  files: [],
  pidfile: undefined,
  logfile: undefined,
  loglevel: 'info',
  servers: [],
  warnings: [],
  access: { url: { kind: 'unix', path: '/s' }, username: undefined, password: undefined },
  groups: [
    {
      name: 'amqp2engines',
      declared: true,
      processes: [
        spec('amqp2engines', 'engine-alerts-0', 'engine-alerts'),
        spec('amqp2engines', 'engine-alerts-1', 'engine-alerts'),
        spec('amqp2engines', 'engine-che-0', 'engine-che'),
      ],
    },
    { name: 'mongodb', declared: false, processes: [spec('mongodb', 'mongodb', 'mongodb')] },
    { name: 'redis-server', declared: false, processes: [spec('redis-server', 'redis-server', 'redis-server')] },
  ],
};
const catalog = buildCatalog({ config, loaded: undefined, lsb: ['redis-server', 'apache2'] });

describe('resolveOperand', () => {
  it('prefers an initscript over a supervisord program of the same name', () => {
    expect(resolveOperand('redis-server', catalog)).toMatchObject({
      ok: true,
      targets: [{ kind: 'lsb', name: 'redis-server' }],
    });
  });

  it('takes a declared group whole', () => {
    expect(resolveOperand('amqp2engines', catalog)).toMatchObject({
      ok: true,
      targets: [
        {
          kind: 'group',
          name: 'amqp2engines',
          processes: ['amqp2engines:engine-alerts-0', 'amqp2engines:engine-alerts-1', 'amqp2engines:engine-che-0'],
        },
      ],
    });
  });

  it('takes a program alone in its group as a process', () => {
    expect(resolveOperand('mongodb', catalog)).toMatchObject({
      ok: true,
      targets: [{ kind: 'process', name: 'mongodb', group: 'mongodb' }],
    });
  });

  it('takes a namespec, and a program name as all its processes', () => {
    expect(resolveOperand('amqp2engines:engine-che-0', catalog)).toMatchObject({
      targets: [{ kind: 'process', name: 'amqp2engines:engine-che-0' }],
    });
    expect(resolveOperand('engine-alerts', catalog)).toMatchObject({
      targets: [{ name: 'amqp2engines:engine-alerts-0' }, { name: 'amqp2engines:engine-alerts-1' }],
    });
  });

  it('matches a pattern against namespecs, process names and initscripts', () => {
    const all = resolveOperand('amqp2engines*', catalog);
    expect(all).toMatchObject({ ok: true, pattern: true });
    // A group matched whole is one group target (one group call spawns every member at once).
    expect(all.ok && all.targets).toEqual([
      {
        kind: 'group',
        name: 'amqp2engines',
        processes: ['amqp2engines:engine-alerts-0', 'amqp2engines:engine-alerts-1', 'amqp2engines:engine-che-0'],
      },
    ]);
    const short = resolveOperand('engine-alerts-[01]', catalog);
    expect(short.ok && short.targets.map((t) => t.name)).toEqual([
      'amqp2engines:engine-alerts-0',
      'amqp2engines:engine-alerts-1',
    ]);
    const lsb = resolveOperand('apa?he2', catalog);
    expect(lsb.ok && lsb.targets).toEqual([{ kind: 'lsb', name: 'apache2' }]);
  });

  it('says when a pattern matches nothing, and when a name is unknown', () => {
    expect(resolveOperand('zz*', catalog)).toEqual({
      ok: false,
      operand: 'zz*',
      error: 'no-match',
      message: 'No process matched zz*',
    });
    expect(resolveOperand('nginx', catalog)).toEqual({
      ok: false,
      operand: 'nginx',
      error: 'unknown',
      message: 'Unknown service: nginx',
    });
  });

  it.each([
    '',
    '../x',
    'a/b',
    '-rf',
    '.hidden',
    'a b',
    'a\u0007b',
    'x;reboot',
    '$(id)',
    '`id`',
    'a|b',
    'a&b',
    'x'.repeat(201),
    'y'.repeat(10_000),
  ])('refuses the invalid name %j', (name) => {
    expect(resolveOperand(name, catalog)).toMatchObject({ ok: false, error: 'invalid' });
  });

  it('knows processes the daemon has that the files no longer define', () => {
    const loaded = [{ name: 'old', group: 'old' } as ProcessInfo];
    const merged = buildCatalog({ config, loaded, lsb: [] });
    expect(resolveOperand('old', merged)).toMatchObject({ ok: true, targets: [{ kind: 'process', name: 'old' }] });
    expect(merged.processes.find((p) => p.namespec === 'old')).toMatchObject({ configured: false, loaded: true });
  });
});
