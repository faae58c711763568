/**
 * The control panel's session over the home's nodes (SPEC 6, 10): a home without `[node:]` sections is a
 * fleet of one. One node session (and control engine) per node, each polling its own supervisord; every
 * request goes to the node each of its names carries. Every node is asked at once; a node that is slow to
 * answer is waited for `waitMs` at most, then shown with its last answer and how long it has been silent,
 * so that it never holds the others back.
 */
import { ConfigError } from '../core/model/config-error.js';
import { nodeNaming } from '../core/report/node-names.js';
import type { NodeAnswer } from '../core/panel/node-views.js';
import { byNode, grouped } from '../core/plan/node-resolver.js';
import { nodeFilesProblems } from './fleet.js';
import type { SupervisordConfig } from '../core/config/supervisord-config.js';
import { platformOnHomes } from './panel-platform.js';
import { catalogsKnown, remoteScriptLists } from './fleet-answers.js';
import { unboundOnNodes } from '../core/plan/readiness.js';
import { createNodeSession, type NodeSession } from './node-session.js';
import { waitAtMost } from './wait-at-most.js';
import type { DaemonPoll, NodesPoll, OnNode, PanelNode, PanelOptions, TuiSession } from './tui-session-api.js';
export type { PanelNode, PanelOptions } from './tui-session-api.js';

interface NodePolls {
  answer: NodeAnswer;
  inflight: Promise<DaemonPoll> | undefined;
  since: number;
  /** Its supervisord is to be asked what its files change (at start, after its files or an update changed). */
  reread: boolean;
}

