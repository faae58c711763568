/** Entry point of bin/service and the package's canopsis-service. */
import { createInterrupts } from './interrupts.js';
import { processIo } from './io.js';
import { runAsProcess } from './main.js';
import { programName, serviceMain } from './service.js';

const program = programName(process.argv[1]);
const interrupts = createInterrupts();
runAsProcess(
  () => serviceMain(process.argv.slice(2), { ...processIo, interrupts }, program),
  program,
  interrupts.hungUp,
);
