/**
 * Several Canopsis nodes on one machine (SPEC 10): one home per node, each with a real supervisord on its
 * own loopback TCP port with credentials (`[inet_http_server]`), and the first home's canopsis-tui.ini
 * naming the others as `[node:NAME]` sections, as an operator would write them.
 */
import net from 'node:net';
import { createSupervisorClient } from '../../src/adapters/supervisor-client.js';
import type { SupervisorPort } from '../../src/core/ports.js';
import { makeHome, startSupervisord, type TestHome } from './home.js';

export interface TestNode {
  name: string;
  home: TestHome;
  port: number;
  password: string;
}

/** A port nothing listens on now (the kernel's pick), for a supervisord to take. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A client of the node's supervisord over its TCP port, with its credentials (the test's own view). */
export function clientOf(node: TestNode): SupervisorPort {
  const url = { kind: 'http' as const, host: '127.0.0.1', port: node.port };
  return createSupervisorClient({ url, username: 'canopsis', password: node.password });
}

/** A program section: `sleep` standing for a service, up `startsecs` after its spawn. */
export function program(name: string, startsecs: number, extra: string[] = []): string {
  const options = [
    'command=sleep 100000',
    'autostart=false',
    'autorestart=false',
    `startsecs=${startsecs}`,
    'stopwaitsecs=2',
  ];
  return [`[program:${name}]`, ...options, ...extra, ''].join('\n');
}

/**
 * A platform spread over three nodes, as the tests run it: mongodb on the first, the engines (two
 * programs of the group amqp2engines) on the other two, the webserver on the third.
 */
export function spreadPlatform(backendSecs: number, engineSecs: number): string[][] {
  const group = '[group:amqp2engines]\nprograms=engine-alerts,engine-che\n';
  const engines = [program('engine-alerts', engineSecs), program('engine-che', engineSecs), group];
  return [[program('mongodb', backendSecs)], engines, [...engines, program('webserver', 0)]];
}

/** supervisord.conf of a node: its socket, and its TCP port with credentials (Canopsis's `~/` paths). */
function nodeConf(port: number, password: string, sections: string[]): string {
  return [
    '[unix_http_server]',
    'file=%(ENV_HOME)s/var/run/supervisord.sock',
    '[inet_http_server]',
    `port=127.0.0.1:${port}`,
    'username=canopsis',
    `password=${password}`,
    '[supervisord]',
    'logfile=%(ENV_HOME)s/var/log/supervisord.log',
    'pidfile=%(ENV_HOME)s/var/run/supervisord.pid',
    'childlogdir=%(ENV_HOME)s/var/log',
    '[rpcinterface:supervisor]',
    'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
    '[supervisorctl]',
    'serverurl=unix://%(ENV_HOME)s/var/run/supervisord.sock',
    'username=canopsis',
    `password=${password}`,
    '',
    ...sections,
  ].join('\n');
}

/**
 * Homes for `names` (the first is the local one), each running `sections[i]` under a supervisord started
 * here. The first home's canopsis-tui.ini declares the others: the second with its password written in
 * the file, the rest with a password_file. Passwords hold characters an ini reader could cut at.
 */
export async function makeNodes(names: string[], sections: string[][], hypcontrol: string): Promise<TestNode[]> {
  const nodes: TestNode[] = [];
  for (const [index, name] of names.entries()) {
    const home = makeHome({ bundled: false });
    const port = await freePort();
    const password = `pw-${name};x#${index}`;
    home.write('etc/supervisord.conf', nodeConf(port, password, sections[index] ?? []));
    nodes.push({ name, home, port, password });
  }
  const local = nodes[0]!;
  local.home.write('etc/hypcontrol.conf', hypcontrol);
  const declared = nodes.slice(1).map((node, index) => {
    const secret = index === 0 ? [`password = ${node.password}`] : [`password_file = ~/etc/${node.name}.pass`];
    if (index > 0) local.home.write(`etc/${node.name}.pass`, `${node.password}\n`, 0o600);
    return [`[node:${node.name}]`, `url = http://127.0.0.1:${node.port}`, 'username = canopsis', ...secret, ''].join(
      '\n',
    );
  });
  local.home.write('etc/canopsis-tui.ini', [`[node:${local.name}]`, '', ...declared].join('\n'));
  for (const node of nodes) await startSupervisord(node.home);
  return nodes;
}
