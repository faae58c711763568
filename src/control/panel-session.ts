/**
 * The control panel over several nodes (SPEC 10): one session (and control engine) per node, each polling
 * its own supervisord; this one merges their answers into one view whose names read `group:process@NODE`
 * (core/fleet-view), and sends each request to the node its names are on. Every node is asked at once; a
 * node that is slow to answer is waited for `waitMs` at most, then shown with its last answer and how
 * long it has been silent, so that it never holds the others back.
 */
import { ConfigError } from '../core/model/config-error.js';
import { atNode } from '../core/config/nodes.js';
import { nodeNaming } from '../core/report/node-names.js';
import {
  mergeNodeViews,
  namesByNode,
  nodeOfName,
  suffixed,
  targetsByNode,
  type NodeAnswer,
} from '../core/panel/fleet-view.js';
import type { Target } from '../core/plan/resolver.js';
import type { SupervisordConfig } from '../core/config/supervisord-config.js';
import { platformOnHomes, type PlatformHome } from './panel-platform.js';
import { catalogsKnown, createAnswerFacts, mergeKey, remoteScriptLists } from './fleet-answers.js';
import { unboundOnNodes } from '../core/plan/readiness.js';
import { createTuiSession, type SessionOptions } from './tui-session.js';
import type { DaemonPoll, TuiSession } from './tui-session-api.js';

interface NodePolls {
  answer: NodeAnswer;
  inflight: Promise<DaemonPoll> | undefined;
  since: number;
}

export interface FleetOptions extends SessionOptions {
  /** How long a poll waits for a node before showing its last answer. */
  waitMs: number;
  now: () => number;
}

