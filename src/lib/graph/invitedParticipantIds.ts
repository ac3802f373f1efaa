import { asRecord } from '../domain/asRecord';
import { identityKey, identityOf } from '../domain/identity';
import { normalizeId } from '../domain/ids';

/**
 * The participant ids in Graph's answer to an invite: `participants[]` of the
 * inviteParticipantsOperation, each with its identity and an `id` (the docs' examples show it as
 * null; our assumption, docs/graph-in-the-field.md "Cancelling an invitation", is that Graph fills it with the id the
 * ringing invitee has, the one participant: delete cancels). `participantId` is read too.
 * Keyed by identity, so the order of Graph's list does not matter.
 */
export function invitedParticipantIds(operation: Record<string, unknown> | undefined): Map<string, string> {
  const ids = new Map<string, string>();
  // Stryker disable next-line ArrayDeclaration: a list of junk holds no participant either
  const participants = Array.isArray(operation?.participants) ? operation.participants : [];
  for (const item of participants) {
    const p = asRecord(item);
    const identity = identityOf(p?.identity);
    const raw = [p?.id, p?.participantId].find((v): v is string => typeof v === 'string' && v.trim() !== '');
    if (identity && raw !== undefined) ids.set(identityKey(identity), normalizeId(raw));
  }
  return ids;
}
