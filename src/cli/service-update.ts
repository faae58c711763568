/**
 * `service --update [--dry-run] [GROUP...]` (SPEC 9) on every node of the home at once: each node's own
 * supervisord asked (`reloadConfig` is a call: no file of another node is read here), each node's preview
 * shown, then applied. A node that cannot be updated is said by name; it never holds the others back.
 */
import { describePlan } from '../core/plan/config-update.js';
import { ExitCode } from '../core/model/outcomes.js';
import { describeGroupResult, unknownGroups, type UpdatePreview, type UpdateRun } from '../control/config-update.js';
import { askNodes, type FleetNode } from '../control/fleet.js';
import type { CommonFlags } from './args.js';
import type { CliIo } from './io.js';
import type { Fleet } from './node-wiring.js';

/** Presentation: a home of one prints as it always did; several nodes each under its name and address. */
function printer(fleet: Fleet, io: CliIo, program: string) {
  const one = fleet.nodes.length === 1;
  return {
    lines(node: FleetNode, lines: string[]) {
      if (!one) io.out(`${node.label}:`);
      lines.forEach((line) => io.out(one ? line : `  ${line}`));
    },
    problem: (node: FleetNode, problem: string) => io.err(`${program}: ${one ? '' : `${node.label}: `}${problem}`),
  };
}

/** What one node's update came to, for --json and the exit code. */
interface NodeUpdate {
  node: string;
  update: 'refused' | 'dry-run' | 'nothing to do' | 'applied';
  preview: UpdatePreview;
  run?: UpdateRun;
}

function nodeJson({ node, update, preview, run }: NodeUpdate) {
  const problems = !preview.ok ? preview.problems : run && !run.ok ? run.problems : undefined;
  const plan = run?.ok ? run.plan : preview.ok ? preview.plan : undefined;
  return {
    node,
    update,
    ...(plan ? { plan } : {}),
    ...(run?.ok ? { groups: run.groups } : {}),
    ...(problems ? { problems } : {}),
  };
}

const updated = (one: NodeUpdate) =>
  one.preview.ok && (!one.run || (one.run.ok && one.run.groups.every((group) => group.ok)));

export async function runUpdate(
  fleet: Fleet,
  groups: string[],
  dryRun: boolean,
  flags: CommonFlags,
  io: CliIo,
  program: string,
): Promise<number> {
  const previews = await Promise.all(fleet.nodes.map((node) => node.engine.previewUpdate(node.files, groups)));
  const nowhere = unknownGroups(previews, groups);
  if (nowhere) {
    if (flags.json)
      io.out(JSON.stringify({ update: 'refused', problems: [nowhere], exitCode: ExitCode.FAILED }, null, 2));
    else io.err(`${program}: ${nowhere}`);
    return ExitCode.FAILED;
  }
  const print = printer(fleet, io, program);
  fleet.nodes.forEach((node, index) => {
    const preview = previews[index]!;
    if (flags.json) return;
    if (preview.ok) print.lines(node, describePlan(preview.plan));
    else preview.problems.forEach((problem) => print.problem(node, problem));
  });
  // Each node's checks bound on what it runs, so that what the update starts is waited for as a start is:
  // asked only when something is applied (a dry run or nothing to do asks no node again).
  const applying = !dryRun && previews.some((preview) => preview.ok && preview.plan.groups.length > 0);
  const checks = flags.noWait || !applying ? undefined : await askNodes(fleet.nodes);
  const results = await Promise.all(
    fleet.nodes.map(async (node, index): Promise<NodeUpdate> => {
      const preview = previews[index]!;
      const base = { node: node.name, preview };
      if (!preview.ok) return { ...base, update: 'refused' };
      if (dryRun) return { ...base, update: 'dry-run' };
      if (preview.plan.groups.length === 0) return { ...base, update: 'nothing to do' };
      const platform = node.files.settings.platform;
      const run = await node.engine.applyUpdate(node.files, groups, preview.answer, {
        timeoutMs: flags.timeoutMs,
        leftoverGraceMs: platform.leftoverGraceMs,
        killLeftovers: flags.killLeftovers,
        ...(checks ? { readiness: { checks: checks.states[index]!.checks, timeoutMs: platform.readyTimeoutMs } } : {}),
        onGroup: (result) => !flags.json && print.lines(node, [describeGroupResult(result)]),
      });
      if (!run.ok && !flags.json) run.problems.forEach((problem) => print.problem(node, problem));
      return { ...base, update: 'applied', run };
    }),
  );
  const code = results.every(updated) ? ExitCode.OK : ExitCode.FAILED;
  if (flags.json) {
    const update = dryRun ? 'dry-run' : results.some((one) => one.run) ? 'applied' : 'nothing to do';
    io.out(JSON.stringify({ update, nodes: results.map(nodeJson), exitCode: code }, null, 2));
  }
  return code;
}
