import { installFunctionsCore } from '../../dev/functionsCore';

/** The routes (`METHOD /api/route`) and timers the app registers, captured as the local host captures them. */
export async function registeredFunctions(): Promise<{ routes: string[]; timers: string[] }> {
  const registrations = installFunctionsCore();
  await import('../../src/index.js');
  const all = [...registrations.values()];
  const routes = all.flatMap((r) => {
    const trigger = Object.values(r.bindings).find((b) => b.type === 'httpTrigger');
    return trigger ? (trigger.methods ?? []).map((m) => `${m.toUpperCase()} /api/${trigger.route ?? r.name}`) : [];
  });
  const timers = all.filter((r) => Object.values(r.bindings).some((b) => b.type === 'timerTrigger')).map((r) => r.name);
  return { routes, timers };
}