export function createPanelSession(nodes: readonly PanelNode[], options: PanelOptions): TuiSession {
  const names = nodes.map((node) => node.name);
  const name = nodeNaming(nodes.length);
  const sessions = nodes.map((node) => {
    return createNodeSession(node.home, { ...options, node: node.name, journalName: (t) => name(t, node.name) });
  });
  const local = sessions[0]!;
  const home = names[0]!;
  const polls: NodePolls[] = nodes.map((node) => {
    return {
      answer: { node: node.name, local: node.local, view: undefined, last: undefined },
      inflight: undefined,
      since: 0,
      reread: true,
    };
  });
  let localConfig: SupervisordConfig | undefined;
  /** A node's supervisord files when they are read here: the home's, another's read over its ssh. */
  const configOf = (index: number) => {
    if (nodes[index]!.local) return localConfig;
    const { config } = nodes[index]!.home.read().files;
    return config instanceof ConfigError ? undefined : config;
  };
  let localPid: Pick<DaemonPoll, 'pid' | 'startedAt'> = { pid: undefined, startedAt: undefined };
  const at = (node: string): NodeSession => sessions[names.indexOf(node)]!;

  /** Every node's names as known now; undefined while one is unknown. */
  const knownCatalogs = (homeScripts: string[]) =>
    catalogsKnown(
      polls.map(({ answer }, index) => ({
        config: configOf(index),
        last: answer.last,
        lsb: nodes[index]!.local ? homeScripts : (remoteScripts.get(answer.node) ?? []),
      })),
    );

  const listeners = new Set<() => void>();
  const tell = () => listeners.forEach((listener) => listener());
  const remote = remoteScriptLists(
    nodes.filter((node) => !node.local),
    tell,
  );
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
      const last = view.ok ? view.processes : polled.answer.last;
      // A node's names known for the first time without its files: the panel reads the home again (its
      // [ready] keys bind anew).
      const first = polled.answer.last === undefined && last !== undefined && !configOf(index);
      polled.answer = { ...polled.answer, view, last };
      if (nodes[index]!.local) localPid = { pid: poll.pid, startedAt: poll.startedAt };
      polled.inflight = undefined;
      if (view.ok && polled.reread) reread(index);
      if (first) tell();
      return poll;
    });
    return polled.inflight;
  };

  /** What a node's supervisord says its files change (`reloadConfig`, nothing applied): shown at the next poll. */
  const reread = (index: number) => {
    const polled = polls[index]!;
    polled.reread = false;
    void sessions[index]!.reloadAnswer().then((reloaded) => {
      polled.answer = { ...polled.answer, ...(reloaded ? { reloaded } : { reloaded: undefined }) };
    });
  };
  const rereadAll = () => polls.forEach((polled) => (polled.reread = true));

  /** Each node's answer as known now, with its lateness, its files when read here and its initscripts. */
  const answers = (): NodesPoll => {
    const now = options.now();
    const list = polls.map(({ answer, inflight, since }, index): NodeAnswer => {
      const late = inflight && now - since > options.waitMs ? { lateMs: now - since } : {};
      const config = nodes[index]!.local ? undefined : configOf(index);
      const lsb = remoteScripts.get(answer.node);
      return { ...answer, ...late, ...(config ? { config } : {}), ...(lsb ? { lsb } : {}) };
    });
    return { nodes: list, ...localPid };
  };

  const pollAll = async (visible: readonly OnNode[]): Promise<NodesPoll> => {
    const byName = grouped(visible);
    // A node still answering an earlier poll is not waited for again: it is late already.
    const asked = nodes.flatMap((node, index) => {
      const late = polls[index]!.inflight !== undefined;
      const poll = pollNode(
        index,
        (byName.get(node.name) ?? []).map((one) => one.name),
      );
      return late ? [] : [poll];
    });
    await waitAtMost(options.waitMs, Promise.all(asked));
    return answers();
  };

  let early: Promise<NodesPoll> | undefined;
  // The home's own files are not asked for here: a read of them after the first reads them all again.
  const remoteProblems = () =>
    nodes.flatMap((node) => (node.local ? [] : nodeFilesProblems(node, node.home.read().files)));

  return {
    readHome() {
      const snapshot = local.readHome();
      localConfig = snapshot.config;
      // A [ready] key that names nothing on this node may name another node's processes: a key is said
      // once no node's names have it.
      const catalogs = knownCatalogs(snapshot.lsbNames);
      const nowhere = catalogs ? unboundOnNodes(snapshot.ready, catalogs) : [];
      const problems = [
        ...snapshot.problems.filter((problem) => !snapshot.readinessProblems.includes(problem)),
        ...remoteProblems(),
        ...nowhere,
      ];
      if (!listed) listRemote();
      return { ...snapshot, problems, readinessProblems: [] };
    },
    // The answer asked for before the screen loaded is the first poll's (not asked twice at start).
    pollDaemon(visible = []) {
      const answer = early ?? pollAll(visible);
      early = undefined;
      return answer;
    },
    prefetch: () => (early ??= pollAll([])),
    async pollInitscripts(scripts, onRow) {
      const runs = [...grouped(scripts)].map(([node, list]) =>
        at(node).pollInitscripts(
          list.map((one) => one.name),
          (row) => onRow({ node, row }),
        ),
      );
      await Promise.all(runs);
    },
    // What stops left running is kept by the home's own commands, for the home's own supervisord.
    pollLeftovers: () => [...local.pollLeftovers()].map(([name, entries]) => ({ node: home, name, entries })),
    async pollReadiness(running, onAnswer) {
      const runs = [...grouped(running)].map(([node, list]) => {
        const byName = new Map(list.map((one) => [one.name, one]));
        const pairs = list.map((one) => [one.name, one.run] as const);
        return at(node).pollReadiness(pairs, (asked, notReady) => onAnswer(byName.get(asked)!, notReady));
      });
      await Promise.all(runs);
    },
    hasReadyCheck: (node, name) => at(node).hasReadyCheck(name),
    async watchLog(targets, streams, count, handlers, signal) {
      const perNode = byNode(targets);
      if (perNode.length > 1) {
        const where = perNode.map((one) => one.node).join(', ');
        return handlers.onProblem(`these run on ${where}: open the log of one node's row`);
      }
      const [one] = perNode;
      return at(one?.node ?? home).watchLog(one?.targets ?? [], streams, count, handlers, signal);
    },
    async readMainLogEvents() {
      const all = await Promise.all(
        sessions.map(async (session, index) =>
          (await session.readMainLogEvents())?.map((event) => ({ ...event, node: names[index]! })),
        ),
      );
      const read = all.filter((events) => events !== undefined);
      return read.length > 0 ? read.flat() : undefined;
    },
    async readLastLines(asked, onLine) {
      const runs = [...grouped(asked)].map(([node, list]) => {
        const byName = new Map(list.map((one) => [one.name, one]));
        return at(node).readLastLines(
          list.map((one) => one.name),
          (name, line) => onLine(byName.get(name)!, line),
        );
      });
      await Promise.all(runs);
    },
    pollJournal: () => local.pollJournal(),
    async act(request) {
      const runs = byNode(request.targets).map(async ({ node, targets }) => {
        const results = await at(node).act({ ...request, targets });
        return results.map((result) => ({ ...result, node }));
      });
      return (await Promise.all(runs)).flat();
    },
    // Each node's own supervisord asked and updated (reloadConfig is a call): under its name and address.
    async previewUpdate() {
      const perNode = await Promise.all(sessions.map((session) => session.previewUpdate()));
      return perNode.flatMap((list, index) => list.map((one) => ({ ...one, label: nodes[index]!.label })));
    },
    async applyUpdate(asked, onGroup) {
      const perNode = await Promise.all(sessions.map((session) => session.applyUpdate(asked, onGroup)));
      rereadAll();
      return perNode.flat();
    },
    runPlatform: (verb, signal, onEvent) => platformOnHomes(nodes, verb, signal, onEvent, options.actionTimeoutMs),
    watch(onChange) {
      listeners.add(onChange);
      const stop = local.watch(() => {
        listRemote();
        polls[0]!.reread = true;
        onChange();
      });
      return () => {
        listeners.delete(onChange);
        stop();
      };
    },
  };
}
