/** Entry point of bin/canopsis-tui. Leaves as soon as the panel is closed, whatever timers remain. */
import { colourLevel } from './colour-level.js';

// chalk (through Ink) turns colour off whenever CI is set, and the panel must run with CI=0 under test
// harnesses and some SSH setups; so decide from the terminal itself, before Ink is loaded.
const level = colourLevel(process.env, Boolean(process.stdout.isTTY));
if (level !== undefined) process.env.FORCE_COLOR = String(level);

// React's production build is chosen when the panel is bundled (npm run build defines NODE_ENV there): its
// development build costs several times the CPU on every frame.
const { tuiMain } = await import('./canopsis-tui.js');
tuiMain(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`canopsis-tui: internal error: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
