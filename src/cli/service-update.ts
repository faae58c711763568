/** `service --update [--dry-run] [GROUP...]` (SPEC 9): supervisord's reloadConfig, previewed, then applied. */
import { describePlan } from '../core/plan/config-update.js';
import { ExitCode } from '../core/model/outcomes.js';
import { readinessOf } from '../core/plan/readiness.js';
import { buildCatalog } from '../core/plan/catalog.js';
import { ConfigError } from '../core/model/config-error.js';
import { describeGroupResult } from '../control/config-update.js';
import type { CommonFlags } from './args.js';
import type { CliIo } from './io.js';
import type { Wiring } from './wiring.js';

export async function runUpdate(
  wiring: Wiring,
  groups: string[],
  dryRun: boolean,
  flags: CommonFlags,
  io: CliIo,
  program: string,
): Promise<number> {
  const preview = await wiring.engine.previewUpdate(wiring.files, groups);
  if (!preview.ok) {
    if (flags.json)
      io.out(JSON.stringify({ update: 'refused', problems: preview.problems, exitCode: ExitCode.FAILED }, null, 2));
    else preview.problems.forEach((problem) => io.err(`${program}: ${problem}`));
    return ExitCode.FAILED;
  }
  if (!flags.json) describePlan(preview.plan).forEach((line) => io.out(line));
  if (dryRun || preview.plan.groups.length === 0) {
    if (flags.json)
      io.out(
        JSON.stringify(
          { update: dryRun ? 'dry-run' : 'nothing to do', plan: preview.plan, exitCode: ExitCode.OK },
          null,
          2,
        ),
      );
    return ExitCode.OK;
  }
  const config = wiring.files.config instanceof ConfigError ? undefined : wiring.files.config;
  const { checks } = readinessOf(wiring.files.settings, buildCatalog({ ...wiring.files, config, loaded: undefined }));
  const platform = wiring.files.settings.platform;
  const run = await wiring.engine.applyUpdate(wiring.files, groups, preview.answer, {
    timeoutMs: flags.timeoutMs,
    leftoverGraceMs: platform.leftoverGraceMs,
    killLeftovers: flags.killLeftovers,
    ...(flags.noWait ? {} : { readiness: { checks, timeoutMs: platform.readyTimeoutMs } }),
    onGroup: (result) => !flags.json && io.out(describeGroupResult(result)),
  });
  const code = run.ok && run.groups.every((group) => group.ok) ? ExitCode.OK : ExitCode.FAILED;
  const detail = run.ok ? { plan: run.plan, groups: run.groups } : { problems: run.problems };
  if (flags.json) io.out(JSON.stringify({ update: 'applied', ...detail, exitCode: code }, null, 2));
  else if (!run.ok) run.problems.forEach((problem) => io.err(`${program}: ${problem}`));
  return code;
}
