/** The one place that builds real adapters from a Canopsis home, for every command. */
import path from 'node:path';
import { ConfigError } from '../core/config-error.js';
import { createInitscriptRunner } from '../adapters/initscript-runner.js';
import { readHome } from '../adapters/config-files.js';
import type { HomeFiles } from '../core/home.js';
import { createSupervisorClient } from '../adapters/supervisor-client.js';
import { createSupervisordLauncher } from '../adapters/supervisord-launcher.js';
import { systemClock } from '../adapters/system-clock.js';
import type { ServiceDeps } from '../control/service-actions.js';
import { readDaemonView, type DaemonView } from '../control/service-status.js';
import { buildCatalog, type Catalog } from '../core/catalog.js';

/** `--home`, else `$CANOPSIS_HOME`, else `$HOME` (SPEC 2). */
export function resolveHome(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return path.resolve(flag || env.CANOPSIS_HOME || env.HOME || '.');
}

export interface Wiring {
  files: HomeFiles;
  deps: ServiceDeps;
}

/** Reads the home and builds the ports over it. */
export function wireHome(home: string, env: NodeJS.ProcessEnv): Wiring {
  const files = readHome(home, env);
  const config = files.config instanceof ConfigError ? undefined : files.config;
  const deps: ServiceDeps = {
    supervisor: config ? createSupervisorClient(config.access) : undefined,
    supervisorProblem: files.config instanceof ConfigError ? files.config.message : undefined,
    initscripts: createInitscriptRunner(path.join(files.etc, 'init.d'), home),
    launcher: config ? createSupervisordLauncher({ configFile: files.supervisordConf, home, env }) : undefined,
    clock: systemClock,
  };
  return { files, deps };
}

export interface Snapshot {
  view: DaemonView;
  catalog: Catalog;
}

/** One getAllProcessInfo and the catalog it and the files make together. */
export async function takeSnapshot(wiring: Wiring): Promise<Snapshot> {
  const view = await readDaemonView(wiring.deps.supervisor, wiring.deps.supervisorProblem);
  const config = wiring.files.config instanceof ConfigError ? undefined : wiring.files.config;
  return { view, catalog: buildCatalog({ config, loaded: view.ok ? view.processes : undefined, lsb: wiring.files.lsb }) };
}
