import { nameAlone } from '../../src/core/report/node-names.js';
import { describe, expect, it } from 'vitest';
import {
  formatStatusLines,
  formatUptime,
  rowFromProcessInfo,
  statusExitCode,
  unknownRow,
} from '../../src/core/report/status.js';
import { formatActionResult } from '../../src/core/model/outcomes.js';
import { info } from '../support/fakes.js';

describe('status rows and lines', () => {
  it('formats uptimes as supervisorctl does', () => {
    expect([formatUptime(5), formatUptime(3725), formatUptime(90_061), formatUptime(200_000)]).toEqual([
      '0:00:05',
      '1:02:05',
      '1 day, 1:01:01',
      '2 days, 7:33:20',
    ]);
  });

  it('aligns name, state and facts', () => {
    const rows = [
      rowFromProcessInfo(
        'amqp2engines:engine-alerts-0',
        info('amqp2engines', 'engine-alerts-0', 'RUNNING', { pid: 42, start: 100, now: 165 }),
      ),
      rowFromProcessInfo(
        'webserver',
        info('webserver', 'webserver', 'FATAL', { spawnerr: 'Exited too quickly (process log may have details)' }),
      ),
      rowFromProcessInfo(
        'collectd',
        info('collectd', 'collectd', 'EXITED', { exitstatus: 2, start: 1 }),
        'loaded but removed from config',
      ),
    ];
    expect(formatStatusLines(rows)).toEqual([
      'amqp2engines:engine-alerts-0     RUNNING    pid 42, uptime 0:01:05',
      'webserver                        FATAL      Exited too quickly (process log may have details)',
      'collectd                         EXITED     exit status 2; loaded but removed from config',
    ]);
  });

  it('maps rows to status exit codes: 0 all running, 3 some not, 4 any unknown', () => {
    const running = rowFromProcessInfo('a', info('a', 'a', 'RUNNING', { pid: 1 }));
    const stopped = rowFromProcessInfo('b', info('b', 'b', 'STOPPED'));
    expect(statusExitCode([running])).toBe(0);
    expect(statusExitCode([running, stopped])).toBe(3);
    expect(statusExitCode([stopped, unknownRow('c', 'supervisord', 'down')])).toBe(4);
  });

  it('writes action lines like supervisorctl', () => {
    expect(
      formatActionResult({
        name: 'x',
        kind: 'supervisord',
        action: 'start',
        ok: false,
        outcome: 'failed',
        reason: 'spawn error: boom',
      }),
    ).toBe('x: ERROR (spawn error: boom)');
    expect(formatActionResult({ name: 'x', kind: 'lsb', action: 'stop', ok: true, outcome: 'not running' })).toBe(
      'x: not running',
    );
  });
});

describe('resultMessage', () => {
  it('says what each process went through', async () => {
    const { resultMessage } = await import('../../src/core/panel/result-message.js');
    const request = {
      scope: 'row' as const,
      verb: 'start' as const,
      massive: true,
      rowKey: 'k',
      name: 'amqp2engines*',
      targets: [],
      startsDaemon: false,
    };
    const ok = (name: string, outcome: 'started' | 'already started') => ({
      node: 'local',
      name,
      kind: 'supervisord' as const,
      action: 'start' as const,
      ok: true,
      outcome,
    });
    expect(
      resultMessage(request, [ok('a', 'started'), ok('b', 'already started'), ok('c', 'already started')], nameAlone),
    ).toEqual({ level: 'ok', text: 'amqp2engines*: 1 started, 2 already started (at once)' });
    const bad = {
      node: 'local',
      name: 'b',
      kind: 'supervisord' as const,
      action: 'start' as const,
      ok: false,
      outcome: 'failed' as const,
      reason: 'spawn error: boom',
    };
    expect(resultMessage(request, [ok('a', 'started'), bad, { ...bad, name: 'c' }], nameAlone)).toEqual({
      level: 'error',
      text: 'start amqp2engines*: b: spawn error: boom (+1 more failed)',
    });
  });
});
