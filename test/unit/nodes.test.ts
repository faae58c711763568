/** Several nodes (SPEC 10): `[node:NAME]` sections, `NAME@NODE`, the resolver and plans over nodes. */
import { describe, expect, it } from 'vitest';
import { buildCatalog, inferPrograms } from '../../src/core/plan/catalog.js';
import { parseHypcontrolConf } from '../../src/core/config/hypcontrol-conf.js';
import { resolveOnNodes, type NodeCatalog } from '../../src/core/plan/node-resolver.js';
import { nodeLabel, nodeProblem, splitNodeName } from '../../src/core/config/nodes.js';
import type { ProcessInfo } from '../../src/core/ports.js';
import { parseSettings } from '../../src/core/config/settings.js';
import { planOnNodes, type PlannedStage } from '../../src/core/plan/stage-plan.js';
import { resolveOperand, type Target } from '../../src/core/plan/resolver.js';
import { mergeNodeViews, namesByNode, targetsByNode, type NodeAnswer } from '../../src/core/panel/fleet-view.js';

const FILE = '/home/canopsis/etc/canopsis-tui.ini';

function info(group: string, name: string): ProcessInfo {
  return {
    group,
    name,
    state: 20,
    statename: 'RUNNING',
    pid: 1,
    start: 0,
    stop: 0,
    now: 0,
    spawnerr: '',
    exitstatus: 0,
    description: '',
  };
}

const remote = (...processes: ProcessInfo[]) =>
  buildCatalog({ config: undefined, loaded: processes, lsb: [], remote: true });

describe('[node:NAME] sections', () => {
  it('reads url, credentials and ssh; the home is `local` unless a section without url names it', () => {
    const settings = parseSettings(
      [
        '[node:db.example.org]',
        'url = http://10.0.0.2:9001',
        'username = canopsis',
        'password = a;b #c',
        'ssh = canopsis@10.0.0.2',
        '[node:n3]',
        'url = unix:///run/n3.sock',
        'username = u',
        'password_file = ~/etc/n3.pass',
      ].join('\n'),
      FILE,
    );
    expect(settings.problems).toEqual([]);
    expect(settings.nodes.map((node) => node.name)).toEqual(['local', 'db.example.org', 'n3']);
    // configparser's rules: `;` inside a value is kept, ` #` starts a comment (such a password goes in a password_file).
    expect(settings.nodes[1]).toEqual({
      name: 'db.example.org',
      url: { kind: 'http', host: '10.0.0.2', port: 9001 },
      username: 'canopsis',
      password: 'a;b',
      passwordFile: undefined,
      ssh: 'canopsis@10.0.0.2',
    });
    expect(settings.nodes[2]!.passwordFile).toBe('/home/canopsis/etc/n3.pass');
    const named = parseSettings('[node:core]\n[node:n2]\nurl = http://h:1\n', FILE);
    expect(named.nodes.map((node) => node.name)).toEqual(['core', 'n2']);
    expect(parseSettings('[tui]\ninterval = 2\n', FILE).nodes).toEqual([]);
  });

  it('says what is wrong at FILE:LINE, leaves the node out, and never shows its password', () => {
    const settings = parseSettings(
      [
        '[node:a]',
        'url = http://user:hunter2@h:9001',
        '[node:b]',
        'url = ftp://h',
        '[node:c]',
        'url = http://h:1',
        'password = hunter2',
        '[node:d]',
        'url = http://h:2',
        'username = u',
        'password = hunter2',
        'password_file = /p',
        '[node:e@x]',
        'url = http://h:3',
        '[node:f]',
        'url = http://h:4',
        'ssh = -oProxyCommand=evil',
        'colour = red',
        '[node:g]',
        '[node:h]',
      ].join('\n'),
      FILE,
    );
    expect(settings.problems).toEqual([
      `${FILE}:2: [node:a] url: expected http://HOST:PORT or unix:///PATH (no credentials in it: use username and password)`,
      `${FILE}:4: [node:b] url: expected http://HOST:PORT or unix:///PATH (no credentials in it: use username and password)`,
      `${FILE}:5: [node:c] : incomplete authentication: both username and a password, or neither`,
      `${FILE}:12: [node:d] password_file: give password or password_file, not both`,
      `${FILE}:13: [node:e@x] : not a node name: name contains '@', ':' or a pattern character`,
      `${FILE}:18: [node:f] colour: unknown setting (expected url, username, password, password_file, ssh)`,
      `${FILE}:17: [node:f] ssh: expected user@host, got "-oProxyCommand=evil"`,
      `${FILE}:20: [node:h]: a second node without url (only the home's own supervisord has none); left out`,
    ]);
    expect(settings.problems.join('\n')).not.toContain('hunter2');
    expect(settings.nodes.map((node) => node.name)).toEqual(['g']);
  });

  it('names a node by its address without credentials, and shortens why it could not be asked', () => {
    expect(nodeLabel({ name: 'n2', url: { kind: 'http', host: '10.0.0.2', port: 9001 } })).toBe(
      'n2 (http://10.0.0.2:9001)',
    );
    const label = 'n2 (http://10.0.0.2:9001)';
    expect(nodeProblem(label, 'supervisord is not running: nothing answers on http://10.0.0.2:9001')).toBe(
      `${label}: connection refused`,
    );
    const silent = 'supervisord did not answer supervisor.getState within 10s';
    expect(nodeProblem(label, silent)).toBe(`${label}: ${silent}`);
  });
});

