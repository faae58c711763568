/**
 * Whose answer a `tcp://` readiness check got (SPEC 11): a port of this host held by a process outside the
 * started one's tree is not its readiness (a broker left by a stop would pass the new broker's check).
 */
import { describeProcesses } from '../core/model/outcomes.js';
import type { ServiceDeps } from '../core/ports.js';
import type { ReadyCheck } from '../core/config/settings.js';

type TcpCheck = Extract<ReadyCheck, { kind: 'tcp' }>;

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1|0\.0\.0\.0)$/;

/**
 * Who holds the checked port, when that is outside the tree of `owner` (the pid supervisord runs); undefined
 * when fine, or when it cannot be told (no pid, a remote host, a holder of another account).
 */
export function heldElsewhere(
  check: TcpCheck,
  name: string,
  owner: number | undefined,
  deps: ServiceDeps,
): string | undefined {
  const tree = deps.processTree;
  if (!tree || owner === undefined || owner <= 0 || !LOOPBACK.test(check.host)) return undefined;
  const family = (tree.treeOf([owner]).get(owner) ?? []).map((entry) => entry.pid);
  const holder = tree.listenerOn(check.port, family)?.holder;
  if (!holder || family.includes(holder.pid)) return undefined;
  const stored = [...(deps.leftoverStore?.read().values() ?? [])].flat().some((entry) => entry.pid === holder.pid);
  const whose = stored ? 'left by a stop' : `not by ${name}'s process`;
  return `${check.host}:${check.port} is held by ${describeProcesses([holder])}, ${whose}`;
}
