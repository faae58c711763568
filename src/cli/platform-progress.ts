/**
 * Prints platform events as the original hypcontrol did (`Starting backend: rabbitmq-server ok, ...`),
 * each service with ok or KO, each stage with its time: live on a terminal, whole lines when piped,
 * JSON lines with --json.
 */
import type { PlatformEvent, ServiceOutcome } from '../control/platform.js';
import { formatActionResult, formatReadyAfter, type ActionResult } from '../core/model/outcomes.js';
import { stageLabel } from '../core/plan/stage-plan.js';

export type ProgressMode = 'tty' | 'plain' | 'json';

export interface ProgressSink {
  write(text: string): void;
  columns: number | undefined;
}

const VERB = { start: 'Starting', stop: 'Stopping' } as const;

function serviceWord(outcome: ServiceOutcome): string {
  const count =
    outcome.results.length > 1 ? ` (${outcome.results.filter((r) => r.ok).length}/${outcome.results.length})` : '';
  const ready = outcome.ok && outcome.readyAfterMs !== undefined ? `, ${formatReadyAfter(outcome.readyAfterMs)}` : '';
  return `${outcome.operand} ${outcome.ok ? 'ok' : 'KO'}${count}${ready}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** Returns the event handler for `mode`. */
export function createProgressPrinter(sink: ProgressSink, mode: ProgressMode): (event: PlatformEvent) => void {
  let head = '';
  let order: string[] = [];
  const done = new Map<string, ServiceOutcome>();
  const line = () =>
    `${head}: ${order.map((name) => (done.has(name) ? serviceWord(done.get(name)!) : `${name} ...`)).join(', ')}`;
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
        order = event.services;
        done.clear();
        if (mode === 'tty') redraw();
        return;
      case 'service-end':
        done.set(event.outcome.operand, event.outcome);
        if (mode === 'tty') redraw();
        return;
      case 'stage-end': {
        const erase = mode === 'tty' ? '\r\u001b[K' : '';
        sink.write(`${erase}${order.length ? line() : `${head}: (nothing)`}  (${seconds(event.elapsedMs)})\n`);
        const failure = (r: ActionResult) =>
          r.leftovers?.length ? formatActionResult(r) : `${r.name}: ${r.reason ?? 'failed'}`;
        for (const outcome of done.values()) {
          for (const result of outcome.results.filter((r) => !r.ok)) sink.write(`  KO ${failure(result)}\n`);
          for (const result of outcome.results.filter((r) => r.ok && r.killed?.length))
            sink.write(`  ${formatActionResult(result)}\n`);
        }
        return;
      }
      case 'aborted':
        sink.write(`Interrupted: ${event.stage ? `${stageLabel(event.stage)} and later stages not run` : 'stopped'}\n`);
    }
  };
}
