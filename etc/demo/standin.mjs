#!/usr/bin/env node
// A stand-in daemon for the bundled demo home: logs like a service, stops cleanly on SIGTERM, and can be
// told to crash (--crash, CANOPSIS_DEMO_CRASH=name[,name...], or a file etc/demo/crash-NAME).
// With --port N it opens 127.0.0.1:N (answering HTTP 200) only once its --startup-ms have passed, as a
// broker or a database accepts connections a while after its process has started.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [name = 'standin', ...rest] = process.argv.slice(2);
const option = (flag, fallback) => {
  const at = rest.indexOf(flag);
  return at === -1 ? fallback : Number(rest[at + 1]);
};
const startupMs = option('--startup-ms', 300);
const heartbeatMs = option('--heartbeat-ms', 5000);
const port = option('--port', 0);
const here = path.dirname(fileURLToPath(import.meta.url));
const crashList = (process.env.CANOPSIS_DEMO_CRASH ?? '').split(',').map((item) => item.trim()).filter(Boolean);
const mustCrash = rest.includes('--crash') || crashList.some((item) => name === item || name.startsWith(`${item}-`)) || fs.existsSync(path.join(here, `crash-${name}`));

const log = (message) => process.stdout.write(`${new Date().toISOString()} ${name}[${process.pid}]: ${message}\n`);

log('starting');
if (mustCrash) {
  // What a Canopsis engine prints when the broker refuses it: a Python traceback on stderr.
  process.stderr.write(
    [
      `${new Date().toISOString()} ${name}[${process.pid}]: connecting to amqp://cpsrabbit@localhost:5672/canopsis (told to crash)`,
      'Traceback (most recent call last):',
      '  File "/opt/canopsis/lib/python3.9/site-packages/canopsis/engines/core.py", line 181, in connect',
      '    self.amqp.connect()',
      '  File "/opt/canopsis/lib/python3.9/site-packages/kombu/connection.py", line 275, in connect',
      '    return self._ensure_connection(max_retries=1, reraise_as_library_errors=False)',
      'ConnectionRefusedError: [Errno 111] Connection refused',
      '',
    ].join('\n'),
  );
  process.exitCode = 3;
} else {
  let events = 0;
  const server = http.createServer((request, response) => response.end(`${name} ok\n`));
  server.on('error', (error) => {
    process.stderr.write(`${new Date().toISOString()} ${name}[${process.pid}]: FATAL cannot listen on 127.0.0.1:${port}: ${error.code ?? error.message}\n`);
    process.exit(4);
  });
  setTimeout(() => {
    if (port > 0) server.listen(port, '127.0.0.1', () => log(`ready, accepting connections on 127.0.0.1:${port}`));
    else log('ready');
  }, startupMs);
  const beat = setInterval(() => {
    events += Math.floor(Math.random() * 50);
    log(`processed ${events} events`);
  }, heartbeatMs);
  const stop = (signal) => {
    log(`received ${signal}, stopping`);
    clearInterval(beat);
    server.close();
    setTimeout(() => {
      log('stopped');
      process.exit(0);
    }, 100);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
