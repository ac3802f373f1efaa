import type { ItemOutcome } from '../domain/foldNotifications';
import { callEnded } from './activeCallsService';
import type { Services } from './services';

/**
 * What a call's state notification sets off beyond the call's own rows, once they are written:
 * terminated takes the call off the active calls. Delivered again (Graph repeats what we did not
 * acknowledge), it runs again: every step is idempotent.
 */
export async function afterCallStates(services: Services, callId: string, outcomes: readonly ItemOutcome[]): Promise<void> {
  const states = new Set(outcomes.flatMap((o) => (o.item.kind === 'callState' && o.result !== 'ignored' ? [o.item.state.toLowerCase()] : [])));
  if (states.has('terminated')) await callEnded(services, callId);
}
