// The deployable build: dist/main.js registers the functions (and loads nothing heavy);
// dist/app.js holds the functions' code, required on the first invocation.
import { build } from 'esbuild';

// BUNDLE_OUTDIR lets a test build into a scratch folder; the deployable build goes to dist/.
const outdir = process.env.BUNDLE_OUTDIR ?? 'dist';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  minify: true,
  keepNames: true, // error classes are told apart by name in logs
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
  external: ['@azure/functions-core'],
};

// The OpenTelemetry SDK and exporters (Azure Monitor's distro is ~3 MB): their own file, loaded
// on first use only where telemetry is on.
const telemetryApart = {
  name: 'telemetry-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/sdk\/index\.js$/ }, (args) =>
      args.importer.includes('telemetry') ? { path: './telemetry.js', external: true } : undefined,
    );
  },
};

const handlersAsApp = {
  name: 'handlers-as-app',
  setup(b) {
    b.onResolve({ filter: /\/handlers\/index\.js$/ }, () => ({ path: './app.js', external: true }));
  },
};

// @azure/functions loads node:http, node:net and node:crypto at start but only uses them inside
// functions (HTTP streams, random ids), not to register: load them when first touched.
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    b.onResolve({ filter: /^(http|net|crypto)$/ }, (args) =>
      args.importer.includes('@azure/functions/') ? { path: args.path, namespace: 'lazy-builtin' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents: `let m; module.exports = new Proxy({}, { get: (_, key) => (m ??= require('node:${args.path}'))[key] });`,
      loader: 'js',
    }));
  },
};

await build({ ...common, entryPoints: { main: 'src/index.ts' }, outdir, plugins: [handlersAsApp, lazyBuiltins] });
await build({ ...common, entryPoints: { app: 'src/handlers/index.ts' }, outdir, plugins: [telemetryApart] });
await build({ ...common, entryPoints: { telemetry: 'src/lib/telemetry/sdk/index.ts' }, outdir });
