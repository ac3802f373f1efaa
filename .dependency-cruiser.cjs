/*
 * The layering of src/ (docs/architecture.md), checked by test/architecture/layers.test.ts.
 *   domain   pure rules: imports only domain, no packages, no Node built-ins
 *   errors   the error family: imports only errors (and zod)
 *   config   settings, read once: errors
 *   telemetry OpenTelemetry: spans, metrics, log records with allowed dimensions: config, errors
 *   auth     bearer tokens: published signing keys, callers' tokens and permissions: domain, config, errors
 *   graph    Microsoft Graph's wire and clients: domain, config, errors, auth (the callback token), telemetry
 *   storage  Table Storage: domain, config, errors
 *   http     our API's edge: domain, config, errors, graph (the invite body is Graph's own shape), auth;
 *            its rooms http/openapi and http/timeline build on it, never the other way round
 *   webhooks sending deliveries: the address policy, signing, the SSRF-safe POST: webhooks only
 *   app      composition root and use cases: any of the above
 * src/lib never reaches up into src/functions or src/handlers; src never imports dev/, test/ or bench/.
 * swc is the parser because TypeScript 7 has no JS API; it keeps `import type` edges, which count too.
 */
const lib = 'src/lib/';
const layers = {
  domain: ['domain'],
  errors: ['errors'],
  config: ['config', 'errors'],
  telemetry: ['telemetry', 'config', 'errors'],
  auth: ['auth', 'domain', 'config', 'errors'],
  graph: ['graph', 'domain', 'config', 'errors', 'auth', 'telemetry'],
  storage: ['storage', 'domain', 'config', 'errors'],
  http: ['http', 'domain', 'config', 'errors', 'graph', 'auth'],
  webhooks: ['webhooks'],
};

const layerRules = Object.entries(layers).map(([layer, allowed]) => ({
  name: `${layer}-imports-only-${allowed.join('-')}`,
  comment: `src/lib/${layer} may import only src/lib/{${allowed.join(',')}}.`,
  severity: 'error',
  from: { path: `^${lib}${layer}/` },
  to: { path: `^src/`, pathNot: `^${lib}(${allowed.join('|')})/` },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'domain-has-no-packages',
      comment: 'The rules are pure functions of data: no SDKs, no Node built-ins (no I/O, no clock).',
      severity: 'error',
      from: { path: `^${lib}domain/` },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown', 'core'] },
    },
    {
      name: 'lib-does-not-know-the-edge',
      comment: 'src/lib serves src/functions and src/handlers, never the other way round.',
      severity: 'error',
      from: { path: `^${lib}` },
      to: { path: '^src/(functions|handlers)/' },
    },
    {
      name: 'src-does-not-import-tools',
      comment: 'The app ships without the local stack, the tests or the benchmarks.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(dev|test|bench)/' },
    },
    {
      name: 'http-core-does-not-import-its-rooms',
      comment: 'src/lib/http/openapi (the OpenAPI builder) and src/lib/http/timeline (the timeline page) build on the edge; the edge does not need them.',
      severity: 'error',
      from: { path: `^${lib}http/[^/]+$` },
      to: { path: `^${lib}http/(openapi|timeline)/` },
    },
    {
      name: 'timeline-does-not-import-openapi',
      comment: 'The OpenAPI builder describes the timeline; the timeline page never needs the builder.',
      severity: 'error',
      from: { path: `^${lib}http/timeline/` },
      to: { path: `^${lib}http/openapi/` },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    parser: 'swc',
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.d\\.ts$' },
  },
};
