/** What a supervisord's last answers say of its state, so that a check before an action can cost nothing. */
/** How recent an answer says supervisord is RUNNING without asking it again (its getState). */
const RUNNING_SEEN_MS = 1000;
/** Calls supervisord answers in every state; any other is refused unless it is RUNNING (SHUTDOWN_STATE). */
const ANY_STATE = new Set(['supervisor.getState', 'supervisor.shutdown', 'supervisor.getPID']);
/** A monotonic clock in ms (`performance.now()` would load perf_hooks, ten modules, into every `service`). */
const nowMs = () => process.uptime() * 1000;

/**
 * supervisord answers a call about processes only while RUNNING: such an answer a moment ago is its state
 * now, and the check before an action (a getState) costs no round trip to a far node. Forgotten at once on
 * a failure or a shutdown.
 */
export function runningSeen(now: () => number = nowMs) {
  let at = -Infinity;
  return {
    answered(method: string, value: unknown) {
      const running = (value as { statename?: unknown } | null)?.statename === 'RUNNING';
      if (!ANY_STATE.has(method) || (method === 'supervisor.getState' && running)) at = now();
    },
    failed() {
      at = -Infinity;
    },
    state: () => (now() - at < RUNNING_SEEN_MS ? Promise.resolve({ statecode: 1, statename: 'RUNNING' }) : undefined),
  };
}
