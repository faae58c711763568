/** Entry point of bin/hypcontrol. */
import { runHypcontrol } from './run-hypcontrol.js';

await runHypcontrol();
