/** `service NAME ACTION`: one service, group, engine or pattern, whatever runs it (SPEC 4). */
import path from 'node:path';
import { buildCatalog, type Catalog } from '../core/plan/catalog.js';
import { ConfigError } from '../core/model/config-error.js';
import { ExitCode } from '../core/model/outcomes.js';
import { resolveOperand, targetProcesses, type Target } from '../core/plan/resolver.js';
import { supervisordProblems } from '../core/home.js';
import { readinessOf } from '../core/plan/readiness.js';
import { unknownRow, type StatusRow } from '../core/report/status.js';
import type { ProcessInfo } from '../core/ports.js';
import type { DaemonView, Snapshot } from '../control/service-status.js';
import { parseCommon, type CommonFlags } from './args.js';
import { runAction, type ActionName } from './service-action.js';
import { printRows, serviceOnNodes, statusAllOnNodes } from './service-nodes.js';
import { wireFleet, type NodeWiring } from './node-wiring.js';
import { onNode } from './json-contract.js';
import { splitNodeName } from '../core/config/nodes.js';
import { LOG_OPTIONS, logFlags, showLog } from './service-log.js';
import { HISTORY_DEFAULT, showHistory } from './service-history.js';
import { runUpdate } from './service-update.js';
import { BASH_COMPLETION, completionNames } from './service-completion.js';
import { readHome } from '../adapters/config-files.js';
import { invalidNameReason, printableName } from '../core/model/names.js';
import { packageVersion, processIo, type CliIo } from './io.js';
import { resolveHome, wireHome } from './wiring.js';

const ACTIONS = ['start', 'stop', 'restart', 'status', 'mstart', 'mstop', 'mrestart', 'log'] as const;
type Action = (typeof ACTIONS)[number];

function usage(program: string): string {
  return [
    `Usage: ${program} NAME start|stop|restart|status|mstart|mstop|mrestart [--json] [--timeout S] [--home DIR]`,
    '                [--no-wait] [--kill-leftovers]',
    `       ${program} NAME log [-f] [-n LINES] [--stdout|--stderr] [--home DIR]`,
    `       ${program} --status-all [--json] [--home DIR]`,
    `       ${program} --history [-n N] [--json] [--home DIR]`,
    `       ${program} --update [--dry-run] [GROUP...] [--json] [--home DIR]`,
    `       ${program} --completion bash     (a bash completion script; --names lists what it completes)`,
    '',
    'NAME is an initscript in ~/etc/init.d, a supervisord group, program or process (group:process),',
    "or a pattern such as 'amqp2engines*'. m-actions act on every matched process at once. With [node:...]",
    'sections in ~/etc/canopsis-tui.ini, NAME@NODE is NAME on that node only; NAME alone, every node that has it.',
    'Starts wait for the readiness checks of ~/etc/canopsis-tui.ini [ready] (--no-wait: they do not).',
    'A stop fails when processes of the stopped one outlive it; --kill-leftovers kills them (TERM, then KILL).',
    'log prints the last LINES lines (default 40) of stdout and stderr, -f follows until Ctrl-C.',
    '--update applies what changed in the files (supervisord reloadConfig): it shows, group by group, what it',
    'stops and starts, then does it; what ran before runs again, nothing else is touched. --dry-run only shows.',
    '--history prints the last N (default 20) actions of every command on this home, with who and from where.',
    'Exit: actions 0 ok, 1 failed, 2 usage; status 0 running and ready, 3 not, 4 unknown; log 4 unreadable.',
  ].join('\n');
}

/** The home as one command sees it: its ports, the names it knows, and its readiness checks bound to them. */
interface Home {
  wiring: NodeWiring;
  catalog: Catalog;
  readiness: ReturnType<typeof readinessOf>;
}

/** Binds the settings' checks to the catalog once, saying what is wrong in them (on stderr, unless --json). */
function homeOf(wiring: NodeWiring, catalog: Catalog, flags: CommonFlags, io: CliIo, program: string): Home {
  const readiness = readinessOf(wiring.files.settings, catalog);
  if (!flags.json) readiness.problems.forEach((problem) => io.err(`${program}: ${problem}`));
  return { wiring, catalog, readiness };
}

/** Problems of the home's files: supervisord's, then the settings file's. */
const problemsOf = ({ wiring, readiness }: Home) => [...supervisordProblems(wiring.files), ...readiness.problems];

