/**
 * What the panel over several nodes tells of each node's answer (SPEC 3, 10): its programs (from its files
 * when they are read here, else told from its process names) and how many of its processes its files and
 * its supervisord disagree on. Each is worked out once per answer or per reading of the files: an idle
 * poll hands back the very list of the last one, and the merged view then stays the same object.
 */
import { buildCatalog, configDrift, inferPrograms, type Catalog } from '../core/plan/catalog.js';
import type { SupervisordConfig } from '../core/config/supervisord-config.js';
import type { NodeAnswer } from '../core/panel/fleet-view.js';
import type { ProcessInfo } from '../core/ports.js';
import type { DaemonPoll } from './tui-session-api.js';
import type { HomePort } from '../core/home.js';

/** A node's programs by namespec, from its files. */
export function programsOf(config: SupervisordConfig | undefined): Map<string, string> {
  const pairs = config?.groups.flatMap((group) => group.processes.map((p) => [p.namespec, p.program] as const));
  return new Map(pairs ?? []);
}

/** What tells one merged view from the next: each answer's list, programs, drift and lateness (whole seconds). */
export function mergeKey(answers: readonly NodeAnswer[], pid: Pick<DaemonPoll, 'pid' | 'startedAt'>): unknown[] {
  const late = (answer: NodeAnswer) => (answer.lateMs === undefined ? -1 : Math.ceil(answer.lateMs / 1000));
  const parts = answers.flatMap((answer) => [
    answer.view?.ok ? answer.view.processes : answer.view,
    answer.programs,
    late(answer),
    answer.drift,
  ]);
  return [...parts, pid.pid, pid.startedAt];
}

/** The facts of an answer, each remembered for the answer (or the files) it was worked out from. */
export function createAnswerFacts() {
  const fromFiles = new WeakMap<SupervisordConfig, Map<string, string>>();
  const inferred = new WeakMap<readonly ProcessInfo[], Map<string, string>>();
  const drifts = new WeakMap<SupervisordConfig, WeakMap<readonly ProcessInfo[], number>>();
  const remembered = <K extends object, V>(map: WeakMap<K, V>, key: K, make: () => V): V => {
    if (!map.has(key)) map.set(key, make());
    return map.get(key)!;
  };
  return {
    programs(config: SupervisordConfig | undefined, processes: readonly ProcessInfo[]) {
      if (config) return remembered(fromFiles, config, () => programsOf(config));
      return remembered(inferred, processes, () => inferPrograms(processes));
    },
    /** Undefined when its files are not read here. */
    drift(config: SupervisordConfig | undefined, processes: readonly ProcessInfo[]): number | undefined {
      if (!config) return undefined;
      const perAnswer = remembered(drifts, config, () => new WeakMap<readonly ProcessInfo[], number>());
      return remembered(perAnswer, processes, () => {
        const catalog = buildCatalog({ config, loaded: [...processes], lsb: [] });
        return catalog.processes.filter((p) => configDrift(p)).length;
      });
    },
  };
}

/**
 * Every node's names as known now: from its files when they are read here, else from its last answer
 * (programs told from process names), with its initscripts; undefined while a node has neither.
 */
export function catalogsKnown(
  nodes: ReadonlyArray<{
    config: SupervisordConfig | undefined;
    last: readonly ProcessInfo[] | undefined;
    lsb: string[];
  }>,
): Catalog[] | undefined {
  const catalogs: Catalog[] = [];
  for (const { config, last, lsb } of nodes) {
    if (!config && !last) return undefined;
    catalogs.push(buildCatalog({ config, loaded: last ? [...last] : undefined, lsb, remote: !config }));
  }
  return catalogs;
}

/**
 * Other nodes' initscripts, listed over their ssh when asked (at the first reading, after each change under
 * ~/etc); `onChange` is told when a node's list changed (the panel then reads the home again).
 */
export function remoteScriptLists(nodes: ReadonlyArray<{ name: string; home: HomePort }>, onChange: () => void) {
  const lists = new Map<string, string[]>();
  return {
    lists,
    list() {
      for (const node of nodes) {
        void node.home
          .read()
          .deps.initscripts.list?.()
          .then((answer) => {
            const scripts = 'names' in answer ? answer.names : [];
            if (JSON.stringify(scripts) === JSON.stringify(lists.get(node.name) ?? [])) return;
            lists.set(node.name, scripts);
            onChange();
          });
      }
    },
  };
}
