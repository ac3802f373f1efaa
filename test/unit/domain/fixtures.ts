import { identityKey, type ParticipantIdentity } from '../../../src/lib/domain/identity';
import { newInvitation, type Invitation } from '../../../src/lib/domain/invitation';
import type { IncomingParticipant, NotificationItem } from '../../../src/lib/domain/notification';
import type { CallRecord, CallSnapshot, RosterEntry } from '../../../src/lib/domain/roster';

/** Hand-built domain values for the rule tests: each names only what its test is about. */

export const callId = '491f0b00-ffff-4bc9-a43e-b226498ec22a';
export const t0 = new Date('2026-01-01T00:00:00Z');
export const at = (s: number) => new Date(t0.getTime() + s * 1000);
export const iso = (s: number) => at(s).toISOString();

const person = (kind: ParticipantIdentity['kind'], id: string, displayName?: string): ParticipantIdentity => ({
  kind,
  id,
  displayName,
  tenantId: undefined,
});
export const ada = person('user', 'a0b1c2d3-e4f5-a6b7-c8d9-e0f1a2b3c4d5', 'Ada');
export const bob = person('user', 'b0b1c2d3-e4f5-a6b7-c8d9-e0f1a2b3c4d5', 'Bob');
export const phone = person('phone', '+14255550100');
export const acs = person('azureCommunicationServicesUser', '8:acs:6e2f3c1d_0000001a-2b3c');
export const guest = person('guest', 'guest-7', 'Visitor');

export function invite(clientContext: string, invitees: readonly ParticipantIdentity[], createdAtS = 0, timeoutSeconds = 120): Invitation {
  return newInvitation({ callId, clientContext, invitees, requestHash: 'h', now: at(createdAtS), timeoutSeconds });
}

export function snapshot(invitations: readonly Invitation[], roster: readonly RosterEntry[] = [], call?: CallRecord): CallSnapshot {
  return { callId, call, invitations, roster };
}

export function callRecord(state: string, atS = 0): CallRecord {
  return { callId, state, resultInfo: undefined, terminatedAt: undefined, createdAt: iso(atS), updatedAt: iso(atS) };
}

export function incoming(participantId: string, over: Partial<IncomingParticipant> = {}): IncomingParticipant {
  return {
    participantId,
    identity: undefined,
    endpointType: undefined,
    isMuted: undefined,
    isInLobby: undefined,
    removedReason: undefined,
    sequence: undefined,
    ...over,
  };
}

export function entry(participantId: string, over: Partial<RosterEntry> = {}): RosterEntry {
  const identity = over.identity;
  return {
    participantId,
    identity,
    identityKey: identity ? identityKey(identity) : undefined,
    endpointType: undefined,
    isMuted: false,
    isInLobby: false,
    present: true,
    joinedAt: iso(0),
    leftAt: undefined,
    removalReason: undefined,
    sequence: undefined,
    invitationClientContext: undefined,
    updatedAt: iso(0),
    ...over,
  };
}

export const rosterItem = (mode: 'full' | 'delta', participants: IncomingParticipant[]): NotificationItem => ({
  kind: 'roster',
  callId,
  mode,
  participants,
});

export const stateItem = (state: string, resultInfo?: { code: number; subcode: number; message: string }): NotificationItem => ({
  kind: 'callState',
  callId,
  state,
  resultInfo,
});

export const operationItem = (
  operationId: string,
  status: 'notStarted' | 'running' | 'completed' | 'failed',
  clientContext: string | undefined,
): NotificationItem => ({ kind: 'operation', callId, operationId, clientContext, status, resultInfo: undefined });
