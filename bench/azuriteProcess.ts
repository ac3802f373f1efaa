/* Azurite Tables in its own process (its own core), over https with OAuth, for the benchmarks. */
import { startAzuriteTables } from '../dev/azurite';

void startAzuriteTables({ certFile: process.argv[2], keyFile: process.argv[3] }).then((azurite) => {
  process.stdout.write(`${JSON.stringify({ endpoint: azurite.endpoint })}\n`);
});
