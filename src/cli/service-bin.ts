/** Entry point of bin/service and the package's canopsis-service. */
import { runService } from './entries.js';

await runService(process.argv[1]);
