/**
 * `service NAME start|stop|restart|m...`: the action on what NAME resolved to, on one node or on each node
 * it resolved on at once (SPEC 10: results then read `NAME@NODE`).
 */
import {
  abandonedRestart,
  actionExitCode,
  ExitCode,
  formatActionResult,
  type ActionResult,
} from '../core/model/outcomes.js';
import type { ReadyChecks } from '../core/plan/readiness.js';
import type { Target } from '../core/plan/resolver.js';
import type { ServiceAction } from '../control/service-actions.js';
import type { CommonFlags } from './args.js';
import type { CliIo } from './io.js';
import type { NameOnNode } from '../core/report/node-names.js';
import { onNode } from './json-contract.js';
import type { FleetNode } from '../control/fleet.js';

/** What one node does: its targets, with the readiness checks bound to its catalog. */
export interface ActionPart {
  node: FleetNode;
  targets: Target[];
  checks: ReadyChecks;
}

export type ActionName = 'start' | 'stop' | 'restart' | 'mstart' | 'mstop' | 'mrestart';

/** Runs the action on every part at once. `problems`: the files' and the readiness checks', for --json. */
export async function runAction(
  action: ActionName,
  parts: ActionPart[],
  problems: { all: string[]; readiness: string[] },
  name: NameOnNode,
  flags: CommonFlags,
  io: CliIo,
): Promise<number> {
  const { settings } = parts[0]!.node.files;
  const massive = action.startsWith('m');
  const verb = (massive ? action.slice(1) : action) as ServiceAction;
  const noWait = flags.noWait;
  if (verb !== 'stop' && !noWait && problems.readiness.length > 0) {
    const what = settings.problems.length ? 'canopsis-tui.ini' : 'the readiness checks';
    const message = `${what} must be fixed before a start can wait for readiness (or pass --no-wait)`;
    if (flags.json)
      io.out(JSON.stringify({ action, error: message, problems: problems.all, exitCode: ExitCode.USAGE }, null, 2));
    else io.err(message);
    return ExitCode.USAGE;
  }
  const seen: ActionResult[] = [];
  const startsIssued = new Set<string>();
  const shown = (one: string, part: ActionPart) => name(one, part.node.name);
  const targets = parts.flatMap((part) => part.targets.map((target) => shown(target.name, part)));
  // A restart interrupted halfway would leave services down: the first Ctrl-C lets it start again what it
  // stopped, the second says what is left stopped before the process ends.
  const interrupts = verb === 'restart' ? io.interrupts : undefined;
  interrupts?.guard(true);
  io.interrupts?.hold(true);
  interrupts?.interrupted.addEventListener('abort', () => {
    io.err(`${action} interrupted: starting again what was stopped, then stopping (Ctrl-C again to leave now)`);
  });
  const began = parts[0]!.node.deps.clock.now();
  interrupts?.abandoned.addEventListener('abort', () => {
    const { leftStopped, starting } = abandonedRestart(seen, startsIssued);
    const unconfirmed = starting.length ? [`start asked of supervisord, not confirmed: ${starting.join(', ')}`] : [];
    const said = [`left stopped: ${leftStopped.join(', ') || 'none'}`, ...unconfirmed];
    io.err(`${action} abandoned: ${said.join('; ')}`);
    const record = { action, targets, durationMs: parts[0]!.node.deps.clock.now() - began };
    parts[0]!.node.deps.journal?.record({
      ...record,
      outcome: 'interrupted',
      reason: `abandoned: ${said.join('; ')}`,
    });
  });
  const platform = settings.platform;
  const results = await Promise.all(
    parts.map((part) =>
      part.node.engine.act(verb, part.targets, {
        timeoutMs: flags.timeoutMs,
        massive,
        leftoverGraceMs: platform.leftoverGraceMs,
        killLeftovers: flags.killLeftovers,
        ...(noWait ? {} : { readiness: { checks: part.checks, timeoutMs: platform.readyTimeoutMs } }),
        onNotice: (line) => io.err(line),
        ...(interrupts ? { interrupted: interrupts.interrupted } : {}),
        onResult: (result) => {
          const named = { ...result, name: shown(result.name, part) };
          seen.push(named);
          if (!flags.json) io.out(formatActionResult(named));
        },
        onIssue: (issued, names) => issued === 'start' && names.forEach((name) => startsIssued.add(shown(name, part))),
      }),
    ),
  );
  interrupts?.guard(false);
  io.interrupts?.hold(false);
  const all = results.flatMap((list, index) => onNode(list, parts[index]!.node.name));
  if (flags.json)
    io.out(JSON.stringify({ action, results: all, problems: problems.all, exitCode: actionExitCode(all) }, null, 2));
  return interrupts?.interrupted.aborted ? ExitCode.INTERRUPTED : actionExitCode(all);
}
