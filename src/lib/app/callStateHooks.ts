import type { ItemOutcome } from '../domain/foldNotifications';
import type { CallSnapshot } from '../domain/roster';
import { callEnded } from './activeCallsService';
import type { InviteLog } from './inviteAttempt';
import { sendAwaitingInvites } from './meetingInviteService';
import type { Services } from './services';

const silent: InviteLog = { info: () => undefined, warn: () => undefined };

/**
 * What a call's state notification sets off beyond the call's own rows, once they are written:
 * established sends the meeting invites that waited for it; terminated takes the call off the
 * active calls. Delivered again (Graph repeats what we did not
 * acknowledge), it runs again: every step is idempotent. `after` is the call as the write that
 * applied the notification left it (a true state of the partition at that version), so neither
 * step reads the call again.
 */
export async function afterCallStates(services: Services, after: CallSnapshot, outcomes: readonly ItemOutcome[], log: InviteLog = silent): Promise<void> {
  const states = new Set(outcomes.flatMap((o) => (o.item.kind === 'callState' && o.result !== 'ignored' ? [o.item.state.toLowerCase()] : [])));
  if (states.has('established')) await sendAwaitingInvites(services, after, log);
  if (states.has('terminated')) await callEnded(services, after.callId, after.call);
}
