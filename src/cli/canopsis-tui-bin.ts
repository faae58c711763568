/** Entry point of bin/canopsis-tui. */
import { runPanel } from './run-panel.js';

await runPanel();
