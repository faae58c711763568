/** Entry point of bin/canopsis-tui. Leaves as soon as the panel is closed, whatever timers remain. */
import { tuiMain } from './canopsis-tui.js';

tuiMain(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`canopsis-tui: internal error: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
