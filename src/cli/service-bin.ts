/** Entry point of bin/service and the package's canopsis-service. */
import { runService } from './run-service.js';

await runService(process.argv[1]);
