import { asRecord } from './asRecord';
import { normalizeId } from './ids';

/** The identity kinds Graph's invite accepts, in the property names Graph uses. */
export const inviteIdentityKinds = [
  'user',
  'phone',
  'application',
  'applicationInstance',
  'guest',
  'azureCommunicationServicesUser',
] as const;

/** Kinds that also appear on roster participants but cannot be invited. */
const rosterOnlyKinds = ['encrypted', 'onPremises', 'device', 'acsUser', 'spoolUser'] as const;

export type InviteIdentityKind = (typeof inviteIdentityKinds)[number];
export type IdentityKind = InviteIdentityKind | (typeof rosterOnlyKinds)[number];

export interface ParticipantIdentity {
  readonly kind: IdentityKind;
  readonly id: string;
  readonly displayName: string | undefined;
  readonly tenantId: string | undefined;
}

const allKinds: readonly IdentityKind[] = [...inviteIdentityKinds, ...rosterOnlyKinds];

/**
 * Phone ids arrive as "+15551234567", sometimes with a tel: prefix, separators, or without the
 * "+" (roster entries of PSTN callers have been seen both ways): E.164 digits with one "+".
 */
export function normalizePhone(id: string): string {
  const bare = id.replace(/^tel:/i, '').replace(/[\s().-]/g, '');
  // Stryker disable next-line Regex: the test already allows one "+", and only first
  return /^\+?\d+$/.test(bare) ? `+${bare.replace(/^\+/, '')}` : bare;
}


function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Reads the identity out of a Graph identitySet leniently (notifications are Graph's data, not
 * caller input): the first kind that carries an id wins.
 */
export function identityOf(identitySet: unknown): ParticipantIdentity | undefined {
  const set = asRecord(identitySet);
  if (!set) return undefined;
  for (const kind of allKinds) {
    const entry = asRecord(set[kind]);
    const rawId = optionalString(entry?.id);
    if (!entry || !rawId) continue;
    return {
      kind,
      id: kind === 'phone' ? normalizePhone(rawId) : normalizeId(rawId),
      displayName: optionalString(entry.displayName),
      tenantId: optionalString(entry.tenantId),
    };
  }
  return undefined;
}

/** The key that links a roster participant to the invitation that named the same identity. */
export function identityKey(identity: Pick<ParticipantIdentity, 'kind' | 'id'>): string {
  // ACS users show up as acsUser on rosters and azureCommunicationServicesUser on invites.
  const kind = identity.kind === 'acsUser' ? 'azureCommunicationServicesUser' : identity.kind;
  const id = kind === 'phone' ? normalizePhone(identity.id) : normalizeId(identity.id);
  return `${kind}:${id.toLowerCase()}`;
}
