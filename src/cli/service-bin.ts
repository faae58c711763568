/** Entry point of bin/service and the package's canopsis-service. */
import { runAsProcess } from './main.js';
import { programName, serviceMain } from './service.js';

const program = programName(process.argv[1]);
runAsProcess(() => serviceMain(process.argv.slice(2), undefined, program), program);
