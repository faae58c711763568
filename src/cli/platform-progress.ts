/**
 * Prints platform events as the original hypcontrol did (`Starting backend: rabbitmq-server ok, ...`),
 * each service with ok or KO, each stage with its time: live on a terminal, whole lines when piped,
 * JSON lines with --json.
 */
import type { OnNode, PlatformEvent, ServiceOutcome } from '../control/platform.js';
import { nameAlone, type NameOnNode } from '../core/report/node-names.js';
import { formatActionResult, formatReadyAfter, type ActionResult } from '../core/model/outcomes.js';
import { stageLabel } from '../core/plan/stage-plan.js';

export type ProgressMode = 'tty' | 'plain' | 'json';

export interface ProgressSink {
  write(text: string): void;
  columns: number | undefined;
}

const VERB = { start: 'Starting', stop: 'Stopping' } as const;

function serviceWord(outcome: ServiceOutcome, shown: string): string {
  const count =
    outcome.results.length > 1 ? ` (${outcome.results.filter((r) => r.ok).length}/${outcome.results.length})` : '';
  const ready = outcome.ok && outcome.readyAfterMs !== undefined ? `, ${formatReadyAfter(outcome.readyAfterMs)}` : '';
  return `${shown} ${outcome.ok ? 'ok' : 'KO'}${count}${ready}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** Returns the event handler for `mode`; `name` shows a name on its node (JSON keeps the node a field). */
export function createProgressPrinter(
  sink: ProgressSink,
  mode: ProgressMode,
  name: NameOnNode = nameAlone,
): (event: PlatformEvent) => void {
  let head = '';
  let order: string[] = [];
  const done = new Map<string, ServiceOutcome>();
  const shown = (one: OnNode) => name(one.operand, one.node);
  const word = (key: string) => (done.has(key) ? serviceWord(done.get(key)!, key) : `${key} ...`);
  const line = () => `${head}: ${order.map(word).join(', ')}`;
  const redraw = () => {
    const text = line();
    const width = (sink.columns ?? 80) - 1;
    sink.write(`\r\u001b[K${text.length > width ? `${text.slice(0, width - 3)}...` : text}`);
  };
  return (event) => {
    if (mode === 'json') return sink.write(`${JSON.stringify(event)}\n`);
    switch (event.type) {
      case 'daemon':
        if (event.phase === 'failed') sink.write(`supervisord: KO ${event.reason ?? ''}\n`);
        else if (event.phase === 'up' || event.phase === 'stopped')
          sink.write(
            `supervisord: ${event.phase === 'up' ? 'running' : 'stopped'}${event.reason ? ` (${event.reason})` : ''}\n`,
          );
        return;
      case 'stage-begin':
        head = `${VERB[event.verb]} ${stageLabel(event.stage)}`;
        order = event.services.map(shown);
        done.clear();
        if (mode === 'tty') redraw();
        return;
      case 'service-end':
        done.set(shown(event.outcome), event.outcome);
        if (mode === 'tty') redraw();
        return;
      case 'stage-end': {
        const erase = mode === 'tty' ? '\r\u001b[K' : '';
        sink.write(`${erase}${order.length ? line() : `${head}: (nothing)`}  (${seconds(event.elapsedMs)})\n`);
        for (const outcome of done.values()) {
          const onIt = (r: ActionResult) => ({ ...r, name: name(r.name, outcome.node) });
          const failure = (r: ActionResult) =>
            r.leftovers?.length ? formatActionResult(onIt(r)) : `${onIt(r).name}: ${r.reason ?? 'failed'}`;
          for (const result of outcome.results.filter((r) => !r.ok)) sink.write(`  KO ${failure(result)}\n`);
          for (const result of outcome.results.filter((r) => r.ok && r.killed?.length))
            sink.write(`  ${formatActionResult(onIt(result))}\n`);
        }
        return;
      }
      case 'aborted':
        sink.write(`Interrupted: ${event.stage ? `${stageLabel(event.stage)} and later stages not run` : 'stopped'}\n`);
    }
  };
}
