// The one-file install's script (scripts/one-file.mjs bundles it): the command its link is named after.
// `process.argv0` is the name it was called by (a link named `service`); argv[0] is the resolved binary.
import path from 'node:path';
import { ready as yogaReady } from './yoga-later.mjs';
import { runHypcontrol, runPanel, runService } from '../dist/cli/entries.js';

// (No top-level await: a single executable runs a CommonJS script.)
async function main() {
  const called = path.basename(process.argv0);
  // In a single executable, argv[1] is the binary again: the arguments start at argv[2] as for a script.
  if (called === 'service' || called === 'canopsis-service') return runService(called);
  if (called === 'hypcontrol') return runHypcontrol();
  // (The folder form's launcher gives node --max-semi-space-size=4 for a lower RSS; a single executable on
  // Node 20 takes no node options, and v8.setFlagsFromString at run time was measured to change nothing.)
  await yogaReady();
  return runPanel();
}

main().catch((error) => {
  process.stderr.write(`canopsis-tui: internal error: ${error.message}\n`);
  process.exit(1);
});
