import type { InvitationView, RosterView } from './apiSchemas';
import type { AppConfig } from '../config/config';
import { isTerminal, type Invitation } from '../domain/invitation';
import type { CallSnapshot, RosterEntry } from '../domain/roster';
import { invitationIdOf } from './invitationId';
import { isUnsent } from '../domain/sending';

/**
 * How links are followed: with the function key as a `code` query parameter when the caller sent
 * it that way (Power Automate polls the Location without the original headers), else bare.
 */
export interface LinkAccess {
  readonly code?: string;
}

function withAccess(url: string, access: LinkAccess): string {
  return access.code ? `${url}?code=${encodeURIComponent(access.code)}` : url;
}

/**
 * Public URLs of our resources. The invitation travels as its id (only unreserved characters),
 * never as the clientContext itself: Azure's front end decodes escapes before routing.
 */
export function invitationUrl(config: AppConfig, callId: string, clientContext: string, access: LinkAccess = {}): string {
  return withAccess(`${config.publicBaseUrl}/api/calls/${encodeURIComponent(callId)}/invitations/${invitationIdOf(clientContext)}`, access);
}

export function rosterUrl(config: AppConfig, callId: string, access: LinkAccess = {}): string {
  return withAccess(`${config.publicBaseUrl}/api/calls/${encodeURIComponent(callId)}/participants`, access);
}

/** The invitation document returned by the invite and status endpoints. */
export function invitationView(config: AppConfig, inv: Invitation, access: LinkAccess = {}): InvitationView {
  return {
    callId: inv.callId,
    clientContext: inv.clientContext,
    status: inv.status,
    outcomeKnown: isTerminal(inv.status),
    outcome: inv.outcomeReason
      ? { reason: inv.outcomeReason, resultInfo: inv.resultInfo ?? null }
      : null,
    operationId: inv.operationId ?? null,
    graphRequestId: inv.graphRequestId ?? null,
    invitees: inv.invitees.map((i) => ({
      identity: { kind: i.identity.kind, id: i.identity.id, displayName: i.identity.displayName ?? null },
      state: i.state,
      participantId: i.participantId ?? null,
      joinedAt: i.joinedAt ?? null,
      leftAt: i.leftAt ?? null,
    })),
    createdAt: inv.createdAt,
    updatedAt: inv.updatedAt,
    completedAt: inv.completedAt ?? null,
    deadline: inv.deadline,
    invitedBy: inv.invitedBy
      ? { kind: inv.invitedBy.kind, id: inv.invitedBy.id ?? null, tenantId: inv.invitedBy.tenantId ?? null, appId: inv.invitedBy.appId ?? null }
      : null,
    links: { self: invitationUrl(config, inv.callId, inv.clientContext, access), roster: rosterUrl(config, inv.callId, access) },
    ...(inv.viaMeetingLink ? { meetingJoin: meetingJoinView(config, inv, access) } : {}),
  };
}

/** The join step of an invitation asked for by meeting link: not sent yet means the bot is not in yet. */
function meetingJoinView(config: AppConfig, inv: Invitation, access: LinkAccess): NonNullable<InvitationView['meetingJoin']> {
  const neverSent = isUnsent(inv) || (isTerminal(inv.status) && inv.sending?.state === 'unsent');
  const state = !neverSent ? 'joined' : isTerminal(inv.status) ? 'failed' : 'joining';
  const call = `${config.publicBaseUrl}/api/calls/${encodeURIComponent(inv.callId)}`;
  return { state, call: access.code ? `${call}?code=${encodeURIComponent(access.code)}` : call };
}

export function participantView(config: AppConfig, callId: string, r: RosterEntry): RosterView['participants'][number] {
  return {
    participantId: r.participantId,
    identity: r.identity
      ? { kind: r.identity.kind, id: r.identity.id, displayName: r.identity.displayName ?? null }
      : null,
    endpointType: r.endpointType ?? null,
    isMuted: r.isMuted ?? null,
    isInLobby: r.isInLobby ?? null,
    present: r.present,
    joinedAt: r.joinedAt ?? null,
    leftAt: r.leftAt ?? null,
    removalReason: r.removalReason ?? null,
    invitation: r.invitationClientContext
      ? { clientContext: r.invitationClientContext, href: invitationUrl(config, callId, r.invitationClientContext) }
      : null,
  };
}

/** The roster document: who is in the call now, who was, and the call's state. */
export function rosterView(config: AppConfig, snapshot: CallSnapshot): RosterView {
  const byJoin = [...snapshot.roster].sort((a, b) => (a.joinedAt ?? '').localeCompare(b.joinedAt ?? ''));
  return {
    callId: snapshot.callId,
    state: snapshot.call?.state ?? 'unknown',
    resultInfo: snapshot.call?.resultInfo ?? null,
    terminatedAt: snapshot.call?.terminatedAt ?? null,
    participants: byJoin.filter((r) => r.present).map((r) => participantView(config, snapshot.callId, r)),
    formerParticipants: byJoin.filter((r) => !r.present).map((r) => participantView(config, snapshot.callId, r)),
    // Recorded but not sent: nobody was told about it, and nobody is ringing.
    invitations: snapshot.invitations.filter((i) => !isUnsent(i)).map((i) => ({
      clientContext: i.clientContext,
      status: i.status,
      href: invitationUrl(config, i.callId, i.clientContext),
    })),
  };
}
