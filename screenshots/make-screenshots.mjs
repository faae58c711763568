#!/usr/bin/env node
// npm run screenshots: drives the real canopsis-tui in tmux against a real supervisord on a private copy of
// the bundled home, and renders what the terminal shows (colours included) to SVG through @xterm/headless.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import headless from '@xterm/headless';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const socket = `ctui-shots-${process.pid}`;
const tmux = (...args) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// xterm's default 16 colours, on a dark background.
const PALETTE = ['#2e3436', '#cc0000', '#4e9a06', '#c4a000', '#3465a4', '#75507b', '#06989a', '#d3d7cf', '#555753', '#ef2929', '#8ae234', '#fce94f', '#729fcf', '#ad7fa8', '#34e2e2', '#eeeeec'];
const FG = '#d3d7cf';
const BG = '#1c1c1c';

function colour(mode, value, fallback) {
  if (mode === 0) return fallback;
  if (mode === 16777216 || mode === 33554432) return value < 16 ? PALETTE[value] : xterm256(value);
  return `#${value.toString(16).padStart(6, '0')}`;
}

function xterm256(n) {
  if (n >= 232) {
    const level = 8 + (n - 232) * 10;
    return `rgb(${level},${level},${level})`;
  }
  const k = n - 16;
  const steps = [0, 95, 135, 175, 215, 255];
  return `rgb(${steps[Math.floor(k / 36)]},${steps[Math.floor(k / 6) % 6]},${steps[k % 6]})`;
}

const escapeXml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Renders an ANSI screen (tmux capture-pane -e) to SVG, cell by cell. */
async function toSvg(ansi, cols, rows, title) {
  const term = new headless.Terminal({ cols, rows, allowProposedApi: true });
  await new Promise((resolve) => term.write(ansi.replace(/\n/g, '\r\n'), resolve));
  const cw = 8.4;
  const lh = 17;
  const parts = [];
  for (let y = 0; y < rows; y += 1) {
    const line = term.buffer.active.getLine(y);
    if (!line) continue;
    let run = null;
    const flush = () => {
      if (!run) return;
      if (run.bg !== BG) parts.push(`<rect x="${(run.x * cw).toFixed(1)}" y="${y * lh}" width="${(run.text.length * cw).toFixed(1)}" height="${lh}" fill="${run.bg}"/>`);
      if (run.text.trim()) {
        const style = `${run.bold ? ' font-weight="bold"' : ''}${run.dim ? ' opacity="0.6"' : ''}`;
        parts.push(`<text x="${(run.x * cw).toFixed(1)}" y="${y * lh + 13}" fill="${run.fg}"${style} xml:space="preserve">${escapeXml(run.text)}</text>`);
      }
      run = null;
    };
    for (let x = 0; x < cols; x += 1) {
      const cell = line.getCell(x);
      if (!cell || cell.getWidth() === 0) continue;
      let fg = colour(cell.getFgColorMode(), cell.getFgColor(), FG);
      let bg = colour(cell.getBgColorMode(), cell.getBgColor(), BG);
      if (cell.isInverse()) [fg, bg] = [bg === BG ? BG : bg, fg];
      const key = `${fg}|${bg}|${Boolean(cell.isBold())}|${Boolean(cell.isDim())}`;
      const char = cell.getChars() || ' ';
      if (run && run.key === key) run.text += char;
      else {
        flush();
        run = { key, fg, bg, bold: Boolean(cell.isBold()), dim: Boolean(cell.isDim()), x, text: char };
      }
    }
    flush();
  }
  const width = Math.ceil(cols * cw) + 16;
  const height = rows * lh + 16;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" rx="6" fill="${BG}"/>`,
    `<g transform="translate(8,8)" font-family="'DejaVu Sans Mono', Menlo, Consolas, monospace" font-size="14">`,
    ...parts,
    '</g>',
    '</svg>',
    '',
  ].join('\n');
}

async function shoot(name, title) {
  const [cols, rows] = tmux('display-message', '-p', '-t', 'shots', '#{pane_width} #{pane_height}').trim().split(' ').map(Number);
  const ansi = tmux('capture-pane', '-e', '-p', '-t', 'shots');
  fs.writeFileSync(path.join(here, `${name}.svg`), await toSvg(ansi, cols, rows, title));
  console.log(`screenshots/${name}.svg  ${cols}x${rows}  ${title}`);
}

