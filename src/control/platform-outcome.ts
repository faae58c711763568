/**
 * What a platform run says as it goes and when it ends (SPEC 5, 10): plain data, each service's outcome
 * on its node (a field: names are supervisord's own), so that `hypcontrol` prints it, the panel shows it
 * and the journal records it, each naming the node as it shows names (core/report/node-names).
 */
import type { ActionResult } from '../core/model/outcomes.js';
import type { StageName } from '../core/config/hypcontrol-conf.js';
import type { ActionRecord } from '../core/report/journal.js';
import { nameAlone, type NameOnNode } from '../core/report/node-names.js';

export type PlatformEvent =
  | { type: 'daemon'; phase: 'starting' | 'up' | 'stopping' | 'stopped' | 'failed'; reason?: string }
  | { type: 'stage-begin'; stage: StageName; verb: 'start' | 'stop'; services: OnNode[] }
  | { type: 'service-end'; stage: StageName; outcome: ServiceOutcome }
  | { type: 'stage-end'; stage: StageName; ok: boolean; elapsedMs: number }
  | { type: 'aborted'; stage: StageName | undefined };

/** A name of hypcontrol.conf on one node. */
export interface OnNode {
  operand: string;
  node: string;
}

export interface ServiceOutcome extends OnNode {
  ok: boolean;
  results: ActionResult[];
  elapsedMs: number;
  /** When its readiness checks passed, the slowest of its processes (SPEC 8). */
  readyAfterMs?: number;
  /** Why it failed as a whole (its node did not answer, its name resolved to nothing), naming what. */
  problem?: string;
}

export interface StageOutcome {
  name: StageName;
  ok: boolean;
  elapsedMs: number;
  services: ServiceOutcome[];
}

export interface PlatformOutcome {
  ok: boolean;
  aborted: boolean;
  stages: StageOutcome[];
  /** Why supervisord could not be started or stopped, when that failed. */
  daemonProblem?: string;
}

/** What a platform action did: the stop phase (stop, restart) and the start phase (start, restart). */
export interface PlatformRun {
  stopped?: PlatformOutcome;
  started?: PlatformOutcome;
  /** Set when another platform action holds the home: nothing was touched. */
  refused?: string;
}

/** `name: why` of a service's first failure, its name shown on its node; undefined when it is ok. */
export function failureText(outcome: ServiceOutcome, name: NameOnNode = nameAlone): string | undefined {
  const failure = outcome.results.find((result) => !result.ok);
  if (outcome.ok) return undefined;
  if (outcome.problem) return outcome.problem;
  return `${name(failure?.name ?? outcome.operand, outcome.node)}: ${failure?.reason ?? 'failed'}`;
}

/** The first service that failed in the first stage that failed. */
export function firstFailed(outcome: PlatformOutcome): { stage: StageName; service: ServiceOutcome } | undefined {
  const stage = outcome.stages.find((one) => !one.ok);
  const service = stage?.services.find((one) => !one.ok);
  return stage && service ? { stage: stage.name, service } : undefined;
}

/** The platform run's outcome for the journal: the first failure, or why it was refused. */
export function platformRecord(run: PlatformRun, name: NameOnNode): Pick<ActionRecord, 'outcome' | 'reason'> {
  if (run.refused) return { outcome: 'failed', reason: run.refused };
  const outcomes = [run.stopped, run.started].filter((one): one is PlatformOutcome => one !== undefined);
  if (outcomes.some((one) => one.aborted)) return { outcome: 'interrupted' };
  const failedOne = outcomes.find((one) => !one.ok);
  if (!failedOne) return { outcome: 'ok' };
  const failure = firstFailed(failedOne);
  const daemon = failedOne.daemonProblem ? `supervisord: ${failedOne.daemonProblem}` : 'failed';
  return { outcome: 'failed', reason: failure ? failureText(failure.service, name)! : daemon };
}