export function createFleetSession(nodes: readonly PlatformHome[], options: FleetOptions): TuiSession {
  const names = nodes.map((node) => node.name);
  const name = nodeNaming(nodes.length);
  const sessions = nodes.map((node) => {
    return createTuiSession(node.home, { ...options, node: node.name, journalName: (t) => name(t, node.name) });
  });
  const local = sessions[0]!;
  const polls: NodePolls[] = nodes.map((node) => {
    return {
      answer: { node: node.name, view: undefined, last: undefined, programs: new Map() },
      inflight: undefined,
      since: 0,
    };
  });
  let localConfig: SupervisordConfig | undefined;
  /** A node's supervisord files when they are read here: the home's, another's read over its ssh. */
  const configOf = (index: number) => {
    if (index === 0) return localConfig;
    const { config } = nodes[index]!.home.read().files;
    return config instanceof ConfigError ? undefined : config;
  };
  const facts = createAnswerFacts();
  let localPid: Pick<DaemonPoll, 'pid' | 'startedAt'> = { pid: undefined, startedAt: undefined };
  const at = (name: string) => sessions[names.indexOf(name)]!;

  let lastMerge: { key: unknown[]; poll: DaemonPoll } | undefined;

  /** Every node's names as known now; undefined while one is unknown. */
  const knownCatalogs = (homeScripts: string[]) =>
    catalogsKnown(
      polls.map(({ answer }, index) => ({
        config: configOf(index),
        last: answer.last,
        lsb: index === 0 ? homeScripts : (remoteScripts.get(answer.node) ?? []),
      })),
    );

  const listeners = new Set<() => void>();
  const tell = () => listeners.forEach((listener) => listener());
  const remote = remoteScriptLists(nodes.slice(1), tell);
  const remoteScripts = remote.lists;
  let listed = false;
  const listRemote = () => {
    listed = true;
    remote.list();
  };

  const pollNode = (index: number, visible: string[]): Promise<DaemonPoll> => {
    const polled = polls[index]!;
    if (polled.inflight) return polled.inflight;
    polled.since = options.now();
    polled.inflight = sessions[index]!.pollDaemon(visible).then((poll) => {
      const { view } = poll;
      const config = configOf(index);
      const programs =
        view.ok || config ? facts.programs(config, view.ok ? view.processes : []) : polled.answer.programs;
      const drift = view.ok ? facts.drift(config, view.processes) : polled.answer.drift;
      const last = view.ok ? view.processes : polled.answer.last;
      // A node's names known for the first time: the panel reads the home again (its [ready] keys bind anew).
      const first = polled.answer.last === undefined && last !== undefined && !configOf(index);
      polled.answer = { ...polled.answer, view, last, programs, ...(drift !== undefined ? { drift } : {}) };
      if (index === 0) localPid = { pid: poll.pid, startedAt: poll.startedAt };
      polled.inflight = undefined;
      if (first && index > 0) tell();
      return poll;
    });
    return polled.inflight;
  };

  /** The merged view, built again only when an answer, a node's lateness or the daemon's pid changed. */
  const merged = (): DaemonPoll => {
    const now = options.now();
    const answers = polls.map(({ answer, inflight, since }) => {
      return inflight && now - since > options.waitMs ? { ...answer, lateMs: now - since } : answer;
    });
    const key = mergeKey(answers, localPid);
    if (!lastMerge || key.some((part, index) => part !== lastMerge!.key[index])) {
      lastMerge = { key, poll: { view: mergeNodeViews(answers), ...localPid } };
    }
    return lastMerge.poll;
  };

  const pollAll = async (visible: readonly string[]): Promise<DaemonPoll> => {
    const byNode = namesByNode(visible, names);
    // A node still answering an earlier poll is not waited for again: it is late already.
    const asked = nodes.flatMap((node, index) => {
      const late = polls[index]!.inflight !== undefined;
      const poll = pollNode(index, byNode.get(node.name) ?? []);
      return late ? [] : [poll];
    });
    const all = Promise.all(asked);
    let timer: NodeJS.Timeout | undefined;
    const wait = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, options.waitMs);
      timer.unref?.();
    });
    await Promise.race([all, wait]);
    clearTimeout(timer);
    return merged();
  };

  return {
    readHome() {
      const home = local.readHome();
      localConfig = home.config;
      // The panel's names come from the nodes' answers (config undefined); a [ready] key that names nothing
      // on this node may name another node's processes: a key is said once no node's names have it.
      const catalogs = knownCatalogs(home.lsbNames);
      const nowhere = catalogs ? unboundOnNodes(home.ready, catalogs) : [];
      const problems = [...home.problems.filter((problem) => !home.readinessProblems.includes(problem)), ...nowhere];
      if (!listed) listRemote();
      const remote = [...remoteScripts].flatMap(([node, scripts]) =>
        scripts.map((script) => [atNode(script, node), script] as const),
      );
      const lsbNames = [...home.lsbNames, ...remote.map(([name]) => name)];
      return { ...home, config: undefined, lsbNames, lsbScripts: new Map(remote), problems, readinessProblems: [] };
    },
    pollDaemon: (visible = []) => pollAll(visible),
    prefetch: () => pollAll([]),
    async pollInitscripts(scripts, onRow) {
      const byNode = [...namesByNode(scripts, names)];
      await Promise.all(
        byNode.map(([node, list]) => at(node).pollInitscripts(list, (row) => onRow(suffixed(row, node, names[0]!)))),
      );
    },
    pollLeftovers() {
      const lsb = new Set(local.readHome().lsbNames);
      const named = (name: string) => (lsb.has(name) ? name : atNode(name, names[0]!));
      return new Map([...local.pollLeftovers()].map(([name, entries]) => [named(name), entries] as const));
    },
    async pollReadiness(running, onAnswer) {
      const byNode = new Map<string, Array<[string, string]>>();
      const original = new Map<string, string>();
      for (const [name, run] of running) {
        const where = nodeOfName(name, names);
        original.set(`${where.node}\u0000${where.name}`, name);
        byNode.set(where.node, [...(byNode.get(where.node) ?? []), [where.name, run]]);
      }
      const polled = [...byNode].map(([node, list]) => {
        return at(node).pollReadiness(list, (name, notReady) =>
          onAnswer(original.get(`${node}\u0000${name}`) ?? name, notReady),
        );
      });
      await Promise.all(polled);
    },
    hasReadyCheck(name) {
      const where = nodeOfName(name, names);
      return at(where.node).hasReadyCheck(where.name);
    },
    async watchLog(targets, streams, count, handlers, signal) {
      const byNode = targetsByNode(targets, names);
      if (byNode.size > 1)
        return handlers.onProblem(`these run on ${[...byNode.keys()].join(', ')}: open the log of one node's row`);
      const [node, list] = [...byNode][0] ?? [names[0]!, []];
      return at(node).watchLog(list, streams, count, handlers, signal);
    },
    async readMainLogEvents() {
      const onNode = async (session: TuiSession, node: string) => {
        return (await session.readMainLogEvents())?.map((event) => ({
          ...event,
          process: atNode(event.process, node),
        }));
      };
      const all = await Promise.all(sessions.map((session, index) => onNode(session, names[index]!)));
      const read = all.filter((events) => events !== undefined);
      return read.length > 0 ? read.flat() : undefined;
    },
    async readLastLines(asked, onLine) {
      const byNode = [...namesByNode(asked, names)];
      await Promise.all(
        byNode.map(([node, list]) => at(node).readLastLines(list, (name, line) => onLine(atNode(name, node), line))),
      );
    },
    pollJournal: () => local.pollJournal(),
    async act(request) {
      const byNode = [...targetsByNode(request.targets, names)];
      const onNode = async ([node, targets]: [string, Target[]]) => {
        return (await at(node).act({ ...request, targets })).map((one) => suffixed(one, node, names[0]!));
      };
      const results = await Promise.all(byNode.map(onNode));
      return results.flat();
    },
    // Each node's own supervisord asked and updated (reloadConfig is a call): under its name and address.
    async previewUpdate() {
      const perNode = await Promise.all(sessions.map((session) => session.previewUpdate()));
      return perNode.flatMap((list, index) => list.map((one) => ({ ...one, label: nodes[index]!.label })));
    },
    async applyUpdate(answers, onGroup) {
      const perNode = await Promise.all(sessions.map((session) => session.applyUpdate(answers, onGroup)));
      return perNode.flat();
    },
    runPlatform: (verb, signal, onEvent) => platformOnHomes(nodes, verb, signal, onEvent, options.actionTimeoutMs),
    watch(onChange) {
      listeners.add(onChange);
      const stop = local.watch(() => {
        listRemote();
        onChange();
      });
      return () => {
        listeners.delete(onChange);
        stop();
      };
    },
  };
}
