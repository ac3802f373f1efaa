// The deployable build: dist/main.js registers the functions (and loads nothing heavy);
// dist/app.js holds the functions' code, required on the first invocation.
import { build } from 'esbuild';

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

const handlersAsApp = {
  name: 'handlers-as-app',
  setup(b) {
    b.onResolve({ filter: /\/handlers\/index\.js$/ }, () => ({ path: './app.js', external: true }));
  },
};

await build({ ...common, entryPoints: { main: 'src/index.ts' }, outdir: 'dist', plugins: [handlersAsApp] });
await build({ ...common, entryPoints: { app: 'src/handlers/index.ts' }, outdir: 'dist' });
