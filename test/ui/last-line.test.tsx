/** SPEC 9: a failed row shows, after supervisord's reason, the last line its process wrote. */
import { afterEach, describe, expect, it } from 'vitest';
import { fakeSession, NOW, processes } from '../support/fake-session.js';
import { renderApp, type Rendered } from '../support/render-app.js';

let app: Rendered | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

const fatal = {
  statename: 'FATAL',
  pid: 0,
  stop: 1_799_999_000,
  spawnerr: 'Exited too quickly (process log may have details)',
};

describe('the reason on a failed row', () => {
  it('is supervisord’s reason, then the last line the process wrote; read once per failure', async () => {
    const session = fakeSession();
    session.daemon = { ...session.daemon, view: { ok: true, processes: processes({ mongodb: fatal }) } };
    session.lastLines.set('mongodb', 'ConnectionRefusedError: [Errno 111] Connection refused');
    let reads = 0;
    const read = session.readLastLines.bind(session);
    session.readLastLines = (names, onLine) => {
      reads += names.length;
      return read(names, onLine);
    };
    app = await renderApp(session, { color: false, columns: 140 });
    const frame = await app.waitFor((text) => text.includes('ConnectionRefusedError'), 'the last line');
    expect(frame.split('\n').find((line) => line.includes('mongodb'))).toMatch(
      /mongodb +sup +FATAL +Exited too quickly · ConnectionRefusedError: \[Errno 111\] Connection refused$/,
    );
    session.touch();
    await app.waitFor((text) => text.includes('ConnectionRefusedError'), 'still there');
    expect(reads).toBe(1);
  });

  it('reads again, at the next polls, a failure whose log said nothing yet: three times at most', async () => {
    const session = fakeSession();
    session.daemon = { ...session.daemon, view: { ok: true, processes: processes({ mongodb: fatal }) } };
    let reads = 0;
    const read = session.readLastLines.bind(session);
    session.readLastLines = (names, onLine) => {
      reads += names.length;
      return read(names, onLine);
    };
    let polls = 0;
    const poll = session.pollDaemon.bind(session);
    session.pollDaemon = (visible) => {
      polls += 1;
      return poll(visible);
    };
    app = await renderApp(session, { color: false, columns: 140, intervalMs: 20 });
    await app.waitFor(() => reads === 2, 'a second read');
    session.lastLines.set('mongodb', 'ConnectionRefusedError: [Errno 111] Connection refused');
    await app.waitFor((text) => text.includes('ConnectionRefusedError'), 'the line, read again');
    expect(reads).toBe(3);
    session.lastLines.clear();
    session.daemon = {
      ...session.daemon,
      view: { ok: true, processes: processes({ mongodb: { ...fatal, start: 1_799_999_400, stop: 1_799_999_500 } }) },
    };
    await app.waitFor(() => reads === 6, 'three reads of the next failure');
    const before = polls;
    await app.waitFor(() => polls >= before + 5, 'five more polls');
    expect(reads).toBe(6);
  });

  it('forgets the line once the process runs again', async () => {
    const session = fakeSession();
    session.daemon = { ...session.daemon, view: { ok: true, processes: processes({ mongodb: fatal }) } };
    session.lastLines.set('mongodb', 'ConnectionRefusedError: [Errno 111] Connection refused');
    app = await renderApp(session, { color: false, columns: 160, intervalMs: 20 });
    await app.waitFor((text) => text.includes('ConnectionRefusedError'), 'the last line');
    session.daemon = { ...session.daemon, view: { ok: true, processes: processes() } };
    const frame = await app.waitFor((text) => /mongodb +sup +RUNNING/.test(text), 'running again');
    expect(frame).not.toContain('ConnectionRefusedError');
  });
});

describe('restart history on the row', () => {
  const flapped = () => {
    const exits = [9, 6, 3].flatMap((minutes) => [
      { time: NOW - minutes * 60_000, process: 'collectd', kind: 'spawned' as const },
      { time: NOW - minutes * 60_000 + 500, process: 'collectd', kind: 'unexpected-exit' as const },
    ]);
    return [...exits, { time: NOW - 60_000, process: 'collectd', kind: 'spawned' as const }];
  };
  /** collectd in `state`, its run begun `minutes` ago. */
  const collectd = (state: string, minutes: number) => {
    const session = fakeSession();
    const start = NOW / 1000 - minutes * 60;
    const overrides = { collectd: { statename: state, start, pid: state === 'RUNNING' ? 104 : 0 } };
    session.runs(overrides);
    session.mainLog = flapped();
    return session;
  };
  const rowOf = (frame: string) => frame.split('\n').find((line) => line.includes('collectd')) ?? '';

  it('says when a process is flapping, from supervisord’s main log, even while it runs', async () => {
    app = await renderApp(collectd('RUNNING', 1), { color: false, columns: 140 });
    const frame = await app.waitFor((text) => text.includes('flapping'), 'the flapping row');
    expect(rowOf(frame)).toMatch(
      /collectd +sup +RUNNING +104 +1m +flapping · 3 unexpected exits and 4 starts in the last hour$/,
    );
  });

  it('drops flapping once the run has lasted the flapping window; a stopped row says no history', async () => {
    app = await renderApp(collectd('RUNNING', 11), { color: false, columns: 140 });
    const steady = await app.waitFor((text) => rowOf(text).includes('unexpected exits'), 'the history');
    expect(rowOf(steady)).toMatch(
      /collectd +sup +RUNNING +104 +11m +3 unexpected exits and 4 starts in the last hour$/,
    );
    app.unmount();
    const stopped = collectd('STOPPED', 1);
    stopped.mainLog.push({ time: NOW - 120_000, process: 'mongodb', kind: 'unexpected-exit' });
    app = await renderApp(stopped, { color: false, columns: 140 });
    // Once the history is read (mongodb says its exit), the stopped row says none of its own.
    await app.waitFor((text) => /mongodb .*1 unexpected exit/.test(text), 'the history read');
    expect(rowOf(app.frame())).toMatch(/collectd +sup +STOPPED$/);
  });
});
