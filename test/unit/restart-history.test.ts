import { describe, expect, it } from 'vitest';
import { histories, historyText, parseMainLog } from '../../src/core/report/restart-history.js';
import { readLastHourOfMainLog } from '../../src/control/service-status.js';
import { fakeSupervisor } from '../support/fakes.js';

const at = (minutesAgo: number, now: number) => {
  const d = new Date(now - minutesAgo * 60_000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())},${pad(d.getMilliseconds(), 3)}`;
};

describe("restart history from supervisord's main log", () => {
  const now = new Date(2026, 10, 26, 12, 0, 0).getTime();
  const log = [
    `${at(90, now)} INFO spawned: 'engine-context-0' with pid 1`,
    `${at(90, now)} WARN exited: engine-context-0 (exit status 3; not expected)`,
    `${at(30, now)} INFO spawned: 'engine-context-0' with pid 2`,
    `${at(30, now)} WARN exited: engine-context-0 (exit status 3; not expected)`,
    ...[8, 6, 4].flatMap((m) => [
      `${at(m, now)} INFO spawned: 'engine-context-0' with pid ${m}`,
      `${at(m, now)} WARN exited: engine-context-0 (exit status 3; not expected)`,
    ]),
    `${at(5, now)} INFO spawned: 'collectd' with pid 10`,
    `${at(5, now)} INFO success: collectd entered RUNNING state, process has stayed up for > than 1 seconds (startsecs)`,
    `${at(2, now)} INFO stopped: collectd (exit status 0)`,
    `${at(2, now)} INFO exited: webserver (exit status 0; expected)`,
    `${at(1, now)} WARN exited: mongodb (terminated by SIGKILL; not expected)`,
    'a line cut in the middle',
  ].join('\n');

  it('counts the last hour’s starts and unexpected exits; three unexpected exits in ten minutes is flapping', () => {
    const byProcess = histories(parseMainLog(log), now);
    expect(byProcess.get('engine-context-0')).toEqual({
      starts: 4,
      unexpectedExits: 4,
      flapping: true,
      lastExit: 'exit status 3',
    });
    expect(byProcess.get('collectd')).toEqual({ starts: 1, unexpectedExits: 0, flapping: false });
    expect(byProcess.has('webserver')).toBe(false);
    expect(historyText(byProcess.get('engine-context-0'))).toBe(
      '4 unexpected exits (last: exit status 3) and 4 starts in the last hour',
    );
    // How an unexpected exit ended, when supervisord's log says it.
    expect(historyText(byProcess.get('mongodb'))).toBe(
      '1 unexpected exit (terminated by SIGKILL) and 0 starts in the last hour',
    );
    expect(historyText(byProcess.get('collectd'))).toBeUndefined();
  });

  it('reads only the processes wanted, when told which: the same history for those', () => {
    const events = parseMainLog(log, new Set(['mongodb', 'engine-context-0']));
    expect(new Set(events.map((event) => event.process))).toEqual(new Set(['mongodb', 'engine-context-0']));
    expect(histories(events, now).get('engine-context-0')).toEqual(
      histories(parseMainLog(log), now).get('engine-context-0'),
    );
  });

  it('two exits in ten minutes are not flapping', () => {
    const byProcess = histories(parseMainLog(log), now + 3 * 60_000);
    expect(byProcess.get('engine-context-0')).toMatchObject({ starts: 4, unexpectedExits: 4, flapping: false });
  });
});

describe('reading back as far as the hour needs', () => {
  const now = new Date(2026, 10, 26, 12, 0, 0).getTime();
  // 11 spawns in the last hour, each followed by 40 KB of other lines: 440 KB, past one 256 KB read.
  const noise = (minutesAgo: number) =>
    Array.from(
      { length: 400 },
      () => `${at(minutesAgo, now)} INFO success: other-${'x'.repeat(40)} entered RUNNING state`,
    );
  const lines = Array.from({ length: 11 }, (_, i) => [
    `${at(55 - i * 5, now)} INFO spawned: 'engine-che-0' with pid ${i + 1}`,
    ...noise(55 - i * 5),
  ]).flat();
  const text = [`${at(70, now)} INFO older line`, ...lines, ''].join('\n');
  const supervisor = fakeSupervisor({
    readMainLog: (offset) =>
      Promise.resolve(
        Buffer.from(text)
          .subarray(Math.max(0, Buffer.byteLength(text) + offset))
          .toString(),
      ),
  });

  it('counts all 11 spawns of the hour, where the last 256 KB alone holds fewer', async () => {
    const tail = Buffer.from(text)
      .subarray(Buffer.byteLength(text) - 262_144)
      .toString();
    expect(histories(parseMainLog(tail), now).get('engine-che-0')!.starts).toBeLessThan(11);
    const read = await readLastHourOfMainLog(supervisor, now);
    expect(histories(parseMainLog(read!), now).get('engine-che-0')!.starts).toBe(11);
    expect(supervisor.calls).toEqual(['readMainLog', 'readMainLog']);
  });

  it('stops at 4 MB whatever the log holds', async () => {
    const calls: number[] = [];
    const busy = fakeSupervisor({
      readMainLog: (offset) => (
        calls.push(offset),
        Promise.resolve(`${at(1, now)} INFO x\n`.repeat(Math.ceil(-offset / 30)))
      ),
    });
    await readLastHourOfMainLog(busy, now);
    expect(calls).toEqual([-262_144, -1_048_576, -4_194_304]);
  });
});
