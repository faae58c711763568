/** The one resolver every command uses: an operand to targets, in SPEC 3's order. */
import picomatch from 'picomatch';
import type { Catalog, CatalogProcess } from './catalog.js';
import { invalidNameReason, isPattern, printableName } from '../model/names.js';
import { appendTo } from '../model/lists.js';

export type Target =
  | { kind: 'lsb'; name: string }
  | { kind: 'group'; name: string; processes: string[] }
  | { kind: 'process'; name: string; group: string };

export type Resolution =
  | { ok: true; operand: string; pattern: boolean; targets: Target[] }
  | { ok: false; operand: string; error: 'invalid' | 'unknown' | 'no-match'; message: string };

function processTarget(p: CatalogProcess): Target {
  return { kind: 'process', name: p.namespec, group: p.group };
}

/**
 * Matched processes, with every group matched whole turned into one group target: supervisord spawns a
 * group's members in one pass, so acting on the group is acting on all of them at once, in one call.
 */
function wholeGroups(matched: CatalogProcess[], catalog: Catalog): Target[] {
  const byGroup = new Map<string, CatalogProcess[]>();
  for (const p of matched) appendTo(byGroup, p.group, p);
  return [...byGroup.entries()].flatMap(([group, members]): Target[] => {
    const all = catalog.groups.get(group) ?? [];
    const whole = members.length > 1 && members.length === all.length;
    return whole ? [{ kind: 'group', name: group, processes: all }] : members.map(processTarget);
  });
}

/** Shell-glob match against each namespec, and its process part, and each initscript name. */
function resolvePattern(operand: string, catalog: Catalog): Resolution {
  const match = picomatch(operand, { dot: true, nobrace: true, noextglob: true });
  const lsb = catalog.lsb.filter((name) => match(name)).map((name): Target => ({ kind: 'lsb', name }));
  const matched = catalog.processes.filter((p) => match(p.namespec) || match(p.name));
  const targets = [...lsb, ...wholeGroups(matched, catalog)];
  if (targets.length === 0)
    return { ok: false, operand, error: 'no-match', message: `No process matched ${printableName(operand)}` };
  return { ok: true, operand, pattern: true, targets };
}

/** Resolves `operand` against the catalog; never throws. */
export function resolveOperand(operand: string, catalog: Catalog): Resolution {
  const known = (name: string) =>
    catalog.groups.has(name) || catalog.byNamespec.has(name) || catalog.programs.has(name);
  const invalid = invalidNameReason(operand, known);
  if (invalid)
    return {
      ok: false,
      operand,
      error: 'invalid',
      message: `Invalid service name ${JSON.stringify(printableName(operand))}: ${invalid}`,
    };
  if (isPattern(operand)) return resolvePattern(operand, catalog);
  const ok = (targets: Target[]): Resolution => ({ ok: true, operand, pattern: false, targets });
  if (catalog.lsb.includes(operand)) return ok([{ kind: 'lsb', name: operand }]);
  const group = catalog.groups.get(operand);
  if (group) {
    // A program alone in its own group is a process to the operator, not a group.
    if (group.length === 1 && group[0] === operand) return ok([{ kind: 'process', name: operand, group: operand }]);
    return ok([{ kind: 'group', name: operand, processes: group }]);
  }
  const process = catalog.byNamespec.get(operand);
  if (process) return ok([processTarget(process)]);
  const program = catalog.programs.get(operand);
  if (program) return ok(program.map((namespec) => processTarget(catalog.byNamespec.get(namespec)!)));
  if (catalog.lsbNotExecutable.includes(operand)) {
    return {
      ok: false,
      operand,
      error: 'unknown',
      message: `${operand}: ~/etc/init.d/${operand} is not executable (chmod +x it to use it)`,
    };
  }
  return { ok: false, operand, error: 'unknown', message: `Unknown service: ${printableName(operand)}` };
}

/** The supervisord namespecs a set of targets covers, groups expanded. */
export function targetProcesses(targets: Target[]): string[] {
  return targets.flatMap((t) => (t.kind === 'group' ? t.processes : t.kind === 'process' ? [t.name] : []));
}
