/** Entry point of bin/hypcontrol. Ctrl-C stops launching and reports; a second Ctrl-C leaves at once. */
import { hypcontrolMain, hypcontrolProcessIo } from './hypcontrol.js';
import { runAsProcess } from './main.js';

const controller = new AbortController();
process.on('SIGINT', () => {
  if (controller.signal.aborted) process.exit(130);
  process.stderr.write('\nhypcontrol: interrupted: waiting for the services in flight, then stopping (Ctrl-C again to leave now)\n');
  controller.abort();
});
runAsProcess(() => hypcontrolMain(process.argv.slice(2), hypcontrolProcessIo(controller.signal)), 'hypcontrol');
