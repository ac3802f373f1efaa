// Entry of the azd hooks on every OS (azure.yaml runs `node infra/entra/hook.mjs <step>` from both
// its posix and windows entries). Uses only Node built-ins until the dependencies are there: a
// preprovision hook runs before azd has installed anything.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const windows = process.platform === 'win32';
/** @param {string} command @param {string[]} args */
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit', shell: windows });

try {
  createRequire(join(root, 'package.json')).resolve('@microsoft/microsoft-graph-client');
} catch {
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

const steps = await import('./steps.mjs');
const step = process.argv[2] ?? '';
/** @type {(line: string) => void} */
const log = (line) => console.log(line);

if (step === 'after-down') {
  await steps.afterDown({ env: process.env, log });
} else if (step === 'create-apps' || step === 'trust-identity' || step === 'grant-caller') {
  const { AzureCliCredential, AzureDeveloperCliCredential, ChainedTokenCredential } = await import('@azure/identity');
  const { graphClient } = await import('./graph.mjs');
  const tenantId = process.env.AZURE_TENANT_ID || undefined;
  // azd's login first (azd auth login), then az's (az login), the two the README asks for.
  const credential = new ChainedTokenCredential(new AzureDeveloperCliCredential({ tenantId }), new AzureCliCredential({ tenantId }));
  const graph = graphClient(credential);
  const setEnv = (/** @type {string} */ name, /** @type {string} */ value) => run('azd', ['env', 'set', name, value]);
  const c = { graph, env: process.env, setEnv, log };
  if (step === 'grant-caller') {
    // Run by hand: the azd environment's values are read from azd when not in the environment.
    c.env = { ...process.env, API_CLIENT_ID: process.env.API_CLIENT_ID || execFileSync('azd', ['env', 'get-value', 'API_CLIENT_ID'], { cwd: root, encoding: 'utf8', shell: windows }).trim() };
    await steps.grantCaller(c, process.argv.slice(3));
  } else {
    await (step === 'create-apps' ? steps.createApps : steps.trustIdentity)(c);
  }
} else {
  console.error('usage: node infra/entra/hook.mjs create-apps | trust-identity | after-down | grant-caller <principal object id> <role>...');
  process.exit(2);
}
