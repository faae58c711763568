// Sections 4 and 5: the TUI in tmux against a real supervisord (200 or 1000 processes): its first frame, its
// CPU, bytes and memory while idle, supervisord's own CPU meanwhile (from /proc), and a keypress's latency.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO, ctl, fmt, fmtStats, sleep, stats } from './lib.mjs';
import { controlClient, timeFirstFrame, withoutExtraCerts } from './first-frame.mjs';
import { createSupervisorClient } from '../dist/adapters/supervisor-client.js';
import { readSupervisordConfig } from '../dist/core/config/supervisord-config.js';
import { daemonReadOptions, fileConfigSource } from '../dist/adapters/config-files.js';

const TICKS = 100; // USER_HZ
const IDLE_SECONDS = 60;
/** Launches of the panel for its first frame: one to warm up, then the median of the others. */
const FRAME_LAUNCHES = 4;
/** The panel's window in the bench's tmux session. */
const PANE = 'b:p';

function cpuTicks(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

export async function benchTui(home, line, count = 200, command = path.join(REPO, 'bin/canopsis-tui')) {
  const client = createSupervisorClient(
    readSupervisordConfig(fileConfigSource, home.conf, daemonReadOptions(home.home, process.env)).access,
  );
  const socket = `ctui-bench-${process.pid}`;
  const log = path.join(os.tmpdir(), `${socket}.out`);
  const tmux = (...args) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  const size = () => (fs.existsSync(log) ? fs.statSync(log).size : 0);
  const full = new RegExp(`amqp2engines\\* +glob +RUNNING +${count}/${count} running`);
  const panel = `env CI=0 TERM=xterm-256color ${command} --home ${home.home} --interval 1 --yes; sleep 600`;
  const control = await controlClient(socket, 'b', 100, 40);
  try {
    // A median after warm-up, as every figure here: the first launch may find the binary's pages gone (this
    // machine's kernel pages idle memory out, DAMON), and is said apart. The last launch stays for the rest.
    const launches = [];
    for (let warm = 0; warm < FRAME_LAUNCHES - 1; warm += 1) {
      launches.push(await timeFirstFrame(control, PANE, panel, full));
      await control.command(`kill-window -t ${PANE}`);
      await sleep(500);
    }
    const bare = await withoutExtraCerts(control, PANE, panel, full, FRAME_LAUNCHES - 1);
    launches.push(await timeFirstFrame(control, PANE, panel, full));
    tmux('pipe-pane', '-o', '-t', PANE, `cat >> ${log}`);
    const frames = stats(launches.slice(1));
    const firstFrame = frames.median;
    const pid = Number(
      spawnSync('pgrep', ['-f', `canopsis-tui --home ${home.home}`], { encoding: 'utf8' })
        .stdout.trim()
        .split('\n')
        .at(-1),
    );
    await sleep(3000);

    // Idle: every process running, nothing changing but the clock. The uptime column is coarse (minutes) and
    // the screen's clock moves in 10 s steps: a row's uptime text changes at the first step after it crosses a
    // minute, and is drawn within a second of it. Bytes written then are that change; any other byte is noise.
    const starts = (await client.getAllProcessInfo()).filter((p) => p.statename === 'RUNNING').map((p) => p.start);
    const samples = [];
    const daemon = Number(fs.readFileSync(path.join(home.home, 'var/run/supervisord.pid'), 'utf8').trim());
    const daemonTicks0 = cpuTicks(daemon);
    const ticks0 = cpuTicks(pid);
    const t0 = Date.now();
    // Resident memory moves with each collection: read every 250 ms, its highest is what "stays under" means.
    const resident = [];
    while (Date.now() - t0 < IDLE_SECONDS * 1000) {
      samples.push({ at: Date.now(), bytes: size() });
      resident.push(rssMb(pid));
      await sleep(250);
    }
    samples.push({ at: Date.now(), bytes: size() });
    const cpuPercent = ((cpuTicks(pid) - ticks0) / TICKS / ((Date.now() - t0) / 1000)) * 100;
    const daemonCpuPercent = ((cpuTicks(daemon) - daemonTicks0) / TICKS / ((Date.now() - t0) / 1000)) * 100;
    const minuteMarks = new Set();
    for (const start of starts)
      for (let k = 1; k < 1000; k += 1) {
        const mark = Math.ceil(((start + 60 * k) * 1000) / 10_000) * 10_000;
        if (mark > t0 + IDLE_SECONDS * 1000) break;
        if (mark >= t0) minuteMarks.add(mark);
      }
    let changeBytes = 0;
    let idleBytes = 0;
    for (let i = 1; i < samples.length; i += 1) {
      const delta = samples[i].bytes - samples[i - 1].bytes;
      const nearMark = [...minuteMarks].some((mark) => samples[i].at >= mark && samples[i].at <= mark + 1750);
      if (nearMark) changeBytes += delta;
      else idleBytes += delta;
    }
    const rss = stats(resident);

    // Keypress to supervisord: `s` on the stopped probe row (selected first), timed until supervisord has it.
    const latencies = [];
    for (let trial = 0; trial < 5; trial += 1) {
      ctl(home, 'stop', 'probe');
      await sleep(2500);
      const sent = performance.now();
      tmux('send-keys', '-t', PANE, 's');
      for (;;) {
        const info = await client.getProcessInfo('probe');
        if (info.statename !== 'STOPPED') break;
        if (performance.now() - sent > 10_000) throw new Error('the keypress never reached supervisord');
      }
      latencies.push(performance.now() - sent);
    }
    const keypress = stats(latencies);
    tmux('send-keys', '-t', PANE, 'q');

    line(
      `- launch to the first full frame: ${fmtStats(frames)}, after a first launch ` +
        `(the binary's pages may be cold) of ${fmt(launches[0])}`,
    );
    if (bare)
      line(
        `- this machine sets NODE_EXTRA_CA_CERTS, which node loads at start; without it: ${fmtStats(bare.frames)}, ` +
          `node -e 0 ${fmtStats(bare.floor)}: ${(bare.frames.median / bare.floor.median).toFixed(1)}x node -e 0`,
      );
    line(`- CPU over ${IDLE_SECONDS} s idle: ${cpuPercent.toFixed(2)}% of one core`);
    line(
      `- supervisord's own CPU over the same ${IDLE_SECONDS} s (/proc/PID/stat): ${daemonCpuPercent.toFixed(2)}% of one core`,
    );
    line(
      `- bytes written to the terminal: ${idleBytes} B while nothing changed; ${changeBytes} B for ${minuteMarks.size} change(s) of the minute-grained uptime column (${(idleBytes / IDLE_SECONDS).toFixed(1)} B/s idle)`,
    );
    line(
      `- resident memory over the idle minute: ${rss.median.toFixed(0)} MB median ` +
        `(min ${rss.min.toFixed(0)}, max ${rss.max.toFixed(0)} MB, n=${rss.n})`,
    );
    line(
      `- keypress to the action reaching supervisord: ${fmtStats(keypress)} (measured through tmux send-keys and XML-RPC polling)`,
    );
    return { cpuPercent, daemonCpuPercent, idleBytes, idleSeconds: IDLE_SECONDS, rssMb: rss.max, firstFrame, keypress };
  } finally {
    await control.close();
    spawnSync('tmux', ['-L', socket, 'kill-server']);
    fs.rmSync(log, { force: true });
  }
}
