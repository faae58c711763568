/** What the panel says once a row action has ended (SPEC 6): what happened and, on failure, why. */
import { describeProcesses, formatReadyAfter, type ActionResult } from '../model/outcomes.js';
import type { NameOnNode } from '../report/node-names.js';
import type { NodeResult } from './node-views.js';
import type { ActionRequest, Message } from './tui-state.js';

/** The message after a row action: what happened and, on failure, why. */
export function resultMessage(
  request: Extract<ActionRequest, { scope: 'row' }>,
  onNodes: readonly NodeResult[],
  name: NameOnNode,
): Message {
  const results: ActionResult[] = onNodes.map(({ node, ...result }) => ({ ...result, name: name(result.name, node) }));
  const failures = results.filter((result) => !result.ok);
  if (request.verb === 'kill' && failures.length === 0) {
    const killed = results.flatMap((result) => result.killed ?? []);
    return {
      level: 'ok',
      text: killed.length
        ? `${request.name}: killed ${describeProcesses(killed)}`
        : `${request.name}: nothing was left running`,
    };
  }
  if (failures.length > 0) {
    const first = failures[0]!;
    const more = failures.length > 1 ? ` (+${failures.length - 1} more failed)` : '';
    const who = first.name === request.name ? '' : `${first.name}: `;
    const kill = failures.some((result) => result.leftovers?.length) ? ' (K kills)' : '';
    return { level: 'error', text: `${request.verb} ${request.name}: ${who}${first.reason ?? 'failed'}${more}${kill}` };
  }
  const last = results.filter((result) => result.action === (request.verb === 'stop' ? 'stop' : 'start'));
  const ready = (result: ActionResult) =>
    result.readyAfterMs !== undefined ? `, ${formatReadyAfter(result.readyAfterMs)}` : '';
  if (last.length === 1)
    return {
      level: 'ok',
      text: `${last[0]!.name}: ${request.verb === 'restart' ? 'restarted' : last[0]!.outcome}${ready(last[0]!)}`,
    };
  if (request.verb === 'restart')
    return { level: 'ok', text: `${request.name}: ${last.length} restarted${request.massive ? ' at once' : ''}` };
  // "3 started, 12 already started": say what each process actually went through.
  const counts = new Map<string, number>();
  for (const result of last) counts.set(result.outcome, (counts.get(result.outcome) ?? 0) + 1);
  const order = ['started', 'stopped', 'already started', 'not running'];
  const parts = [...counts.entries()]
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([outcome, count]) => `${count} ${outcome}`);
  return { level: 'ok', text: `${request.name}: ${parts.join(', ')}${request.massive ? ' (at once)' : ''}` };
}
