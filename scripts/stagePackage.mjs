// Stages the deployment package azd uploads (azure.yaml `dist: dist/package`, remoteBuild off):
// host.json, a package.json with nothing build-time in it, and the esbuild bundle. The bundle
// inlines every dependency except @azure/functions-core (the worker supplies it), so the package
// needs no node_modules and Azure runs no build.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const bundleDir = process.env.BUNDLE_OUTDIR ?? 'dist';
const stage = process.env.PACKAGE_DIR ?? join('dist', 'package');

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
// `main` keeps its path (dist/main.js) so the package mirrors the project the host ran locally.
const runtimePackage = {
  name: pkg.name,
  version: pkg.version,
  private: true,
  description: pkg.description,
  main: pkg.main,
  engines: pkg.engines,
};

rmSync(stage, { recursive: true, force: true });
mkdirSync(join(stage, dirname(pkg.main)), { recursive: true });
copyFileSync('host.json', join(stage, 'host.json'));
writeFileSync(join(stage, 'package.json'), JSON.stringify(runtimePackage, null, 2) + '\n');
for (const file of ['main.js', 'app.js', 'telemetry.js']) copyFileSync(join(bundleDir, file), join(stage, dirname(pkg.main), file));
// azd zips this folder and reads the ignore file found here (then leaves the file itself out).
copyFileSync('.funcignore', join(stage, '.funcignore'));
