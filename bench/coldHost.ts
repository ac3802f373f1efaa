/*
 * A fresh process serving the built app as the host would: registers the functions from the entry
 * in argv[2], serves them, and prints its port and the time (ms since process start) it got there.
 * Settings come from the environment; NODE_EXTRA_CA_CERTS trusts the local certificate.
 */
import { installFunctionsCore } from '../dev/functionsCore';
import { startFunctionsHost } from '../dev/functionsHost';

const registrations = installFunctionsCore();
require(process.argv[2] ?? '');
const registeredAt = performance.now();
void startFunctionsHost(registrations).then((host) => {
  process.stdout.write(`${JSON.stringify({ port: host.port, registeredAt })}\n`);
});
