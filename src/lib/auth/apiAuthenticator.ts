import { functionKeyCaller } from '../domain/caller';
import type { ApiAuthMode } from '../config/apiAuthMode';
import type { CallerTokenVerifier } from './callerTokenVerifier';
import type { AuthenticatedCaller } from './permissions';

export interface ApiAuthenticator {
  readonly mode: ApiAuthMode;
  /** The caller of a request, from its `Authorization` header as the mode says. */
  authenticate(authorization: string | null): Promise<AuthenticatedCaller>;
}

const keyHolder: AuthenticatedCaller = { caller: functionKeyCaller, grants: 'all' };

/**
 * `entra`: the bearer token decides (none: 401). `functionKey`: the host checked the key; tokens
 * are not looked at. `both`: the host checked the key; a request that also carries a token is
 * judged by the token (a bad one is 401, a missing role 403), one without is the key holder's.
 */
export function createApiAuthenticator(mode: ApiAuthMode, verifier: CallerTokenVerifier): ApiAuthenticator {
  return {
    mode,
    async authenticate(authorization) {
      if (mode === 'functionKey') return keyHolder;
      if (mode === 'both' && (authorization ?? '').trim() === '') return keyHolder;
      return verifier.verify(authorization);
    },
  };
}
