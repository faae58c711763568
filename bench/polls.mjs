// Section 6: one poll of the panel as processes grow: supervisord calls per poll, an idle poll (supervisord's
// log end unchanged: one small multicall) and a full answer (getAllProcessInfo, after any change).
import { spawnSync } from 'node:child_process';
import { destroy, fmt, makeHome, startSupervisord, stats } from './lib.mjs';
import { wireHome } from '../dist/cli/wiring.js';
import { createPanelSession } from '../dist/control/panel-session.js';
import { initialState, selectPanels, tuiReducer } from '../dist/core/panel/tui-state.js';

/** The session's SupervisorPort, counting every call it makes. */
function counting(port, counter) {
  return new Proxy(port, {
    get(target, key) {
      const value = target[key];
      return typeof value === 'function' ? (...args) => ((counter.calls += 1), value.apply(target, args)) : value;
    },
  });
}

export async function benchPolls(line) {
  line(
    '| processes | supervisord calls per poll | idle poll (glance) | full answer (getAllProcessInfo + decode) | rebuilding the panels after a change |',
  );
  line('|---|---|---|---|---|');
  const results = [];
  for (const count of [10, 100, 500, 1000]) {
    const home = makeHome(`polls${count}`, {
      engines: 1,
      numprocs: count,
      startsecs: 0,
      stages: 'MIDDLEWARE=("amqp2engines*")\n',
    });
    try {
      await startSupervisord(home);
      const counter = { calls: 0 };
      const port = {
        read: () => {
          const reading = wireHome(home.home, process.env);
          return { ...reading, deps: { ...reading.deps, supervisor: counting(reading.deps.supervisor, counter) } };
        },
        watch: () => () => undefined,
      };
      const session = createPanelSession([{ name: 'local', label: 'local', home: port, local: true }], {
        actionTimeoutMs: 10_000,
        statusTimeoutMs: 5_000,
        waitMs: 5_000,
        now: Date.now,
      });
      let state = tuiReducer(initialState(), { type: 'home-read', ...session.readHome() });
      await session.pollDaemon(); // the first poll also asks for supervisord's pid
      counter.calls = 0;
      const times = [];
      let poll;
      for (let i = 0; i < 20; i += 1) {
        const start = performance.now();
        poll = await session.pollDaemon();
        times.push(performance.now() - start);
      }
      const callsPerPoll = counter.calls / 20;
      const client = wireHome(home.home, process.env).deps.supervisor;
      const fulls = [];
      for (let i = 0; i < 5; i += 1) {
        const start = performance.now();
        await client.getAllProcessInfo();
        fulls.push(performance.now() - start);
      }
      const fullStats = stats(fulls);
      // Rebuilding the panels is what a poll that changes something costs the panel: force it with a new pid.
      const panels = stats(
        Array.from({ length: 20 }, (_, i) => {
          const [home] = poll.nodes;
          const processes = home.view.processes.map((p, index) => (index === 0 ? { ...p, pid: 100_000 + i } : p));
          const start = performance.now();
          const next = tuiReducer(state, {
            type: 'daemon-polled',
            nodes: [{ ...home, view: { ok: true, processes } }],
            pid: poll.pid,
            startedAt: poll.startedAt,
          });
          const ms = performance.now() - start;
          if (selectPanels(next).length === 0) throw new Error('no panels built');
          return ms;
        }),
      );
      const pollStats = stats(times);
      line(
        `| ${count} | ${callsPerPoll} | ${fmt(pollStats.median)} (min ${fmt(pollStats.min)}, max ${fmt(pollStats.max)}) | ${fmt(fullStats.median)} | ${fmt(panels.median)} |`,
      );
      results.push({ count, callsPerPoll, poll: pollStats, panels });
    } finally {
      await destroy(home);
      spawnSync('true');
    }
  }
  return results;
}
