import type { GetTokenOptions, TokenCredential } from '@azure/identity';
import type { TokenTarget } from './appMetrics';
import type { Telemetry } from './telemetry';

/** A credential whose failures to produce a token are counted (metric tokens.failures) by target. */
export function observedCredential(inner: TokenCredential, target: TokenTarget, telemetry: Telemetry): TokenCredential {
  return {
    async getToken(scopes: string | string[], options?: GetTokenOptions) {
      try {
        const token = await inner.getToken(scopes, options);
        if (!token) telemetry.metrics.tokenFailure(target);
        return token;
      } catch (error) {
        telemetry.metrics.tokenFailure(target);
        throw error;
      }
    },
  };
}
