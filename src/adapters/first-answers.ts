/**
 * supervisord's first answers, asked as the panel starts: the main file alone says where supervisord
 * listens, so its answer to the first poll (getAllProcessInfo: ~0.4 s of supervisord's time at 1000
 * processes) is on its way while the rest of the home is read and the screen loads. The client made later
 * for the same address and credentials takes each answer once, for the very same call, instead of asking
 * again (`ClientOptions.firstAnswers`). An answer not taken soon is dropped: it would be stale.
 */
import type { ServerAccess } from '../core/config/server-access.js';
import type { XmlRpcValue } from './xmlrpc-codec.js';
import { faultError } from '../core/model/supervisor-error.js';

/** How long an answer asked early may stand for a call. */
const FRESH_MS = 2000;

export interface FirstAnswers {
  /** The answer asked early for `method(params)` at `access`, once; undefined when there is none. */
  take(access: ServerAccess, method: string, params: XmlRpcValue[]): Promise<XmlRpcValue> | undefined;
}

type Call = (method: string, params: XmlRpcValue[]) => Promise<XmlRpcValue>;

const keyOf = (access: ServerAccess, method: string, params: XmlRpcValue[]) =>
  JSON.stringify([access.url, access.username, access.password, method, params]);

/** One answer of a multicall: the value itself, or a {faultCode, faultString} struct. */
function answerOf(result: XmlRpcValue | undefined): XmlRpcValue {
  if (result && typeof result === 'object' && !Array.isArray(result) && 'faultCode' in result)
    throw faultError(Number(result.faultCode), String(result.faultString ?? ''));
  return result as XmlRpcValue;
}

/**
 * Asks `calls` of the supervisord at `access` through `call`, in one request (`system.multicall`: supervisord
 * runs them in that order, as the poll asks them, with nothing in between; one request, so the panel's
 * reading of its files, which holds its event loop, delays no second one); what they answer waits for `take`.
 */
export function askFirst(
  access: ServerAccess,
  calls: Array<[string, XmlRpcValue[]]>,
  call: Call,
  now: () => number = Date.now,
): FirstAnswers {
  const asked = now();
  const all = call('system.multicall', [calls.map(([methodName, params]) => ({ methodName, params }))]) as Promise<
    XmlRpcValue[]
  >;
  const answers = new Map<string, Promise<XmlRpcValue>>();
  calls.forEach(([method, params], index) => {
    const answer = all.then((results) => answerOf(results[index]));
    // A failure is the taker's to report; one never taken is nobody's.
    answer.catch(() => undefined);
    answers.set(keyOf(access, method, params), answer);
  });
  return {
    take(at, method, params) {
      const key = keyOf(at, method, params);
      const answer = answers.get(key);
      answers.delete(key);
      return answer && now() - asked < FRESH_MS ? answer : undefined;
    },
  };
}
