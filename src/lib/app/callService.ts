import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Caller } from '../domain/caller';
import { callPhase } from '../domain/callPhase';
import { meetingKey } from '../domain/meetingLink';
import type { CallOrigin } from '../domain/roster';
import { AppError, ConflictError, GraphError } from '../errors/appError';
import { createCallBody, type CallTarget } from '../graph/createCallBody';
import type { CallRequestRow } from '../storage/activeCalls';
import { sweepEntry } from '../storage/sweepIndex';
import { readCallRecord } from '../storage/callRecordRead';
import type { Versioned } from '../storage/tableAccess';
import type { InviteLog } from './inviteAttempt';
import { recordCallOrigin } from './activeCallsService';
import type { Services } from './services';

export interface PlaceCall {
  readonly target: CallTarget;
  /** The tenant the call is placed in (the meeting's, for classic links). */
  readonly tenantId: string | undefined;
  readonly clientContext: string | undefined;
  readonly createdBy: Caller;
}

export interface PlacedCall {
  readonly callId: string;
  /** An earlier request (or the bot already in the meeting) is answered again: no new call. */
  readonly replayed: boolean;
}

const waitStepMs = 250;
/** After an attempt whose outcome is unknown, how long before the same meeting may be joined again. */
export const unknownGraceMs = 60_000;

/** The key of the active-calls row: the meeting itself, or the request's clientContext. */
export function requestKeyOf(request: PlaceCall): string {
  return request.target.kind === 'meeting' ? `meeting:${meetingKey(request.target.meeting)}` : `call:${request.clientContext ?? randomUUID()}`;
}

const hashOf = (request: PlaceCall) => createHash('sha256').update(JSON.stringify(request.target)).digest('base64url');

function callerStatus(graphStatus: number): number {
  if (graphStatus === 400 || graphStatus === 403 || graphStatus === 404) return graphStatus;
  return graphStatus === 429 || graphStatus === 503 ? 503 : 502;
}

/**
 * Puts the bot into a call: joins a meeting or rings people (Graph's create call). Graph's create
 * call has no idempotency key, so the request's row in the active calls (keyed by the meeting, or
 * the clientContext) is created first and is the claim: an identical request meanwhile waits for
 * it, a later one is answered with the same call, and a meeting the bot is in is not joined twice.
 */
export async function placeCall(services: Services, request: PlaceCall, log: InviteLog): Promise<PlacedCall> {
  const until = Date.now() + services.config.graph.timeoutMs;
  const requestKey = requestKeyOf(request);
  const requestHash = hashOf(request);
  for (;;) {
    const now = services.now();
    const stored = await services.activeCalls.get(requestKey);
    if (!stored) {
      const leaseUntil = new Date(now.getTime() + services.config.graph.timeoutMs + 10_000).toISOString();
      const row: CallRequestRow = { requestKey, kind: request.target.kind, state: 'sending', callId: undefined, leaseUntil, requestHash, createdAt: now.toISOString(), updatedAt: now.toISOString() };
      const claimed = await services.activeCalls.create(row);
      if (claimed) return createCall(services, claimed, request, until, log);
      continue;
    }
    const row = stored.value;
    if (row.kind === 'outgoing' && row.requestHash !== requestHash) throw new ConflictError(`clientContext ${JSON.stringify(request.clientContext)} was already used for a different call.`);
    if (row.state === 'created' && row.callId) {
      // The call's own row only (a point read): whether it ended needs no roster.
      const phase = callPhase(await readCallRecord(services.storage, row.callId), []);
      if (phase !== 'terminated' && phase !== 'failed') {
        log.info('call request answered with the call it placed', { callId: row.callId, requestKind: row.kind });
        return { callId: row.callId, replayed: true };
      }
      await services.activeCalls.remove(stored); // that call is over: this request places a new one
      continue;
    }
    const leaseEnd = Date.parse(row.leaseUntil ?? row.updatedAt);
    if (row.state === 'sending' && leaseEnd > now.getTime()) {
      if (Date.now() + waitStepMs >= until) throw new AppError('call-in-progress', 503, 'An identical call request is still being placed', { detail: 'Retry the same request to learn its outcome.', retryAfterSeconds: 5 });
      await sleep(waitStepMs);
      continue;
    }
    // Sending with its lease run out, or unknown: Graph may have a call we cannot name.
    if (leaseEnd + unknownGraceMs > now.getTime()) {
      throw new AppError('call-outcome-unknown', 502, 'An earlier attempt may have placed this call', {
        detail: 'Graph did not answer an earlier identical request; the bot may be in the call. Check GET /api/calls?state=active, or retry after the Retry-After.',
        retryAfterSeconds: Math.ceil((leaseEnd + unknownGraceMs - now.getTime()) / 1000),
      });
    }
    const reclaimed = await services.activeCalls.replace(stored, { ...row, state: 'sending', leaseUntil: new Date(now.getTime() + services.config.graph.timeoutMs + 10_000).toISOString(), updatedAt: now.toISOString() });
    if (reclaimed) return createCall(services, reclaimed, request, until, log);
  }
}

