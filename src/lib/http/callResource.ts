import type { HttpResponseInit } from '@azure/functions';
import type { AppConfig } from '../config/config';
import { callPhase, isSettling, type CallPhase } from '../domain/callPhase';
import type { CallRecord, RosterEntry } from '../domain/roster';
import type { CallView } from './callSchemas';
import { rosterUrl, type LinkAccess } from './views';

export function callUrl(config: AppConfig, callId: string, access: LinkAccess = {}): string {
  const url = `${config.publicBaseUrl}/api/calls/${encodeURIComponent(callId)}`;
  return access.code ? `${url}?code=${encodeURIComponent(access.code)}` : url;
}

export function callView(config: AppConfig, call: CallRecord, phase: CallPhase, access: LinkAccess = {}): CallView {
  const m = call.origin?.meeting;
  return {
    callId: call.callId,
    state: phase,
    graphState: call.state ?? null,
    kind: call.origin?.kind ?? 'unknown',
    meeting: m
      ? m.kind === 'classic'
        ? { kind: 'classic', threadId: m.threadId, messageId: m.messageId, tenantId: m.tenantId, organizerId: m.organizerId ?? null, joinMeetingId: null }
        : { kind: 'joinMeetingId', threadId: null, messageId: null, tenantId: null, organizerId: null, joinMeetingId: m.joinMeetingId }
      : null,
    myParticipantId: call.origin?.myParticipantId ?? null,
    reason: call.hangUp?.reason ?? null,
    resultInfo: call.resultInfo ?? null,
    createdAt: call.createdAt,
    establishedAt: call.establishedAt ?? null,
    terminatedAt: call.terminatedAt ?? null,
    links: { self: callUrl(config, call.callId, access), roster: rosterUrl(config, call.callId, access) },
  };
}

/** 202 + Location + Retry-After while the call is being set up (establishing, in the lobby); 200 after. */
export function callResponse(config: AppConfig, call: CallRecord, roster: readonly RosterEntry[], access: LinkAccess, created = false): HttpResponseInit {
  const phase = callPhase(call, roster);
  const view = callView(config, call, phase, access);
  if (!created && !isSettling(phase)) return { status: 200, jsonBody: view };
  return { status: 202, headers: { location: view.links.self, 'retry-after': String(config.statusRetryAfterSeconds) }, jsonBody: view };
}
