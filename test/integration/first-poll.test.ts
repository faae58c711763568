/**
 * The panel's first poll leaves before the home is read: reading the home holds the event loop, so a request
 * only queued then would reach supervisord after it (~50 ms at 1000 processes, ~0.4 s of supervisord's work
 * waiting behind it). A listener in another process marks when the request reaches it; the test then holds
 * its own event loop, as the home's reading does, and the mark must come all the same.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { askFirstPoll } from '../../src/cli/wiring.js';

const LISTENER = `
const net = require('node:net'); const fs = require('node:fs');
const [socket, mark] = process.argv.slice(1);
const server = net.createServer((c) => c.once('data', () => fs.writeFileSync(mark, 'asked')));
server.listen(socket, () => console.log('ready'));
`;

let listener: ChildProcess | undefined;
let dir: string | undefined;
afterEach(() => {
  if (listener?.pid) process.kill(listener.pid, 'SIGKILL');
  listener = undefined;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("the panel's first poll", () => {
  it('is sent before the home is read, while its reading holds the event loop', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctui-first-poll-'));
    const socket = path.join(dir, 'supervisord.sock');
    const mark = path.join(dir, 'asked');
    fs.mkdirSync(path.join(dir, 'etc'));
    fs.writeFileSync(path.join(dir, 'etc/supervisord.conf'), `[supervisord]\n[unix_http_server]\nfile=${socket}\n`);
    const child = spawn(process.execPath, ['-e', LISTENER, socket, mark], { stdio: ['ignore', 'pipe', 'inherit'] });
    listener = child;
    await new Promise((resolve) => child.stdout!.once('data', resolve));

    const answers = await askFirstPoll(dir, { HOME: dir }, 5_000);
    expect(answers).toBeDefined();
    // Held as the home's reading holds it: nothing of this process runs until the mark is there (or 5 s).
    const until = Date.now() + 5_000;
    while (!fs.existsSync(mark) && Date.now() < until);
    expect(fs.existsSync(mark)).toBe(true);
  });
});
