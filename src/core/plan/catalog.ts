/**
 * Everything a name can refer to: initscripts, and supervisord's groups and processes from two sources,
 * the files (intent) and the running daemon (truth about state). SPEC 3.
 */
import { compareText } from '../model/text.js';
import { makeNamespec } from '../model/names.js';
import type { ProcessInfo } from '../ports.js';
import type { SupervisordConfig } from '../config/supervisord-config.js';
import { appendTo } from '../model/lists.js';

export interface CatalogProcess {
  namespec: string;
  group: string;
  name: string;
  /** The `[program:x]` it comes from, when the files define it. */
  program: string | undefined;
  /** Defined in the files on disk; undefined when the files could not be read (nothing to compare with). */
  configured: boolean | undefined;
  /** Known to the running daemon. */
  loaded: boolean;
}

export interface Catalog {
  lsb: string[];
  /** Initscripts present but not executable. */
  lsbNotExecutable: string[];
  processes: CatalogProcess[];
  /** Each process by namespec. */
  byNamespec: ReadonlyMap<string, CatalogProcess>;
  /** Group name to the namespecs of its processes. */
  groups: Map<string, string[]>;
  /** Program name to the namespecs of its processes. */
  programs: Map<string, string[]>;
}

export interface CatalogSources {
  config: SupervisordConfig | undefined;
  /** The daemon's `getAllProcessInfo()` (its names are all read), or undefined when it could not be asked. */
  loaded: ReadonlyArray<Pick<ProcessInfo, 'group' | 'name'>> | undefined;
  lsb: string[];
  lsbNotExecutable?: string[];
  /** The files are on another node: programs are told from the daemon's process names (`inferPrograms`). */
  remote?: boolean;
  /** Programs of loaded processes, by namespec, when known elsewhere (another node's, from its answer). */
  programs?: ReadonlyMap<string, string>;
}

const NUMBERED = /^(.+)[-_]\d+$/;

/**
 * A remote node's programs, from its processes' names alone (supervisord's answers never name the program):
 * a process `NAME-N` or `NAME_N` answers to `NAME`, as Canopsis names its engines
 * (`%(program_name)s-%(process_num)d`, `numprocs=1`: one process `engine-alerts-0`), so a name means on
 * another node what it means on the home. Any other process is its own program.
 */
export function inferPrograms(loaded: ReadonlyArray<Pick<ProcessInfo, 'group' | 'name'>>): Map<string, string> {
  return new Map(
    loaded.map((info) => [makeNamespec(info.group, info.name), NUMBERED.exec(info.name)?.[1] ?? info.name] as const),
  );
}

/** Merges the files and the daemon into one catalog. */
export function buildCatalog(sources: CatalogSources): Catalog {
  const { config, loaded, lsb, lsbNotExecutable = [], remote = false, programs: known } = sources;
  const byNamespec = new Map<string, CatalogProcess>();
  const inferred = known ?? (remote && loaded ? inferPrograms(loaded) : undefined);
  for (const group of config?.groups ?? []) {
    for (const p of group.processes) {
      byNamespec.set(p.namespec, {
        namespec: p.namespec,
        group: p.group,
        name: p.name,
        program: p.program,
        configured: true,
        loaded: false,
      });
    }
  }
  for (const info of loaded ?? []) {
    const namespec = makeNamespec(info.group, info.name);
    const known = byNamespec.get(namespec);
    if (known) known.loaded = true;
    else {
      // Without readable files there is nothing to compare with: no drift is claimed.
      const configured = config ? false : undefined;
      const program = inferred?.get(namespec);
      byNamespec.set(namespec, { namespec, group: info.group, name: info.name, program, configured, loaded: true });
    }
  }
  const processes = [...byNamespec.values()].sort((a, b) => compareText(a.namespec, b.namespec));
  const groups = new Map<string, string[]>();
  const programs = new Map<string, string[]>();
  for (const p of processes) {
    // Each namespec comes once (the processes are byNamespec's).
    appendTo(groups, p.group, p.namespec);
    if (p.program) appendTo(programs, p.program, p.namespec);
  }
  return { lsb: [...lsb].sort(), lsbNotExecutable, processes, byNamespec, groups, programs };
}

/** Says where files and daemon disagree about a process, or undefined when they agree (SPEC 3). */
export function configDrift(process: CatalogProcess): string | undefined {
  if (process.configured && !process.loaded) return 'not loaded: pending update';
  if (process.configured === false && process.loaded) return 'loaded but removed from config';
  return undefined;
}

/** Every name `service` resolves in a catalog (initscripts, groups, programs, namespecs), sorted. */
export function catalogNames(catalog: Catalog): string[] {
  const names = new Set([
    ...catalog.lsb,
    ...catalog.groups.keys(),
    ...catalog.programs.keys(),
    ...catalog.processes.map((p) => p.namespec),
  ]);
  return [...names].sort();
}
