/**
 * Applying configuration changes (SPEC 9): what `reloadConfig` says changed, group by group, and what an
 * update will do to each process. Pure: supervisord's answer, the files as read, and what runs now in,
 * a plan out.
 *
 * What the update does (unlike `supervisorctl update`, nothing is left to surprise): a removed group is
 * stopped and removed; a changed group is stopped, removed and added again, and what ran before runs again
 * (autostart or not); an added group is added. Adding starts the `autostart=true` programs, as supervisord
 * always does, so a stopped program of a changed group comes back when its autostart says so: the plan says
 * which. Nothing outside the named groups is touched.
 */
import { makeNamespec } from '../model/names.js';
import type { ProcessInfo } from '../ports.js';
import type { SupervisordConfig } from '../config/supervisord-config.js';
import type { ProcessSpec } from '../config/supervisord-programs.js';

/** `reloadConfig()`'s answer: group names. */
export interface ReloadAnswer {
  added: string[];
  changed: string[];
  removed: string[];
}

export type GroupChange = 'added' | 'changed' | 'removed';

/**
 * What happens to one process: `restarts` (runs now, runs again after), `starts` (not running now, starts:
 * its autostart), `stays stopped`, `stops` (runs now, is removed), `goes` (not running, removed).
 */
export type ProcessFate = 'restarts' | 'starts' | 'stays stopped' | 'stops' | 'goes' | 'as its files say';

export interface GroupUpdate {
  group: string;
  change: GroupChange;
  processes: Array<{ namespec: string; fate: ProcessFate }>;
  /** The processes supervisord runs in the group now (what a stop acts on). */
  loaded: string[];
  /**
   * Whether the node's files are read here. When not (another node's), what the group holds after the update
   * is its supervisord's to say: what runs now runs again if it is still there, the rest as its files say.
   */
  filesHere: boolean;
  /** The files its programs are written in, as under ~/etc (`engines/alerts.ini`), when read here. */
  files?: string[];
}

export interface UpdatePlan {
  groups: GroupUpdate[];
  /** Groups the operator named that have no change. */
  unchanged: string[];
}

/** States in which a process is meant to run: an update gives it back its run. */
const RUNNING_STATES = new Set(['RUNNING', 'STARTING', 'BACKOFF']);

const namespecOf = (info: ProcessInfo) => makeNamespec(info.group, info.name);

/** A file as under the home's ~/etc (`engines/alerts.ini`); the whole path when it is elsewhere. */
function underEtc(file: string): string {
  const at = file.lastIndexOf('/etc/');
  return at >= 0 ? file.slice(at + 5) : file;
}

/** The plan for `answer`, limited to `only` when groups are named. */
export function planUpdate(
  answer: ReloadAnswer,
  config: SupervisordConfig | undefined,
  loaded: readonly ProcessInfo[],
  only: readonly string[] = [],
): UpdatePlan {
  const wanted = (group: string) => only.length === 0 || only.includes(group);
  const changes: Array<[string, GroupChange]> = [
    ...answer.removed.map((group): [string, GroupChange] => [group, 'removed']),
    ...answer.changed.map((group): [string, GroupChange] => [group, 'changed']),
    ...answer.added.map((group): [string, GroupChange] => [group, 'added']),
  ];
  const groups = changes
    .filter(([group]) => wanted(group))
    .map(([group, change]): GroupUpdate => {
      const now = loaded.filter((info) => info.group === group);
      const running = new Set(now.filter((info) => RUNNING_STATES.has(info.statename)).map(namespecOf));
      const filesHere = config !== undefined;
      if (!filesHere && change !== 'removed') {
        const fate = (namespec: string): ProcessFate => (running.has(namespec) ? 'restarts' : 'as its files say');
        const processes = now.map(namespecOf).map((namespec) => ({ namespec, fate: fate(namespec) }));
        return { group, change, processes, loaded: now.map(namespecOf), filesHere };
      }
      const after = change === 'removed' ? [] : (config?.groups.find((one) => one.name === group)?.processes ?? []);
      const kept = new Set(after.map((spec) => spec.namespec));
      const fateAfter = (spec: ProcessSpec): ProcessFate => {
        if (running.has(spec.namespec)) return 'restarts';
        return spec.autostart ? 'starts' : 'stays stopped';
      };
      const gone = now.map(namespecOf).filter((namespec) => !kept.has(namespec));
      const processes = [
        ...after.map((spec) => ({ namespec: spec.namespec, fate: fateAfter(spec) })),
        ...gone.map((namespec) => ({ namespec, fate: (running.has(namespec) ? 'stops' : 'goes') as ProcessFate })),
      ];
      const files = [...new Set(after.map((spec) => underEtc(spec.file)))];
      return { group, change, processes, loaded: now.map(namespecOf), filesHere, ...(files.length ? { files } : {}) };
    });
  const known = new Set(changes.map(([group]) => group));
  return { groups, unchanged: only.filter((group) => !known.has(group)) };
}

/** Whether two answers of `reloadConfig` say the same (the files did not change between preview and apply). */
export function sameAnswer(a: ReloadAnswer, b: ReloadAnswer): boolean {
  const key = (answer: ReloadAnswer) =>
    JSON.stringify([answer.added, answer.changed, answer.removed].map((list) => [...list].sort()));
  return key(a) === key(b);
}

const FATE_WORDS: Record<ProcessFate, string> = {
  restarts: 'runs now: stopped, then started again',
  starts: 'not running: will start (autostart=true)',
  'stays stopped': 'not running: stays stopped',
  stops: 'runs now: stopped and removed',
  goes: 'not running: removed',
  'as its files say': 'not running: starts if its files say autostart=true',
};

const CHANGE_WORDS: Record<GroupChange, string> = {
  added: 'added',
  changed: 'changed: the whole group is stopped, removed and added again',
  removed: 'removed: stopped and removed',
};

/** The preview, as lines: each group, then each process and what happens to it. */
export function describePlan(plan: UpdatePlan): string[] {
  if (plan.groups.length === 0) {
    const named = plan.unchanged.length > 0 ? `${plan.unchanged.join(', ')}: ` : '';
    return [`${named}no change: supervisord runs what the files say`];
  }
  const width = Math.max(...plan.groups.flatMap((group) => group.processes.map((p) => p.namespec.length)), 0);
  return [
    ...plan.groups.flatMap((group) => [
      `${group.group}: ${CHANGE_WORDS[group.change]}`,
      ...(group.files ? [`  in ${group.files.join(', ')}`] : []),
      ...(group.processes.length === 0
        ? [group.filesHere ? '  (no process)' : '  (its processes are known once its supervisord has added it)']
        : group.processes.map((p) => `  ${p.namespec.padEnd(width)}  ${FATE_WORDS[p.fate]}`)),
    ]),
    ...plan.unchanged.map((group) => `${group}: no change`),
  ];
}

/** The processes an update starts (or lets supervisord start) once the group is added. */
export function processesToStart(group: GroupUpdate): string[] {
  return group.processes.filter((p) => p.fate === 'restarts' || p.fate === 'starts').map((p) => p.namespec);
}
