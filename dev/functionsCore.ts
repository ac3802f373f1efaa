import Module from 'node:module';

/** One function as the Functions host would index it: metadata from app.http/app.timer, and its handler. */
export interface Registration {
  readonly name: string;
  readonly bindings: Readonly<Record<string, BindingMetadata>>;
  readonly handler: (...args: unknown[]) => unknown;
}

export interface BindingMetadata {
  readonly type: string;
  readonly direction: string;
  readonly route?: string;
  readonly methods?: readonly string[];
  readonly authLevel?: string;
  readonly schedule?: string;
}

interface Registry {
  readonly functions: Map<string, Registration>;
  readonly core: Record<string, unknown>;
  /** What the app gave the worker: its programming model (capabilities) and the hooks it registered. */
  readonly worker: { model: unknown; readonly hooks: string[] };
  /** The hooks' callbacks by name, run as the host runs them (runHooks). */
  readonly hookCallbacks: Map<string, ((context: unknown) => unknown)[]>;
}

const registryKey = Symbol.for('graph-call-invites.functions-core');
type GlobalWithRegistry = typeof globalThis & { [registryKey]?: Registry };

/**
 * Supplies `@azure/functions-core`, the module the Functions worker provides to `@azure/functions`
 * at run time. With it `app.http()` registers exactly as under the host, and we capture each
 * registration (name, trigger metadata, handler) to serve it locally. Must run before the app loads.
 */
export function installFunctionsCore(): Map<string, Registration> {
  const g = globalThis as GlobalWithRegistry;
  if (g[registryKey]) return g[registryKey].functions;
  const functions = new Map<string, Registration>();
  const disposable = { dispose() {} };
  const worker: Registry['worker'] = { model: undefined, hooks: [] };
  const hookCallbacks: Registry['hookCallbacks'] = new Map();
  const core: Record<string, unknown> = {
    version: 'local',
    hostVersion: 'local',
    setProgrammingModel(model: unknown) {
      worker.model = model;
    },
    getProgrammingModel() {
      return worker.model;
    },
    registerHook(name: string, callback: (context: unknown) => unknown) {
      worker.hooks.push(name);
      hookCallbacks.set(name, [...(hookCallbacks.get(name) ?? []), callback]);
      return disposable;
    },
    log() {},
    registerFunction(metadata: { name: string; bindings: Record<string, BindingMetadata> }, handler: Registration['handler']) {
      functions.set(metadata.name, { name: metadata.name, bindings: metadata.bindings, handler });
      return { dispose: () => functions.delete(metadata.name) };
    },
  };
  g[registryKey] = { functions, core, worker, hookCallbacks };
  const proto = Module.prototype as unknown as { require: (id: string) => unknown };
  const originalRequire = proto.require;
  proto.require = function (this: unknown, id: string) {
    if (id === '@azure/functions-core') return core;
    return originalRequire.call(this, id);
  };
  return functions;
}

/**
 * Runs the app's hooks of `name` as the worker does, one after another (e.g. appTerminate when the
 * host shuts the worker down). Nothing registered, nothing run.
 */
export async function runHooks(name: string): Promise<void> {
  const registry = (globalThis as GlobalWithRegistry)[registryKey];
  for (const callback of registry?.hookCallbacks.get(name) ?? []) await callback({ hookData: {}, appHookData: {} });
}
