/** Several nodes (SPEC 10): `[node:NAME]` sections, `NAME@NODE`, the resolver and plans over nodes. */
import { describe, expect, it } from 'vitest';
import { buildCatalog, inferPrograms } from '../../src/core/plan/catalog.js';
import { parseHypcontrolConf } from '../../src/core/config/hypcontrol-conf.js';
import { resolveOnNodes, type NodeCatalog } from '../../src/core/plan/node-resolver.js';
import { nodeLabel, nodeProblem, splitNodeName } from '../../src/core/config/nodes.js';
import type { ProcessInfo } from '../../src/core/ports.js';
import { parseSettings } from '../../src/core/config/settings.js';
import { planOnNodes, type PlannedStage } from '../../src/core/plan/stage-plan.js';
import { byNode } from '../../src/core/plan/node-resolver.js';
import { nodeHealth, type NodeAnswer } from '../../src/core/panel/node-views.js';
import { initialState, tuiReducer, type TuiState } from '../../src/core/panel/tui-state.js';

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

describe('the panel over nodes: each node its own answer, the node a field', () => {
  const answer = (node: string, view: NodeAnswer['view'], last?: ProcessInfo[]): NodeAnswer => ({
    node,
    local: node === 'core',
    view,
    last,
  });
  const conf = parseHypcontrolConf('BACKEND=(web@n2)\nMIDDLEWARE=("amqp2engines*" engine-che@n3)\n', 'h.conf');
  if (conf instanceof Error) throw conf;
  const polled = (nodes: NodeAnswer[]) => {
    const home = { hypcontrol: conf, config: undefined, lsbNames: [], lsbNotExecutable: [], problems: [] };
    const read = tuiReducer(initialState(), { type: 'home-read', ...home });
    return tuiReducer(read, { type: 'daemon-polled', nodes, pid: undefined, startedAt: undefined });
  };
  const rows = (state: TuiState) =>
    state.panels.flatMap((panel) =>
      panel.rows.map((row) => `${panel.id} ${row.name} ${row.state} ${row.reason ?? ''}`),
    );

  it("keeps supervisord's answers as given, shows NAME@NODE, resolves each stage's names on each node", () => {
    const processes = [info('amqp2engines', 'engine-che-0'), info('web', 'web')];
    const nodes = ['core', 'n2', 'n3'].map((node) => answer(node, { ok: true, processes }));
    const state = polled(nodes);
    expect(state.nodes![1]!.view).toBe(nodes[1]!.view);
    expect(processes.map((p) => p.name)).toEqual(['engine-che-0', 'web']);
    const expanded = tuiReducer(state, { type: 'expand', key: 'MIDDLEWARE:amqp2engines*', expanded: true });
    expect(rows(expanded).map((row) => row.trimEnd())).toEqual([
      'BACKEND web@n2 RUNNING',
      'MIDDLEWARE amqp2engines* RUNNING',
      'MIDDLEWARE amqp2engines:engine-che-0@core RUNNING',
      'MIDDLEWARE amqp2engines:engine-che-0@n2 RUNNING',
      'MIDDLEWARE amqp2engines:engine-che-0@n3 RUNNING',
      'MIDDLEWARE amqp2engines:engine-che-0@n3 RUNNING',
      'OTHER web@core RUNNING',
      'OTHER web@n3 RUNNING',
    ]);
    const targets = (key: string) => expanded.panels.flatMap((panel) => panel.rows).find((row) => row.key === key)!;
    expect(targets('MIDDLEWARE:engine-che@n3').targets).toEqual([
      { kind: 'process', name: 'amqp2engines:engine-che-0', group: 'amqp2engines', node: 'n3' },
    ]);
    expect(
      byNode(targets('MIDDLEWARE:amqp2engines*').targets).map(({ node, targets: list }) => [node, list.length]),
    ).toEqual([
      ['core', 1],
      ['n2', 1],
      ['n3', 1],
    ]);
  });

  it('keeps the rows of a node that cannot be asked, UNKNOWN with why; says a late one', () => {
    const down = {
      ok: false as const,
      reason: 'supervisord is not running: nothing answers on http://h:1',
      down: true,
    };
    const nodes = [
      answer('core', { ok: true, processes: [] }),
      answer('n2', down, [info('web', 'web')]),
      { ...answer('n3', undefined), lateMs: 2_400 },
    ];
    expect(rows(polled(nodes))).toEqual([
      'BACKEND web@n2 UNKNOWN n2: connection refused',
      'MIDDLEWARE amqp2engines* UNKNOWN No process matched amqp2engines* on any node (core, n2, n3)',
      'MIDDLEWARE engine-che@n3 UNKNOWN Unknown service: engine-che on n3',
    ]);
    expect(nodes.map(nodeHealth)).toEqual([
      { name: 'core', ok: true, text: 'core: running' },
      { name: 'n2', ok: false, text: 'n2: connection refused' },
      { name: 'n3', ok: false, text: 'n3: no answer for 3s' },
    ]);
  });
});
