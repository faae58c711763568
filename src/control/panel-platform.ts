/**
 * A platform action from the panel (`h`): each node read and asked now, the platform planned over their
 * answers and run as `hypcontrol` runs it (control/platform), on one node or several alike.
 */
import { ConfigError } from '../core/model/config-error.js';
import type { HomePort } from '../core/home.js';
import type { Verb } from '../core/panel/tui-types.js';
import { nodeNaming } from '../core/report/node-names.js';
import { createControlEngine } from './engine.js';
import { askNodes, planPlatform, type FleetNode } from './fleet.js';
import { runPlatformVerb, type PlatformEvent, type PlatformOutcome } from './platform.js';

/** A node as the panel knows it: its name, address, and the port that reads its home. */
export interface PlatformHome {
  name: string;
  label: string;
  home: HomePort;
  local: boolean;
}

export async function platformOnHomes(
  homes: readonly PlatformHome[],
  verb: Verb,
  signal: AbortSignal,
  onEvent: (event: PlatformEvent) => void,
  timeoutMs: number,
): Promise<PlatformOutcome | { error: string }> {
  const nodes = homes.map(({ name, label, home, local }): FleetNode => {
    const reading = home.read();
    return { ...reading, name, label, local, engine: createControlEngine(reading.deps) };
  });
  const { files } = nodes[0]!;
  if (files.hypcontrol instanceof ConfigError) return { error: files.hypcontrol.message };
  const plan = planPlatform(files.hypcontrol, await askNodes(nodes));
  if (!plan.ok) {
    const names = plan.unresolved.map((one) => `${one.stage}: ${one.message}`);
    return { error: `${names.join('; ')}: nothing was started or stopped` };
  }
  const { platform } = files.settings;
  const { stopped, started, refused } = await runPlatformVerb(verb, plan.nodes, {
    timeoutMs,
    signal,
    onEvent,
    leftoverGraceMs: platform.leftoverGraceMs,
    readyTimeoutMs: platform.readyTimeoutMs,
    name: nodeNaming(homes.length),
  });
  return refused ? { error: refused } : (started ?? stopped)!;
}
