import { KeysUnavailableError, UnauthorizedError } from '../errors/appError';
import type { VerifiedCaller } from '../graph/callbackTokenVerifier';
import type { Services } from './services';

/** Verifies Graph's callback token; a refusal is counted (callback.auth_failures) before it answers 401/503. */
export async function verifyCallback(services: Services, authorization: string | null): Promise<VerifiedCaller> {
  try {
    return await services.verifier.verify(authorization);
  } catch (error) {
    const { metrics } = services.telemetry;
    if (error instanceof KeysUnavailableError) metrics.callbackAuthFailure('keysUnavailable');
    else if (error instanceof UnauthorizedError) metrics.callbackAuthFailure(error.challenge === 'Bearer' ? 'missingToken' : 'invalidToken');
    throw error;
  }
}
