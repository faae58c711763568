/** Entry point of bin/canopsis-tui. */
import { runPanel } from './entries.js';

await runPanel();
