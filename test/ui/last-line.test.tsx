/** SPEC 9: a failed row shows, after supervisord's reason, the last line its process wrote. */
import { afterEach, describe, expect, it } from 'vitest';
import { fakeSession, processes } from '../support/fake-session.js';
import { renderApp, type Rendered } from '../support/render-app.js';

let app: Rendered | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

const fatal = { statename: 'FATAL', pid: 0, stop: 1_799_999_000, spawnerr: 'Exited too quickly (process log may have details)' };

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
    expect(frame.split('\n').find((line) => line.includes('mongodb'))).toMatch(/mongodb +sup +FATAL +Exited too quickly · ConnectionRefusedError: \[Errno 111\] Connection refused$/);
    session.touch();
    await app.waitFor((text) => text.includes('ConnectionRefusedError'), 'still there');
    expect(reads).toBe(1);
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
