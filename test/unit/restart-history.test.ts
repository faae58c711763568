import { describe, expect, it } from 'vitest';
import { histories, historyText, parseMainLog } from '../../src/core/restart-history.js';

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
    ...[8, 6, 4].flatMap((m) => [`${at(m, now)} INFO spawned: 'engine-context-0' with pid ${m}`, `${at(m, now)} WARN exited: engine-context-0 (exit status 3; not expected)`]),
    `${at(5, now)} INFO spawned: 'collectd' with pid 10`,
    `${at(5, now)} INFO success: collectd entered RUNNING state, process has stayed up for > than 1 seconds (startsecs)`,
    `${at(2, now)} INFO stopped: collectd (exit status 0)`,
    `${at(2, now)} INFO exited: webserver (exit status 0; expected)`,
    'a line cut in the middle',
  ].join('\n');

  it('counts the last hour’s starts and unexpected exits; three unexpected exits in ten minutes is flapping', () => {
    const byProcess = histories(parseMainLog(log), now);
    expect(byProcess.get('engine-context-0')).toEqual({ starts: 4, unexpectedExits: 4, flapping: true });
    expect(byProcess.get('collectd')).toEqual({ starts: 1, unexpectedExits: 0, flapping: false });
    expect(byProcess.has('webserver')).toBe(false);
    expect(historyText(byProcess.get('engine-context-0'))).toBe('4 unexpected exits and 4 starts in the last hour');
    expect(historyText(byProcess.get('collectd'))).toBeUndefined();
  });

  it('two exits in ten minutes are not flapping', () => {
    const byProcess = histories(parseMainLog(log), now + 3 * 60_000);
    expect(byProcess.get('engine-context-0')).toEqual({ starts: 4, unexpectedExits: 4, flapping: false });
  });
});
