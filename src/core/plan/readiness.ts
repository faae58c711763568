/** Which readiness checks apply to which process or initscript: `[ready]` keys through the one resolver. */
import type { Catalog } from './catalog.js';
import { resolveOperand, targetProcesses } from './resolver.js';
import type { ReadyCheck, ReadyRule, Settings } from '../config/settings.js';
import { appendTo } from '../model/lists.js';

/** Checks by namespec or initscript name; a name with none is ready once up. */
export type ReadyChecks = ReadonlyMap<string, readonly ReadyCheck[]>;

export const NO_CHECKS: ReadyChecks = new Map();

/** Binds each rule to what its key names now; a key that names nothing is a problem at its line. */
export function bindReadyRules(
  rules: readonly ReadyRule[],
  catalog: Catalog,
): { checks: ReadyChecks; problems: string[] } {
  const checks = new Map<string, ReadyCheck[]>();
  const problems: string[] = [];
  for (const rule of rules) {
    const resolution = resolveOperand(rule.key, catalog);
    if (!resolution.ok) {
      problems.push(
        `${rule.file}:${rule.line}: [ready] ${rule.key}: ` +
          `matches no initscript, program, process or group (${resolution.message})`,
      );
      continue;
    }
    const names = [
      ...resolution.targets.filter((t) => t.kind === 'lsb').map((t) => t.name),
      ...targetProcesses(resolution.targets),
    ];
    for (const name of names) appendTo(checks, name, rule.check);
  }
  return { checks, problems };
}

/** The checks of a home's settings over this catalog, and every problem of its settings file. */
export function readinessOf(settings: Settings, catalog: Catalog): { checks: ReadyChecks; problems: string[] } {
  const bound = bindReadyRules(settings.ready, catalog);
  return { checks: bound.checks, problems: [...settings.problems, ...bound.problems] };
}

/**
 * The checks of each node's catalog (SPEC 10): a key is a problem only when it names nothing on any node
 * (an initscript of the home is no process of another node).
 */
export function readinessOnNodes(
  settings: Settings,
  catalogs: readonly Catalog[],
): { checks: ReadyChecks[]; problems: string[] } {
  const bound = catalogs.map((catalog) => bindReadyRules(settings.ready, catalog));
  return {
    checks: bound.map((one) => one.checks),
    problems: [...settings.problems, ...unboundOnNodes(settings.ready, catalogs)],
  };
}

/** `FILE:LINE: [ready] KEY: matches no ...` for each key that names nothing on any of the catalogs. */
export function unboundOnNodes(rules: readonly ReadyRule[], catalogs: readonly Catalog[]): string[] {
  const nowhere = rules.filter((rule) => !catalogs.some((catalog) => resolveOperand(rule.key, catalog).ok));
  return bindReadyRules(nowhere, catalogs[0]!).problems;
}
