/** `service NAME ACTION`: one service, group, engine or pattern, whatever runs it (SPEC 4). */
import path from 'node:path';
import { ExitCode } from '../core/model/outcomes.js';
import { invalidNameReason, printableName } from '../core/model/names.js';
import { parseCommon, type CommonFlags } from './args.js';
import type { ActionName } from './service-action.js';
import { serviceOn, statusAll } from './service-run.js';
import { readFleet } from './node-wiring.js';
import { LOG_OPTIONS, logFlags } from './service-log.js';
import { HISTORY_DEFAULT, showHistory } from './service-history.js';
import { runUpdate } from './service-update.js';
import { BASH_COMPLETION, completionNames } from './service-completion.js';
import { packageVersion, processIo, type CliIo } from './io.js';
import { completionSources, resolveHome } from './wiring.js';

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
  const fleet = await readFleet(resolveHome(flags.home, io.env), io.env, flags.timeoutMs);
  return runUpdate(fleet, groups, Boolean(flags['dry-run']), flags, io, program);
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
  const everyStatus = Boolean(flags['status-all']);
  if (flags.completion !== undefined) {
    if (flags.completion !== 'bash') return (io.err(`${program}: --completion knows bash only`), ExitCode.USAGE);
    return (io.out(BASH_COMPLETION.trimEnd()), ExitCode.OK);
  }
  if (flags.names)
    return (
      completionNames(completionSources(resolveHome(flags.home, io.env), io.env)).forEach((name) => io.out(name)),
      ExitCode.OK
    );
  if (flags.history) return historyCommand(flags, positionals, io, program);
  if (flags.update || flags['dry-run']) return updateCommand(flags, positionals, io, program);
  const [operand, action] = positionals as [string | undefined, string | undefined];
  if (!everyStatus && (positionals.length !== 2 || !ACTIONS.includes(action as Action))) {
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
  const home = resolveHome(flags.home, io.env);
  const fleet = await readFleet(home, io.env, flags.timeoutMs, 'service', everyStatus ? undefined : operand);
  if (everyStatus) return statusAll(fleet, flags, io, program);
  return serviceOn(fleet, operand!, action as ActionName | 'status' | 'log', log, flags, io, program);
}

/** The program name as the operator typed it (`service` or `canopsis-service`). */
export function programName(argv1: string | undefined): string {
  return argv1 ? path.basename(argv1) : 'service';
}
