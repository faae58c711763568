// Section 7: the panel's poll over three nodes (SPEC 10): three supervisords on loopback TCP with
// credentials, 300 processes each. Counts the calls each node gets per poll, idle and after a change, the
// poll's wall time against one node's, and what one hung node (SIGSTOP) costs the others.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ctl, destroy, fmt, makeHome, startSupervisord, stats } from './lib.mjs';
import { wireFleet } from '../dist/cli/node-wiring.js';
import { createPanelSession } from '../dist/control/panel-session.js';

const PER_NODE = 300;

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Counts every call made through a node's supervisord port. */
function counting(port, counter) {
  return new Proxy(port, {
    get(target, key) {
      const value = target[key];
      return typeof value === 'function' ? (...args) => ((counter.calls += 1), value.apply(target, args)) : value;
    },
  });
}

/** Three homes (core, node2, node3), each with `engines` engines of `numprocs` processes, core naming the others. */
export async function makeNodes({
  engines = PER_NODE / 10,
  numprocs = 10,
  programs = {},
  stages = 'MIDDLEWARE=("amqp2engines*")\n',
} = {}) {
  const nodes = [];
  for (const name of ['core', 'node2', 'node3']) {
    const home = makeHome(`nodes-${name}`, {
      engines,
      numprocs,
      startsecs: 0,
      stages,
      programs: name === 'core' ? programs : {},
    });
    const port = await freePort();
    const password = `bench-${name}`;
    fs.appendFileSync(
      home.conf,
      `\n[inet_http_server]\nport=127.0.0.1:${port}\nusername=canopsis\npassword=${password}\n`,
    );
    nodes.push({ name, home, port, password });
  }
  const declared = nodes
    .slice(1)
    .map(
      (node) =>
        `[node:${node.name}]\nurl = http://127.0.0.1:${node.port}\nusername = canopsis\npassword = ${node.password}\n`,
    );
  fs.writeFileSync(path.join(nodes[0].home.etc, 'canopsis-tui.ini'), ['[node:core]', ...declared].join('\n'));
  for (const node of nodes) {
    await startSupervisord(node.home);
    ctl(node.home, 'start', 'amqp2engines:*');
  }
  return nodes;
}

/** A fleet session whose node ports count their calls. */
function countedSession(home, counters) {
  const fleet = wireFleet(home.home, process.env, 10_000, 'canopsis-tui');
  const wrap = (reading, index) => ({
    ...reading,
    deps: { ...reading.deps, supervisor: counting(reading.deps.supervisor, counters[index]) },
  });
  const nodes = fleet.nodes.map((node, index) => ({
    name: node.name,
    label: node.label,
    home: { read: () => wrap(node, index), watch: () => () => undefined },
  }));
  return createPanelSession(nodes, { actionTimeoutMs: 10_000, statusTimeoutMs: 5_000, waitMs: 1_000, now: Date.now });
}

async function timedPolls(session, count, visible = []) {
  const times = [];
  for (let i = 0; i < count; i += 1) {
    const start = performance.now();
    await session.pollDaemon(visible);
    times.push(performance.now() - start);
  }
  return stats(times);
}

export async function benchNodes(line) {
  const nodes = await makeNodes();
  try {
    const counters = nodes.map(() => ({ calls: 0 }));
    const session = countedSession(nodes[0].home, counters);
    session.readHome();
    await session.pollDaemon();
    await session.pollDaemon();
    counters.forEach((counter) => (counter.calls = 0));
    const idle = await timedPolls(session, 20);
    const idleCalls = counters.map((counter) => counter.calls / 20);
    // One node changes between polls (a stop): that node answers in full, the others still glance.
    counters.forEach((counter) => (counter.calls = 0));
    const changedTimes = [];
    for (let i = 0; i < 5; i += 1) {
      ctl(nodes[1].home, i % 2 ? 'start' : 'stop', 'amqp2engines:engine-0-0');
      const start = performance.now();
      await session.pollDaemon();
      changedTimes.push(performance.now() - start);
    }
    const changedCalls = counters.map((counter) => counter.calls / 5);
    // One node alone, for comparison: the panel's session over node2 only, idle.
    const node2 = {
      read: () => wireFleet(nodes[0].home.home, process.env, 10_000).nodes[1],
      watch: () => () => undefined,
    };
    const alone = createPanelSession([{ name: 'node2', label: 'node2', home: node2, local: true }], {
      actionTimeoutMs: 10_000,
      statusTimeoutMs: 5_000,
      waitMs: 1_000,
      now: Date.now,
    });
    await alone.pollDaemon();
    const single = await timedPolls(alone, 20);
    line(
      `| nodes | processes | calls per node per idle poll | idle poll, all nodes at once | one node alone | calls per node per poll after a change on node2 | poll after a change |`,
    );
    line('|---|---|---|---|---|---|---|');
    line(
      `| 3 | ${3 * PER_NODE} | ${idleCalls.join(' / ')} | ${fmt(idle.median)} (min ${fmt(idle.min)}, max ${fmt(idle.max)}) | ${fmt(single.median)} | ${changedCalls.join(' / ')} | ${fmt(stats(changedTimes).median)} |`,
    );
    // node3 hung: each poll still returns after the wait given to a silent node, with the others fresh.
    const pid = Number(fs.readFileSync(path.join(nodes[2].home.home, 'var/run/supervisord.pid'), 'utf8'));
    process.kill(pid, 'SIGSTOP');
    let hung;
    let first;
    try {
      first = await timedPolls(session, 1);
      hung = await timedPolls(session, 10);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    line(
      `- with node3 hung (SIGSTOP): the first poll after it stopped answering returns in ${fmt(first.max)} (the wait given to a silent node: 1 s);`,
    );
    line(
      `  the next ones, which do not wait for it again, in ${fmt(hung.median)} (max ${fmt(hung.max)}); node3 is shown "no answer for Ns"`,
    );
    return { idleCalls, changedCalls, idle, single, hung, first };
  } finally {
    for (const node of nodes) await destroy(node.home);
  }
}
