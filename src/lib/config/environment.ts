/**
 * The one place that reads the process environment (the app settings). config.ts validates all
 * of it once; the function registrations read API_AUTH_MODE from it (apiAuthMode.ts) without
 * loading zod, so cold start stays small.
 */
export function environment(): Readonly<Record<string, string | undefined>> {
  return process.env;
}
