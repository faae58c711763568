// Section 9: a far node. A TCP proxy between canopsis-tui and one node's supervisord adds a delay each way
// (and a round trip to open each connection, as TCP's handshake costs over a real link). Through it:
// `service ENGINE@far restart` and `hypcontrol restart` against the same commands with the node near
// (the proxy with no delay); the difference in round trips, and the calls the node got, in order.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { REPO, destroy, fmt, sleep, stats } from './lib.mjs';
import { makeNodes } from './nodes.mjs';

/** A proxy to `target` that delays every chunk `delayMs` each way, and logs each XML-RPC method it carries. */
export function delayProxy(target) {
  const proxy = { delayMs: 0, calls: [], connections: 0 };
  const server = net.createServer((client) => {
    proxy.connections += 1;
    const opened = performance.now();
    const upstream = net.connect(target, '127.0.0.1');
    const delayed = (from, to, handshake) => {
      from.on('data', (chunk) => {
        if (handshake) {
          const methods = [...chunk.toString('latin1').matchAll(/<methodName>([^<]+)<\/methodName>/g)].map((m) => m[1]);
          proxy.calls.push(...methods);
        }
        // A new connection's first bytes leave once its handshake (one round trip) is done.
        const leave = handshake ? Math.max(performance.now(), opened + 2 * proxy.delayMs) : performance.now();
        setTimeout(() => to.write(chunk), leave - performance.now() + proxy.delayMs);
      });
      from.on('end', () => setTimeout(() => to.end(), proxy.delayMs * 2 + 5));
      from.on('error', () => to.destroy());
    };
    delayed(client, upstream, true);
    delayed(upstream, client, false);
  });
  proxy.listen = () => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
  proxy.close = () => new Promise((resolve) => server.close(resolve));
  return proxy;
}

const ACTION = /^supervisor\.(start|stop)Process(Group)?$/;

/** The most calls made in a row before an action (a start or a stop), anywhere in `calls`. */
const mostBeforeAnAction = (calls) => {
  let most = 0;
  let since = 0;
  for (const call of calls) {
    if (ACTION.test(call)) [most, since] = [Math.max(most, since), 0];
    else since += 1;
  }
  return most;
};

/** `calls` as `name xN` runs, in order. */
const callList = (calls) => {
  const runs = [];
  for (const call of calls) {
    const last = runs.at(-1);
    if (last?.call === call) last.count += 1;
    else runs.push({ call, count: 1 });
  }
  return runs.map((run) => (run.count > 1 ? `${run.call} x${run.count}` : run.call)).join(', ');
};

export async function benchFar(line, { delayMs = 150 } = {}) {
  const nodes = await makeNodes({
    engines: 5,
    numprocs: 2,
    stages: 'BACKEND=(probe)\nMIDDLEWARE=("amqp2engines*")\n',
    programs: { probe: 0 },
  });
  const [core, far] = nodes;
  const proxy = delayProxy(far.port);
  const port = await proxy.listen();
  const ini = path.join(core.home.etc, 'canopsis-tui.ini');
  fs.writeFileSync(ini, fs.readFileSync(ini, 'utf8').replace(`127.0.0.1:${far.port}`, `127.0.0.1:${port}`));
  const rtt = 2 * delayMs;
  const results = {};
  try {
    // Run beside the proxy, which lives in this process: a synchronous spawn would stop it.
    const run = (name, args) =>
      new Promise((resolve, reject) => {
        const started = performance.now();
        const child = spawn(path.join(REPO, 'bin', name), ['--home', core.home.home, ...args], { stdio: 'pipe' });
        let errors = '';
        child.stderr.on('data', (chunk) => (errors += chunk));
        child.on('exit', (code) =>
          code === 0 ? resolve(performance.now() - started) : reject(new Error(`${name} ${args}: ${errors}`)),
        );
      });
    const measure = async (label, args) => {
      const runs = { near: [], far: [] };
      let calls = [];
      for (let round = 0; round < 3; round += 1)
        for (const where of ['near', 'far']) {
          proxy.delayMs = where === 'far' ? delayMs : 0;
          proxy.calls = [];
          runs[where].push(await run(args[0], args.slice(1)));
          if (where === 'far') calls = proxy.calls;
        }
      const near = stats(runs.near);
      const away = stats(runs.far);
      const trips = (away.median - near.median) / rtt;
      line(
        `- ${label}: ${fmt(near.median)} near, ${fmt(away.median)} with node2 ${delayMs} ms away each way: ` +
          `${trips.toFixed(1)} round trips in a row (opening the connection included); node2 was asked, ` +
          `in order: ${callList(calls)}; at most ${mostBeforeAnAction(calls)} call(s) before an action`,
      );
      // Calls of the same method side by side (a stop of each process at once) are one step.
      const inARow = calls.filter((call, index) => call !== calls[index - 1]).length;
      return { trips, inARow, before: mostBeforeAnAction(calls) };
    };
    // One process named in full needs no names from the node; a program's name (here two processes) does.
    const one = 'amqp2engines:engine-1-0@node2';
    results.restart = await measure(`\`service ${one} restart\` (one process)`, ['service', one, 'restart']);
    await sleep(500);
    results.program = await measure('`service engine-1@node2 restart` (a program: 2 processes)', [
      'service',
      'engine-1@node2',
      'restart',
    ]);
    await sleep(500);
    results.platform = await measure('`hypcontrol restart` (3 nodes, 2 stages)', ['hypcontrol', 'restart']);
    return results;
  } finally {
    await proxy.close();
    for (const node of nodes) await destroy(node.home);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchFar(console.log);
}