async function createCall(services: Services, claimed: Versioned<CallRequestRow>, request: PlaceCall, until: number, log: InviteLog): Promise<PlacedCall> {
  const body = createCallBody(request.target, `${services.config.publicBaseUrl}/api/callback`, request.tenantId);
  const result = await services.callCreator.create(body, until - Date.now());
  const fields = { requestKind: request.target.kind, operation: 'createCall', outcome: result.kind };
  switch (result.kind) {
    case 'created': {
      const now = services.now();
      const establishBy = new Date(now.getTime() + services.config.callEstablishTimeoutSeconds * 1000);
      const origin: CallOrigin = {
        kind: request.target.kind,
        requestKey: claimed.value.requestKey,
        meeting: request.target.kind === 'meeting' ? request.target.meeting : undefined,
        myParticipantId: result.myParticipantId,
        createdBy: request.createdBy,
        establishBy: establishBy.toISOString(),
      };
      // The time limit's check first, then the call's row, then the claim's result.
      await services.sweeps.schedule([sweepEntry('cal', result.callId, '', establishBy)]);
      await recordCallOrigin(services, result.callId, origin);
      await services.activeCalls.replace(claimed, { ...claimed.value, state: 'created', callId: result.callId, leaseUntil: undefined, updatedAt: now.toISOString() });
      log.info('call created by Graph', { ...fields, callId: result.callId, graphRequestId: result.graphRequestId });
      return { callId: result.callId, replayed: false };
    }
    case 'unknown':
      await services.activeCalls.replace(claimed, { ...claimed.value, state: 'unknown', leaseUntil: services.now().toISOString(), updatedAt: services.now().toISOString() });
      log.warn('create call outcome unknown', { ...fields, reason: result.reason, graphRequestId: result.graphRequestId });
      throw new AppError('call-outcome-unknown', 502, 'Graph did not say whether the call was placed', {
        detail: 'The bot may be in the call. Check GET /api/calls?state=active; an identical request is refused for a minute, then tries again.',
        retryAfterSeconds: Math.ceil(unknownGraceMs / 1000),
      });
    case 'notSent':
      await services.activeCalls.remove(claimed);
      log.warn('create call not sent', { ...fields, reason: result.reason });
      throw new AppError('graph-unreachable', 503, 'Microsoft Graph could not be called', { detail: 'Nothing was sent; retry the same request later.', retryAfterSeconds: 10 });
    case 'rejected':
      // Nothing was created: the row goes, so the next request (after a fix, or Retry-After) tries again.
      await services.activeCalls.remove(claimed);
      log.warn('create call rejected by Graph', { ...fields, graphStatus: result.status, graphErrorCode: result.code, graphRequestId: result.graphRequestId });
      throw new GraphError(callerStatus(result.status), result.status, result.code, result.graphRequestId, result.message, result.retryAfterSeconds ?? (result.status === 429 || result.status === 503 ? 10 : undefined));
  }
}