function printStatus(rows: StatusRow[], home: Home, flags: CommonFlags, io: CliIo): number {
  return printRows(onNode(rows, home.wiring.name), false, problemsOf(home), flags, io);
}

async function showStatus(
  targets: Target[],
  view: DaemonView,
  home: Home,
  flags: CommonFlags,
  io: CliIo,
): Promise<number> {
  const rows = await home.wiring.engine.status(targets, view, home.catalog, flags.timeoutMs, home.readiness.checks);
  return printStatus(rows, home, flags, io);
}

/** Targets for `--status-all`: every initscript, then every supervisord process. */
function everyTarget(catalog: Catalog): Target[] {
  return [
    ...catalog.lsb.map((name): Target => ({ kind: 'lsb', name })),
    ...catalog.processes.map((p): Target => ({ kind: 'process', name: p.namespec, group: p.group })),
  ];
}

/** `--status-all`: when neither the files nor the daemon can name a process, say so in a row of its own. */
async function showEveryStatus(wiring: NodeWiring, flags: CommonFlags, io: CliIo, program: string): Promise<number> {
  const { view, catalog } = await wiring.engine.snapshot(wiring.files);
  const home = homeOf(wiring, catalog, flags, io, program);
  if (view.ok || catalog.processes.length > 0) return showStatus(everyTarget(catalog), view, home, flags, io);
  const lsb = await wiring.engine.status(everyTarget(catalog), view, catalog, flags.timeoutMs);
  return printStatus([...lsb, unknownRow('supervisord', 'supervisord', view.reason)], home, flags, io);
}

/** `--history [-n N]`: no name, no action; -n is the number of entries. */
function historyCommand(
  flags: CommonFlags & Record<string, unknown>,
  positionals: string[],
  io: CliIo,
  program: string,
): number {
  const count = flags.lines === undefined ? HISTORY_DEFAULT : Number(flags.lines);
  const badCount = !Number.isInteger(count) || count < 1 || count > 100_000;
  const wrong =
    positionals.length > 0
      ? '--history takes no NAME or ACTION'
      : badCount
        ? `-n wants a number of entries (1 to 100000), got ${JSON.stringify(flags.lines)}`
        : undefined;
  if (wrong) return (io.err(`${program}: ${wrong}`), io.err(usage(program)), ExitCode.USAGE);
  return showHistory(resolveHome(flags.home, io.env), count, flags.json, io);
}

/** `--update [--dry-run] [GROUP...]`: each GROUP a valid name. */
async function updateCommand(
  flags: CommonFlags & Record<string, unknown>,
  groups: string[],
  io: CliIo,
  program: string,
): Promise<number> {
  const invalid = groups.find((group) => invalidNameReason(group));
  const badGroup = invalid !== undefined ? `invalid group name ${JSON.stringify(printableName(invalid))}` : undefined;
  const wrong = !flags.update ? '--dry-run goes with --update' : badGroup;
  if (wrong) return (io.err(`${program}: ${wrong}`), io.err(usage(program)), ExitCode.USAGE);
  const wiring = wireHome(resolveHome(flags.home, io.env), io.env, flags.timeoutMs);
  return runUpdate(wiring, groups, Boolean(flags['dry-run']), flags, io, program);
}