async function waitFor(check, what, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const screen = tmux('capture-pane', '-p', '-t', 'shots');
    if (check(screen)) return screen;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const keys = (...list) => list.forEach((key) => tmux('send-keys', '-t', 'shots', key));

async function main() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'canopsis-shots-'));
  fs.cpSync(path.join(repo, 'etc'), path.join(home, 'etc'), { recursive: true });
  fs.mkdirSync(path.join(home, 'var/log'), { recursive: true });
  fs.mkdirSync(path.join(home, 'var/run'), { recursive: true });
  // A program in no stage whose helper moves to a session of its own, as Debian's rabbitmq-server's beam.smp
  // does: stopping it leaves the helper behind (the leftovers screen).
  fs.mkdirSync(path.join(home, 'bin'));
  fs.writeFileSync(path.join(home, 'bin/collector-helper.mjs'), 'process.title = "collector-helper";\nsetInterval(() => undefined, 1000);\n');
  fs.writeFileSync(path.join(home, 'bin/legacy-collector'), `#!/bin/sh\nsetsid node ${home}/bin/collector-helper.mjs &\nexec node ${home}/etc/demo/standin.mjs legacy-collector\n`, { mode: 0o755 });
  fs.writeFileSync(path.join(home, 'etc/supervisord.d/legacy-collector.conf'), `[program:legacy-collector]\ncommand=${home}/bin/legacy-collector\nautostart=true\nstartsecs=1\n`);
  const tui = `env CI=0 TERM=xterm-256color HOME=${home} ${path.join(repo, 'bin/canopsis-tui')} --home ${home} --interval 0.5`;
  tmux('new-session', '-d', '-s', 'shots', '-x', '100', '-y', '32', `${tui}; sleep 600`);
  try {
    await waitFor((s) => s.includes('FRONTEND') && /redis-server +lsb +STOPPED/.test(s), 'the first frame');
    keys('h');
    await waitFor((s) => s.includes('Whole platform'), 'the platform menu');
    keys('Enter');
    await waitFor((s) => s.includes('[y/N]'), 'the question');
    keys('y');
    await waitFor((s) => /MIDDLEWARE .*in progress/.test(s) && /collectd +sup +RUNNING/.test(s), 'the middle of stage 2');
    await shoot('startup', 'canopsis-tui: the platform starting, stage 2 (middleware) in progress');
    await waitFor((s) => s.includes('hypcontrol start: done'), 'the platform up');
    await sleep(1200);
    await shoot('all-up', 'canopsis-tui: every stage up');
    fs.writeFileSync(path.join(home, 'etc/demo/crash-engine-context-0'), '');
    keys('Tab', 'Down', 'Enter');
    await waitFor((s) => s.includes('▾ amqp2engines*'), 'the expanded engines');
    keys('Down', 'Down', 'Down', 'Down', 'Down', 'Down');
    await waitFor((s) => /›. +engine-context-0/.test(s), 'engine-context-0 selected');
    keys('r');
    await waitFor((s) => s.includes('[y/N]'), 'the question');
    keys('y');
    await waitFor((s) => /spawn error/.test(s) && /engine-context-0 +sup +(BACKOFF|FATAL)/.test(s), 'the failed engine', 40_000);
    await shoot('failed-engine', 'canopsis-tui: an engine that fails at start, with its reason');
    // The first screen of an incident: the panel opened anew, no key pressed.
    tmux('respawn-pane', '-k', '-t', 'shots', `${tui}; sleep 600`);
    const failureFirst = (s) => /›✖ +engine-context-0/.test(s) && s.includes('│ ');
    await waitFor(failureFirst, 'the first screen with the failure', 40_000);
    const during = 'canopsis-tui at launch during an incident';
    await shoot('first-screen', `${during}: the failure selected, its reason in full, no key pressed`);
    keys('l');
    await waitFor((s) => s.includes('── log: amqp2engines:engine-context-0') && s.includes('ConnectionRefusedError: [Errno'), 'the log screen');
    await shoot('log', "canopsis-tui: l on the failed engine: its log, followed, with its traceback");
    keys('Escape');
    await waitFor((s) => s.includes('── MIDDLEWARE'), 'the panels again');
    keys('?');
    await waitFor((s) => s.includes('Any key closes'), 'the help');
    await shoot('help', 'canopsis-tui: the keys (? overlay)');
    keys('Escape');
    const engine = path.join(home, 'etc/engines/perfdata.ini');
    const good = fs.readFileSync(engine, 'utf8');
    fs.writeFileSync(engine, `${good}stopsignal TERM\n`);
    await waitFor((s) => s.includes('perfdata.ini:'), 'the broken file named');
    await shoot('broken-file', 'canopsis-tui: a typo in one engine file, named at FILE:LINE; every process stays actionable');
    fs.writeFileSync(engine, good);
    await waitFor((s) => !s.includes('perfdata.ini:'), 'the repaired file');
    const ini = path.join(home, 'etc/canopsis-tui.ini');
    const settings = fs.readFileSync(ini, 'utf8');
    fs.writeFileSync(ini, `${settings}collectd = tcp://127.0.0.1:25826\n`);
    await waitFor((s) => /MIDDLEWARE {2}\d\/2 up, 1 not ready/.test(s) && /collectd +sup +NOT READY/.test(s), 'collectd not ready', 30_000);
    await shoot('not-ready', 'canopsis-tui: collectd runs but its readiness check fails: its own state, the reason, and the stage counts it');
    fs.writeFileSync(ini, settings);
    keys('End', 't');
    await waitFor((s) => s.includes('Stop legacy-collector? [y/N]'), 'the stop question');
    keys('y');
    await waitFor((s) => /legacy-collector +sup +LEFTOVERS/.test(s) && s.includes('(K kills)'), 'the leftovers', 30_000);
    await shoot('leftovers', 'canopsis-tui: a stop that left a process running, named with its pid; K kills it');
    keys('K');
    await waitFor((s) => s.includes('left running by a stop of legacy-collector? [y/N]'), 'the kill question');
    keys('y');
    await waitFor((s) => s.includes('legacy-collector: killed collector-helper'), 'the kill', 30_000);
    // Another operator, over SSH, restarts the webserver: the panel says so, and `a` lists who did what.
    execFileSync(path.join(repo, 'bin/service'), ['--home', home, 'webserver', 'restart'], { stdio: 'ignore', env: { ...process.env, SSH_CLIENT: '10.0.0.7 51234 22', SUDO_USER: 'alice' } });
    await waitFor((s) => s.includes('alice@10.0.0.7: restart webserver: ok'), 'the other operator’s action');
    keys('a');
    await waitFor((s) => s.includes('── actions on this home') && s.includes('restart webserver'), 'the history');
    await shoot('history', 'canopsis-tui: a, who did what on this home (any terminal, any command), newest first');
    keys('Escape');
    await waitFor((s) => s.includes('── MIDDLEWARE'), 'the panels again');
    tmux('send-keys', '-t', 'shots', '-l', '/alerts');
    await waitFor((s) => s.includes('filter: alerts_') && s.includes('engine-alerts-0'), 'the filter');
    await shoot('filter', 'canopsis-tui: / filters every panel by name; groups show their matching processes, counts stay');
    keys('Escape');
    await waitFor((s) => !s.includes('filter:'), 'the filter cleared');
    // An engine file added and collectd's changed: u shows what an update would do before doing it.
    fs.writeFileSync(path.join(home, 'etc/engines/dataquality.ini'), fs.readFileSync(engine, 'utf8').replaceAll('engine-perfdata', 'engine-dataquality'));
    const collectd = path.join(home, 'etc/supervisord.d/collectd.conf');
    fs.writeFileSync(collectd, fs.readFileSync(collectd, 'utf8').replace('--startup-ms 300', '--startup-ms 200'));
    await sleep(1200);
    keys('u');
    await waitFor((s) => s.includes('Apply these changes to supervisord? [y/N]'), 'the update preview');
    await shoot('update', 'canopsis-tui: u, what applying the changed files will do, group by group, before it is done');
    keys('n');
    await waitFor((s) => s.includes('Update cancelled'), 'the update cancelled');
    keys('Home', 'Tab', 'Down', 'Left');
    tmux('resize-window', '-t', 'shots', '-x', '80', '-y', '24');
    await sleep(800);
    await waitFor((s) => s.includes('▸ amqp2engines*'), 'the folded engines at 80x24');
    await shoot('80x24', 'canopsis-tui at 80x24');
    keys('q');
    await sleep(500);
  } finally {
    const quietly = (file, args) => {
      try {
        execFileSync(file, args, { stdio: 'ignore' });
      } catch {
        // Nothing left to stop.
      }
    };
    quietly(path.join(repo, 'bin/hypcontrol'), ['--home', home, 'stop']);
    quietly('tmux', ['-L', socket, 'kill-server']);
    quietly('pkill', ['-f', `${home}/`]);
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** The panel over three nodes, the third one's supervisord killed: rows of each node, the header's states. */
async function nodesShot() {
  const { makeNodes } = await import('../bench/nodes.mjs');
  const { destroy } = await import('../bench/lib.mjs');
  const nodes = await makeNodes({ engines: 2, numprocs: 2, programs: { mongodb: 0, webserver: 0 }, stages: 'BACKEND=(mongodb)\nMIDDLEWARE=("amqp2engines*")\nFRONTEND=(webserver)\n' });
  const home = nodes[0].home.home;
  tmux('new-session', '-d', '-s', 'shots', '-x', '100', '-y', '24', `env CI=0 TERM=xterm-256color ${path.join(repo, 'bin/canopsis-tui')} --home ${home} --interval 0.5; sleep 600`);
  try {
    execFileSync(path.join(repo, 'bin/hypcontrol'), ['--home', home, 'start', '--no-wait'], { stdio: 'ignore' });
    await waitFor((s) => s.includes('node3: running') && /webserver@core +sup +RUNNING/.test(s), 'the three nodes');
    keys('Down', 'Right');
    await waitFor((s) => s.includes('engine-1-1@node3'), 'the engines of every node');
    process.kill(Number(fs.readFileSync(path.join(nodes[2].home.home, 'var/run/supervisord.pid'), 'utf8')), 'SIGKILL');
    await waitFor((s) => s.includes('node3: connection refused') && /engine-1-1@node3 +sup +UNKNOWN/.test(s), 'node3 down');
    await shoot('nodes', 'canopsis-tui over three nodes: rows NAME@NODE, node3 killed and its rows UNKNOWN, the others live');
    keys('q');
    await sleep(500);
  } finally {
    try {
      execFileSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
    } catch {
      // Already gone.
    }
    for (const node of nodes) await destroy(node.home);
  }
}

main().then(nodesShot).catch((error) => {
  console.error(`screenshots: ${error.message}`);
  process.exitCode = 1;
});
