// Section 8: the panel over a bad SSH link. The panel runs in a pty (util-linux `script`), everything it
// writes is counted, and delivered to a virtual terminal (@xterm/headless) through a modelled link: a given
// rate in bytes per second and a delay each way, with a link buffer as deep as SSH's (nothing pushes back on
// the panel). Keys travel the other way with the same delay. Figures: bytes for one row changing state, one
// `j`, 80 cursor moves one every 33 ms, idle, and the lag after holding `j` for 3 s (the time from the last
// key sent to the screen showing where the cursor ended).
import { spawn } from 'node:child_process';
import path from 'node:path';
import headless from '@xterm/headless';
import { REPO, ctl, destroy, makeHome, sleep, startSupervisord } from './lib.mjs';

const COLS = 120;
const ROWS = 40;

/** The panel in a pty, its output counted and passed through a link of `rate` B/s and `delayMs` each way. */
export function startPanel(home, { rate = Infinity, delayMs = 0, command = path.join(REPO, 'bin/canopsis-tui') } = {}) {
  const term = new headless.Terminal({ cols: COLS, rows: ROWS, allowProposedApi: true });
  const env = 'CI=0 TERM=xterm-256color';
  const tui = `stty cols ${COLS} rows ${ROWS}; exec env ${env} ${command} --home ${home.home} --interval 1 --yes`;
  const child = spawn('script', ['-qfec', tui, '/dev/null'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const panel = { written: 0, delivered: 0, lastWriteAt: 0, lastArrival: 0, child, term };
  let linkFree = 0;
  child.stdout.on('data', (chunk) => {
    const now = performance.now();
    panel.written += chunk.length;
    panel.lastWriteAt = now;
    // The chunk leaves once the link has sent what was before it, and arrives delayMs after it left.
    const start = Math.max(now, linkFree);
    linkFree = start + (rate === Infinity ? 0 : (chunk.length / rate) * 1000);
    const arrival = linkFree + delayMs;
    panel.lastArrival = arrival;
    setTimeout(
      () => {
        panel.delivered += chunk.length;
        term.write(chunk);
      },
      Math.max(0, arrival - now),
    );
  });
  let keyArrives = 0;
  panel.send = (keys) => {
    keyArrives = performance.now() + delayMs;
    setTimeout(() => child.stdin.write(keys), delayMs);
  };
  panel.screen = () => {
    const buffer = term.buffer.active;
    const lines = [];
    for (let y = 0; y < ROWS; y += 1) lines.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
    return lines.join('\n');
  };
  panel.waitFor = async (test, timeoutMs = 30_000) => {
    const since = performance.now();
    while (!test(panel.screen())) {
      if (performance.now() - since > timeoutMs) throw new Error(`the screen never showed it:\n${panel.screen()}`);
      await sleep(5);
    }
    return performance.now();
  };
  /** Waits until the last key sent has arrived, nothing was written for `quietMs` since, and all of it arrived. */
  panel.settle = async (quietMs = 400) => {
    const quiet = () => performance.now() - Math.max(panel.lastWriteAt, keyArrives) >= quietMs;
    while (!quiet() || panel.delivered < panel.written) await sleep(10);
  };
  panel.stop = async () => {
    child.stdin.write('q');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  return panel;
}

/** The selected row: the one the panel marks with `›` (its NAME column). */
const selectedName = (screen) => /›\S? +(?:[▸▾] +)?(\S+)/.exec(screen)?.[1];

/** The panel started, its first full frame shown, then `setup` keys typed (to unfold a group). */
async function opened(home, { firstRow, setup = '', ...link }) {
  const panel = startPanel(home, link);
  try {
    await panel.waitFor((screen) => screen.includes(firstRow), 60_000);
    await panel.settle(1500);
    if (setup) {
      panel.send(setup);
      await panel.settle(1000);
    }
    return panel;
  } catch (error) {
    await panel.stop();
    throw error;
  }
}

export async function benchBytes(home, line, { probe, ...view }) {
  const panel = await opened(home, view);
  try {
    const idleFrom = panel.written;
    await sleep(10_000);
    const idle = panel.written - idleFrom;

    let before = panel.written;
    panel.send('j');
    await panel.settle();
    const oneJ = panel.written - before;
    panel.send('k');
    await panel.settle();

    before = panel.written;
    ctl(home, 'stop', probe);
    await panel.waitFor((screen) => new RegExp(`${probe} +\\S+ +STOPPED`).test(screen));
    await panel.settle();
    const rowChange = panel.written - before;
    ctl(home, 'start', probe);
    await panel.settle(1500);

    before = panel.written;
    for (let i = 0; i < 80; i += 1) {
      panel.send(i < 40 ? 'j' : 'k');
      await sleep(33);
    }
    await panel.settle();
    const moves = panel.written - before;
    line(`- idle for 10 s: ${idle} B`);
    line(`- one row changing state (${probe} stopped by supervisorctl): ${rowChange} B`);
    line(`- one \`j\`: ${oneJ} B`);
    line(`- 80 cursor moves (40 \`j\`, 40 \`k\`), one every 33 ms: ${(moves / 1000).toFixed(1)} KB`);
    return { idle, rowChange, oneJ, moves };
  } finally {
    await panel.stop();
  }
}

/** Holds `j` for 3 s (30 keys a second, as a key repeat sends them) on a slow link; the lag after release. */
export async function benchHeldKey(home, line, { rate = 8000, delayMs = 150, ...view }) {
  const panel = await opened(home, { rate, delayMs, ...view });
  try {
    const before = panel.written;
    let lastSent = 0;
    for (let i = 0; i < 90; i += 1) {
      panel.send('j');
      lastSent = performance.now();
      await sleep(33);
    }
    // The panel has the last key once the link delay has passed; then whatever it writes in answer.
    await sleep(delayMs + 300);
    await panel.settle();
    const lag = panel.lastArrival - lastSent;
    const bytes = panel.written - before;
    const link = `a ${rate / 1000} KB/s link, ${delayMs} ms each way`;
    const final = `${(lag / 1000).toFixed(2)} s after the last key was sent`;
    line(
      `- holding \`j\` 3 s (90 keys) on ${link}: ${(bytes / 1000).toFixed(1)} KB written, ` +
        `the screen final ${final} (selected: ${selectedName(panel.screen())})`,
    );
    return { lag, bytes };
  } finally {
    await panel.stop();
  }
}

/** Section 8 of npm run bench, on a home of `spec` (bench/run.mjs's PANEL_200); its goals through `goal`. */
export async function linkSection(line, goal, spec) {
  line('## 8. A bad SSH link: what the panel writes (in a pty, 120x40, 200 processes, the group unfolded)');
  const home = makeHome('link', spec);
  try {
    await startSupervisord(home);
    ctl(home, 'start', 'amqp2engines:*');
    ctl(home, 'start', 'probe');
    const view = { firstRow: '200/200', setup: 'j\u001b[C' };
    const bytes = await benchBytes(home, line, { probe: 'probe', ...view });
    const held = await benchHeldKey(home, line, view);
    goal('one row changing state ≤ 300 B', bytes.rowChange <= 300, `${bytes.rowChange} B`);
    goal('one `j` ≤ 200 B', bytes.oneJ <= 200, `${bytes.oneJ} B`);
    goal('80 cursor moves ≤ 16 KB', bytes.moves <= 16_000, `${(bytes.moves / 1000).toFixed(1)} KB`);
    goal('idle: 0 B', bytes.idle === 0, `${bytes.idle} B in 10 s`);
    const lag = `${(held.lag / 1000).toFixed(2)} s`;
    goal('held `j` 3 s on 8 KB/s, 150 ms each way: lag ≤ 0.5 s', held.lag <= 500, lag);
  } finally {
    await destroy(home);
  }
  line();
}
