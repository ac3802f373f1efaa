import { ConfigError } from '../errors/appError';
import type { Services } from './services';

export interface HealthReport {
  readonly status: 'healthy' | 'unhealthy';
  readonly checks: {
    readonly configuration: { readonly ok: boolean; readonly problems?: readonly string[] };
    readonly storage: { readonly ok: boolean; readonly error?: string };
  };
}

/** Is the configuration valid and storage reachable? Names settings, never their values. */
export async function checkHealth(services: () => Promise<Services>): Promise<HealthReport> {
  let resolved: Services;
  try {
    resolved = await services();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const problems = error.problems.map((p) => p.split(':')[0] ?? 'settings');
    return { status: 'unhealthy', checks: { configuration: { ok: false, problems }, storage: { ok: false, error: 'not checked' } } };
  }
  try {
    await resolved.storage.ping();
    return { status: 'healthy', checks: { configuration: { ok: true }, storage: { ok: true } } };
  } catch (error) {
    const name = error instanceof Error ? error.name : 'error';
    return { status: 'unhealthy', checks: { configuration: { ok: true }, storage: { ok: false, error: name } } };
  }
}
