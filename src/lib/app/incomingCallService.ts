import { StorageUnavailableError } from '../errors/appError';
import type { ItemOutcome } from '../domain/foldNotifications';
import type { IncomingAction } from '../domain/incomingCall';
import { decideIncoming } from '../domain/incomingPolicy';
import { recordIncomingAction } from '../domain/incomingTransitions';
import type { NotificationItem } from '../domain/notification';
import type { AnswerResult } from '../graph/callAnswerer';
import type { Services } from './services';
import { incomingOrigin, listIncomingCall, registerActiveCall } from './activeCallsService';

type IncomingItem = Extract<NotificationItem, { kind: 'callState' }> & { readonly incoming: NonNullable<Extract<NotificationItem, { kind: 'callState' }>['incoming']> };

export interface IncomingLog {
  info(message: string, fields: Record<string, unknown>): void;
  warn(message: string, fields: Record<string, unknown>): void;
}

const isIncoming = (item: NotificationItem): item is IncomingItem => item.kind === 'callState' && item.incoming !== undefined;

/**
 * The incoming calls among `fresh` that this delivery recorded first ('applied'): a repeated
 * delivery finds the call recorded ('unchanged') and leaves it to the one that did, so a call is
 * answered once. Without `outcomes` (the items could not be recorded now and went to the inbox),
 * every incoming call is acted on: the answer cannot wait for the replay.
 */
export function incomingToActOn(fresh: readonly NotificationItem[], outcomes?: readonly ItemOutcome[]): IncomingItem[] {
  const incoming = fresh.filter(isIncoming);
  if (!outcomes) return incoming;
  const applied = new Set(outcomes.filter((o) => o.result === 'applied').map((o) => o.item));
  return incoming.filter((item) => applied.has(item));
}

function actionOf(result: AnswerResult, done: IncomingAction): IncomingAction {
  if (result.kind === 'accepted') return done;
  return { result: 'failed', failure: result.kind === 'rejected' ? (result.code ?? `http${result.status}`) : 'noAnswer' };
}

/**
 * Answers, rejects or leaves one call that rang the bot, as INCOMING_CALL_POLICY says, from the
 * callback's own invocation (Graph drops a call not answered within 15 s), then records what it
 * did. The record is best effort: the call's notifications (established, terminated) complete it.
 */
export async function actOnIncoming(services: Services, item: IncomingItem, log: IncomingLog): Promise<void> {
  const decision = decideIncoming(services.config.incomingCalls, item.incoming);
  let action: IncomingAction;
  let graphRequestId: string | undefined;
  if (decision.action === 'leave') {
    action = { result: 'left' };
  } else {
    const result = decision.action === 'answer' ? await services.answerer.answer(item.callId) : await services.answerer.reject(item.callId, decision.reason);
    graphRequestId = result.kind === 'failed' ? undefined : result.graphRequestId;
    action = actionOf(result, decision.action === 'answer' ? { result: 'answered' } : { result: 'rejected', reason: decision.reason });
  }
  const fields = { callId: item.callId, kind: 'incomingCall', result: action.result, tenantId: item.incoming.tenantId, graphRequestId, ...(action.result === 'rejected' ? { reason: action.reason } : {}), ...(action.result === 'failed' ? { graphErrorCode: action.failure } : {}) };
  log.info('incoming call', fields);
  try {
    // An answered call is one the bot is in: its origin goes on its row with the answer (one
    // write), then it is listed with the calls it placed or joined, until it ends.
    const answered = action.result === 'answered';
    const changes = await services.calls.updateCall(item.callId, (snapshot) => {
      const recorded = recordIncomingAction(snapshot, action, services.now());
      return answered && recorded.call ? { ...recorded, call: { ...recorded.call, origin: incomingOrigin(item.callId) } } : recorded;
    });
    // Not recorded with the answer (the call's notification is waiting for the replay): apart.
    if (answered) await (changes.call ? listIncomingCall(services, item.callId) : registerActiveCall(services, item.callId));
  } catch (error) {
    // Graph has its answer; the call's own notifications will say the rest.
    if (!(error instanceof StorageUnavailableError)) throw error;
    log.warn('incoming call action not recorded', { callId: item.callId, result: action.result, error: error.name });
  }
}
