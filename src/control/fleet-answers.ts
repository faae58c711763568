/**
 * What the panel's session knows of the nodes beyond their answers (SPEC 10): every node's names as known
 * now (for the `[ready]` keys that name nothing anywhere), and other nodes' initscripts listed over ssh.
 */
import { buildCatalog, type Catalog } from '../core/plan/catalog.js';
import type { SupervisordConfig } from '../core/config/supervisord-config.js';
import type { ProcessInfo } from '../core/ports.js';
import type { HomePort } from '../core/home.js';

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