/** Runs the command; returns the exit code. */
export async function serviceMain(argv: string[], io: CliIo = processIo, program = 'service'): Promise<number> {
  const parsed = parseCommon(argv, ['status-all', 'history', 'update', 'dry-run', 'names'], {
    ...LOG_OPTIONS,
    completion: { type: 'string' },
  });
  if (!parsed.ok) return (io.err(`${program}: ${parsed.message}`), io.err(usage(program)), ExitCode.USAGE);
  const { flags, positionals } = parsed;
  if (flags.help) return (io.out(usage(program)), ExitCode.OK);
  if (flags.version) return (io.out(`${program} (canopsis-tui) ${packageVersion()}`), ExitCode.OK);
  const statusAll = Boolean(flags['status-all']);
  if (flags.completion !== undefined) {
    if (flags.completion !== 'bash') return (io.err(`${program}: --completion knows bash only`), ExitCode.USAGE);
    return (io.out(BASH_COMPLETION.trimEnd()), ExitCode.OK);
  }
  if (flags.names)
    return (
      completionNames(readHome(resolveHome(flags.home, io.env), io.env)).forEach((name) => io.out(name)),
      ExitCode.OK
    );
  if (flags.history) return historyCommand(flags, positionals, io, program);
  if (flags.update || flags['dry-run']) return updateCommand(flags, positionals, io, program);
  const [operand, action] = positionals as [string | undefined, string | undefined];
  if (!statusAll && (positionals.length !== 2 || !ACTIONS.includes(action as Action))) {
    const wrong = positionals.length < 2 ? 'expected NAME and ACTION' : `unknown action ${JSON.stringify(action)}`;
    return (io.err(`${program}: ${wrong}`), io.err(usage(program)), ExitCode.USAGE);
  }
  const logOptions = Object.keys(LOG_OPTIONS).filter((name) => flags[name] !== undefined && flags[name] !== false);
  const log =
    action === 'log'
      ? logFlags(flags)
      : logOptions.length > 0
        ? `--${logOptions[0]} is an option of log only`
        : undefined;
  if (typeof log === 'string') return (io.err(`${program}: ${log}`), io.err(usage(program)), ExitCode.USAGE);
  const fleet = wireFleet(resolveHome(flags.home, io.env), io.env, flags.timeoutMs);
  if (fleet.several && statusAll) return statusAllOnNodes(fleet, flags, io, program);
  const nodeNamed =
    operand !== undefined &&
    splitNodeName(
      operand,
      fleet.nodes.map((node) => node.name),
    ).node !== undefined;
  if (fleet.several || nodeNamed)
    return serviceOnNodes(fleet, operand!, action as ActionName | 'status' | 'log', log, flags, io, program);
  const wiring = fleet.nodes[0]!;
  // A broken file is said once, up front; what the running supervisord knows stays actionable.
  if (!flags.json) supervisordProblems(wiring.files).forEach((problem) => io.err(`${program}: ${problem}`));
  if (statusAll) return showEveryStatus(wiring, flags, io, program);
  // The files name almost everything: only a pattern, or a name they lack, needs the daemon's list first.
  const config = wiring.files.config instanceof ConfigError ? undefined : wiring.files.config;
  const catalogWith = (loaded: ProcessInfo[] | undefined) => buildCatalog({ ...wiring.files, config, loaded });
  let resolution = resolveOperand(operand!, catalogWith(undefined));
  let snapshot: Snapshot | undefined;
  if ((!resolution.ok && resolution.error !== 'invalid') || (resolution.ok && resolution.pattern)) {
    snapshot = await wiring.engine.snapshot(wiring.files);
    resolution = resolveOperand(operand!, snapshot.catalog);
  }
  if (!resolution.ok) {
    const code =
      resolution.error === 'invalid'
        ? ExitCode.USAGE
        : action === 'status' || action === 'log'
          ? ExitCode.STATUS_UNKNOWN
          : ExitCode.FAILED;
    const unreadable =
      config === undefined && resolution.error !== 'invalid'
        ? " (supervisord's files could not be read: see above)"
        : '';
    if (flags.json)
      io.out(
        JSON.stringify(
          { error: resolution.message, problems: supervisordProblems(wiring.files), exitCode: code },
          null,
          2,
        ),
      );
    else io.err(resolution.message + unreadable);
    return code;
  }
  if (log) return showLog(resolution.targets, wiring, log, io, program);
  if (action !== 'status') {
    const home = homeOf(wiring, snapshot?.catalog ?? catalogWith(undefined), flags, io, program);
    const part = {
      wiring,
      targets: resolution.targets,
      checks: home.readiness.checks,
      node: wiring.name,
      several: false,
    };
    return runAction(
      action as ActionName,
      [part],
      { all: problemsOf(home), readiness: home.readiness.problems },
      flags,
      io,
    );
  }
  const namespecs = targetProcesses(resolution.targets);
  const view = snapshot?.view ?? (await wiring.engine.viewOf(namespecs));
  const home = homeOf(
    wiring,
    snapshot?.catalog ?? catalogWith(view.ok ? view.processes : undefined),
    flags,
    io,
    program,
  );
  return showStatus(resolution.targets, view, home, flags, io);
}

/** The program name as the operator typed it (`service` or `canopsis-service`). */
export function programName(argv1: string | undefined): string {
  return argv1 ? path.basename(argv1) : 'service';
}