describe('NAME@NODE and the resolver over nodes', () => {
  const catalogs: NodeCatalog[] = [
    {
      node: 'core',
      catalog: buildCatalog({ config: undefined, loaded: [info('mongodb', 'mongodb')], lsb: ['rabbitmq-server'] }),
    },
    {
      node: 'n2',
      catalog: remote(...['engine-alerts', 'engine-che-0', 'engine-che-1'].map((name) => info('amqp2engines', name))),
    },
    { node: 'n3', catalog: remote(info('amqp2engines', 'engine-alerts')), unreachable: undefined },
  ];

  it('splits on the last @ only when what follows is a node', () => {
    expect(splitNodeName('engine@n2', ['core', 'n2'])).toEqual({ name: 'engine', node: 'n2' });
    expect(splitNodeName('user@host@n2', ['n2'])).toEqual({ name: 'user@host', node: 'n2' });
    expect(splitNodeName('getty@tty1', ['n2'])).toEqual({ name: 'getty@tty1', node: undefined });
  });

  it('a name alone is every node where it resolves; NAME@NODE that node only', () => {
    const both = resolveOnNodes('engine-alerts', catalogs);
    expect(both.ok && both.nodes.map((one) => one.node)).toEqual(['n2', 'n3']);
    const one = resolveOnNodes('amqp2engines:engine-alerts@n3', catalogs);
    const alerts = { kind: 'process', name: 'amqp2engines:engine-alerts', group: 'amqp2engines' };
    expect(one.ok && one.nodes).toEqual([{ node: 'n3', targets: [alerts] }]);
    const numbered = resolveOnNodes('engine-che', catalogs);
    const numberedNames = numbered.ok && numbered.nodes[0]!.targets.map((target) => target.name);
    expect(numberedNames).toEqual(['amqp2engines:engine-che-0', 'amqp2engines:engine-che-1']);
    const pattern = resolveOnNodes('amqp2*', catalogs);
    expect(pattern.ok && pattern.pattern && pattern.nodes.map((node) => node.node)).toEqual(['n2', 'n3']);
    const broker = { node: 'core', targets: [{ kind: 'lsb', name: 'rabbitmq-server' }] };
    expect(resolveOnNodes('rabbitmq-server', catalogs)).toMatchObject({ ok: true, nodes: [broker] });
  });

  it('says where it looked, and which node could not be asked', () => {
    const unknown = { ok: false, error: 'unknown', message: 'Unknown service: mongodb on n2' };
    expect(resolveOnNodes('mongodb@n2', catalogs)).toMatchObject(unknown);
    // `@` is a legal name character: a suffix that is no node is said to be none, with the nodes there are.
    expect(resolveOnNodes('engine-foo@nodeX', catalogs)).toMatchObject({
      ok: false,
      message: 'Unknown service: engine-foo@nodeX on any node (core, n2, n3); no node nodeX among core, n2, n3',
    });
    const home = [{ node: 'local', catalog: catalogs[0]!.catalog }];
    expect(resolveOnNodes('engine-foo@nodeX', home)).toMatchObject({
      message: 'Unknown service: engine-foo@nodeX; no node nodeX among local',
    });
    const down = [
      ...catalogs.slice(0, 2),
      { node: 'n3', catalog: remote(), unreachable: 'n3 (http://h:3): connection refused' },
    ];
    const where = 'on any node (core, n2, n3); n3 (http://h:3): connection refused';
    expect(resolveOnNodes('webserver', down)).toMatchObject({
      ok: false,
      message: `Unknown service: webserver ${where}`,
    });
    expect(resolveOnNodes('web*', down)).toMatchObject({
      ok: false,
      error: 'no-match',
      message: `No process matched web* ${where}`,
    });
    expect(resolveOnNodes('bad;name', catalogs)).toMatchObject({ ok: false, error: 'invalid' });
  });

  it('tells programs from process names: NAME-N and NAME_N answer to NAME, alone or with siblings', () => {
    const named = [
      ['g', 'engine-che-0'],
      ['g', 'engine-che-1'],
      ['g', 'engine-2'],
      ['web', 'web'],
      ['h', 'x_01'],
      ['h', 'x_02'],
    ] as const;
    const programs = inferPrograms(named.map(([group, name]) => info(group, name)));
    expect([...programs]).toEqual([
      ['g:engine-che-0', 'engine-che'],
      ['g:engine-che-1', 'engine-che'],
      ['g:engine-2', 'engine'],
      ['web', 'web'],
      ['h:x_01', 'x'],
      ['h:x_02', 'x'],
    ]);
  });

  it('plans each stage on each node with what resolved there', () => {
    const text = 'BACKEND=(mongodb)\nMIDDLEWARE=("amqp2engines*")\nFRONTEND=(webserver@n3 nowhere)\n';
    const conf = parseHypcontrolConf(text, 'hypcontrol.conf');
    if (conf instanceof Error) throw conf;
    const { plans, unresolved } = planOnNodes(conf, catalogs);
    const operands = (stage: PlannedStage) => stage.services.map((service) => service.operand).join(' ');
    const names = (node: string) => plans.get(node)!.map((stage) => `${stage.name}: ${operands(stage)}`);
    expect(names('core')).toEqual(['BACKEND: mongodb', 'MIDDLEWARE: ', 'FRONTEND: ']);
    expect(names('n2')).toEqual(['BACKEND: ', 'MIDDLEWARE: amqp2engines*', 'FRONTEND: ']);
    expect(unresolved.map((one) => `${one.stage}: ${one.message}`)).toEqual([
      'FRONTEND: Unknown service: webserver on n3',
      'FRONTEND: Unknown service: nowhere on any node (core, n2, n3)',
    ]);
  });
});

