/** Entry point of bin/hypcontrol. */
import { runHypcontrol } from './entries.js';

await runHypcontrol();
