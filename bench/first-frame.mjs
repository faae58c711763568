// The panel's first full frame, timed through a tmux control-mode client (`tmux -C`): tmux tells that client
// each time the pane is written to, and the client asks for the screen only then, over the same connection.
// The bench used to poll the screen instead, one `tmux capture-pane` process every 5 ms: on this 2-core
// machine that took CPU from the panel and supervisord while they worked. The same binary and 1000-process
// home read 1.0-2.8 s that way, against 0.74-0.86 s this way, in runs side by side.
import { spawn, spawnSync } from 'node:child_process';
import { measureTogether, sleep, stats } from './lib.mjs';

/** A control-mode client of tmux server `socket`, attached to a new session `session` of `width`x`height`. */
export async function controlClient(socket, session, width, height) {
  const child = spawn('tmux', ['-L', socket, '-C', 'new-session', '-s', session, 'sleep 86400'], {
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  let pending = '';
  let block; // the lines of the answer being read, and the %begin line's numbers that close it
  const answers = [];
  const listeners = new Set();
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text) => {
    pending += text;
    for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 1);
      if (block) {
        if (line === `%end ${block.id}` || line === `%error ${block.id}`) {
          answers.shift()?.({ ok: line.startsWith('%end'), text: block.lines.join('\n') });
          block = undefined;
        } else block.lines.push(line);
      } else if (line.startsWith('%begin ')) block = { id: line.slice('%begin '.length), lines: [] };
      else if (line.startsWith('%output ')) for (const listener of listeners) listener();
    }
  });
  let gone = false;
  // A client that ended (tmux missing, or its server gone) answers nothing more: what waits, fails.
  const end = (why) => {
    gone = true;
    for (const answer of answers.splice(0)) answer({ ok: false, text: why });
  };
  const exited = new Promise((resolve) =>
    child.on('close', (code) => {
      end(`the control client ended (${code})`);
      resolve(code);
    }),
  );
  child.on('error', (error) => end(error.message));
  /** One tmux command's answer (its lines); a command tmux refuses throws. */
  const command = (line) =>
    new Promise((resolve, reject) => {
      if (gone) return reject(new Error(`tmux ${line}: the control client ended`));
      answers.push(({ ok, text }) => (ok ? resolve(text) : reject(new Error(`tmux ${line}: ${text}`))));
      child.stdin.write(`${line}\n`);
    });
  // The session's first answer (to new-session itself) comes unasked; a command sent now is answered after it.
  answers.push(() => undefined);
  await command(`refresh-client -C ${width}x${height}`);
  return {
    command,
    /** Calls `listener` whenever a pane gets output, until the returned function is called. */
    onOutput(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      child.stdin.end();
      child.kill();
      await Promise.race([exited, sleep(2000)]);
    },
  };
}

/**
 * Starts `shellCommand` in a new window `target` (SESSION:NAME) of the control client's session, and times
 * from then until the window's screen matches `full`; throws after `limitMs`, with the screen as it was.
 */
export async function timeFirstFrame(control, target, shellCommand, full, limitMs = 30_000) {
  const [session, name] = target.split(':');
  let screen = '';
  let checking = false;
  let again = false;
  let done;
  const framed = new Promise((resolve) => (done = resolve));
  const check = async () => {
    if (checking) return void (again = true);
    checking = true;
    try {
      do {
        again = false;
        screen = await control.command(`capture-pane -p -t ${target}`);
        if (full.test(screen)) return done(performance.now());
      } while (again);
    } finally {
      checking = false;
    }
  };
  const stop = control.onOutput(() => void check().catch(() => undefined));
  const launched = performance.now();
  try {
    await control.command(`new-window -n ${name} -t ${session}: '${shellCommand}'`);
    const limit = sleep(limitMs).then(() => undefined);
    const at = await Promise.race([framed, limit]);
    if (at === undefined) throw new Error(`no full frame in ${limitMs / 1000} s; screen:\n${screen}`);
    return at - launched;
  } finally {
    stop();
  }
}

/**
 * NODE_EXTRA_CA_CERTS makes node read and parse that bundle before any script runs, the panel's and
 * `node -e 0`'s alike, and a host without it does not pay that. When it is set, the first frame again without
 * it (`launches` launches, each ended), and node -e 0 without it: the ratio a host without it would see.
 */
export async function withoutExtraCerts(control, target, shellCommand, full, launches) {
  if (!process.env.NODE_EXTRA_CA_CERTS) return undefined;
  const frames = [];
  for (let launch = 0; launch < launches; launch += 1) {
    frames.push(await timeFirstFrame(control, target, `env -u NODE_EXTRA_CA_CERTS ${shellCommand}`, full));
    await control.command(`kill-window -t ${target}`);
    await sleep(500);
  }
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  const { floor } = measureTogether({ floor: () => spawnSync(process.execPath, ['-e', '0'], { env }) });
  return { frames: stats(frames), floor };
}