describe('one view of every node (the panel)', () => {
  const programs = new Map([['amqp2engines:engine-che-0', 'engine-che']]);
  const answer = (node: string, view: NodeAnswer['view'], last?: ProcessInfo[]): NodeAnswer => ({
    node,
    view,
    last,
    programs,
  });

  it('names every process group:process@NODE, a program alone in its group program@NODE, with its program', () => {
    const view = mergeNodeViews([
      answer('n2', { ok: true, processes: [info('amqp2engines', 'engine-che-0'), info('web', 'web')] }),
    ]);
    expect(view.ok && view.processes.map((p) => `${p.group} ${p.name}`)).toEqual([
      'amqp2engines engine-che-0@n2',
      'web@n2 web@n2',
    ]);
    expect(view.ok && [...view.programs!]).toEqual([['amqp2engines:engine-che-0@n2', 'engine-che']]);
    const loaded = view.ok ? { loaded: view.processes, programs: view.programs! } : { loaded: [] };
    const catalog = buildCatalog({ config: undefined, ...loaded, lsb: [] });
    expect(catalog.byNamespec.has('web@n2')).toBe(true);
    expect(resolveOnNodes('engine-che', [{ node: 'x', catalog }]).ok).toBe(true);
  });

  it('keeps the rows of a node that cannot be asked, UNKNOWN with why; says a late one', () => {
    const down = mergeNodeViews([
      answer('n2', { ok: false, reason: 'supervisord is not running: nothing answers on http://h:1', down: true }, [
        info('amqp2engines', 'engine-che-0'),
      ]),
      { ...answer('n3', undefined), lateMs: 2_400 },
    ]);
    const rows = down.ok && down.processes.map((p) => [p.name, p.statename, p.spawnerr]);
    expect(rows).toEqual([['engine-che-0@n2', 'UNKNOWN', 'n2: connection refused']]);
    expect(down.ok && down.nodes).toEqual([
      { name: 'n2', ok: false, text: 'n2: connection refused' },
      { name: 'n3', ok: false, text: 'n3: no answer for 3s' },
    ]);
  });

  it("sends each target to its node: a group spanning nodes is that group on each, initscripts are the home's", () => {
    const byNode = targetsByNode(
      [
        {
          kind: 'group',
          name: 'amqp2engines',
          processes: ['amqp2engines:a@n2', 'amqp2engines:a@n3', 'amqp2engines:b@n3'],
        },
        { kind: 'process', name: 'web@n3', group: 'web@n3' },
        { kind: 'lsb', name: 'rabbitmq-server' },
      ],
      ['core', 'n2', 'n3'],
    );
    expect(Object.fromEntries(byNode)).toEqual({
      n2: [{ kind: 'group', name: 'amqp2engines', processes: ['amqp2engines:a'] }],
      n3: [
        { kind: 'group', name: 'amqp2engines', processes: ['amqp2engines:a', 'amqp2engines:b'] },
        { kind: 'process', name: 'web', group: 'web' },
      ],
      core: [{ kind: 'lsb', name: 'rabbitmq-server' }],
    });
    const names = namesByNode(['a@n2', 'rabbitmq-server', 'getty@tty1'], ['core', 'n2']);
    expect(Object.fromEntries(names)).toEqual({ n2: ['a'], core: ['rabbitmq-server', 'getty@tty1'] });
  });

  it('resolves NAME@NODE in the one catalog the panel builds over every node, as the commands do', () => {
    const processes = [info('amqp2engines', 'engine-che-0'), info('web', 'web')];
    const view = mergeNodeViews(['n2', 'n3'].map((node) => answer(node, { ok: true, processes })));
    if (!view.ok) throw new Error('a merged view is always ok');
    const catalog = buildCatalog({ config: undefined, loaded: view.processes, lsb: [], programs: view.programs! });
    const shown = (target: Target) =>
      target.kind === 'group' ? `${target.name}: ${target.processes.join(' ')}` : target.name;
    const names = (operand: string) => {
      const resolution = resolveOperand(operand, catalog);
      return resolution.ok ? resolution.targets.map(shown) : resolution.message;
    };
    expect(names('engine-che@n3')).toEqual(['amqp2engines:engine-che-0@n3']);
    expect(names('amqp2engines@n2')).toEqual(['amqp2engines: amqp2engines:engine-che-0@n2']);
    expect(names('web@n2')).toEqual(['web@n2']);
    expect(names('amqp2engines')).toEqual(['amqp2engines: amqp2engines:engine-che-0@n2 amqp2engines:engine-che-0@n3']);
    expect(names('engine-che@n4')).toBe('Unknown service: engine-che@n4');
  });
});
