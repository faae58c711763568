/** Answers asked before the client exists: asked in one multicall, in order, each taken once by the same call, soon. */
import { describe, expect, it } from 'vitest';
import { askFirst } from '../../src/adapters/first-answers.js';
import type { ServerAccess } from '../../src/core/config/server-access.js';
import type { XmlRpcValue } from '../../src/adapters/xmlrpc-codec.js';

const ACCESS: ServerAccess = {
  url: { kind: 'unix', path: '/h/var/run/supervisord.sock' },
  username: 'u',
  password: 'p',
};
const CALLS: Array<[string, XmlRpcValue[]]> = [
  ['supervisor.readLog', [-512, 0]],
  ['supervisor.getAllProcessInfo', []],
];

/** A supervisord's multicall: each call's answer, or a fault struct for a method named `fault`. */
function daemon(fails?: Error) {
  const asked: Array<[string, XmlRpcValue[]]> = [];
  const call = async (method: string, params: XmlRpcValue[]) => {
    asked.push([method, params]);
    if (fails) throw fails;
    const calls = params[0] as Array<{ methodName: string }>;
    return calls.map(({ methodName }) =>
      methodName === 'fault' ? { faultCode: 10, faultString: 'BAD_NAME: x' } : `${methodName} answered`,
    );
  };
  return { asked, call };
}

describe('askFirst', () => {
  it('asks every call in one multicall, in order, and gives each answer once, to the same call only', async () => {
    const { asked, call } = daemon();
    const first = askFirst(ACCESS, CALLS, call, () => 0);
    expect(asked).toEqual([
      [
        'system.multicall',
        [
          [
            { methodName: 'supervisor.readLog', params: [-512, 0] },
            { methodName: 'supervisor.getAllProcessInfo', params: [] },
          ],
        ],
      ],
    ]);
    expect(first.take(ACCESS, 'supervisor.getAllProcessInfo', [1])).toBeUndefined();
    expect(first.take({ ...ACCESS, password: 'other' }, 'supervisor.readLog', [-512, 0])).toBeUndefined();
    await expect(first.take(ACCESS, 'supervisor.readLog', [-512, 0])).resolves.toBe('supervisor.readLog answered');
    expect(first.take(ACCESS, 'supervisor.readLog', [-512, 0])).toBeUndefined();
    await expect(first.take(ACCESS, 'supervisor.getAllProcessInfo', [])).resolves.toBe(
      'supervisor.getAllProcessInfo answered',
    );
  });

  it("gives a call's fault, or the request's failure, to its taker; drops an answer not taken within 2 s", async () => {
    let clock = 0;
    const first = askFirst(ACCESS, [['fault', []], ...CALLS], daemon().call, () => clock);
    await expect(first.take(ACCESS, 'fault', [])).rejects.toThrow('supervisord fault BAD_NAME: BAD_NAME: x');
    clock = 2000;
    expect(first.take(ACCESS, 'supervisor.readLog', [-512, 0])).toBeUndefined();
    const down = askFirst(ACCESS, CALLS, daemon(new Error('connection refused')).call, () => 0);
    await expect(down.take(ACCESS, 'supervisor.getAllProcessInfo', [])).rejects.toThrow('connection refused');
  });
});
