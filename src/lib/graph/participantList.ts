import { asRecord } from '../domain/asRecord';
import type { IncomingParticipant } from '../domain/notification';
import { parseIncomingParticipant, sequenceOf, type ParticipantDefaults } from './incomingParticipant';

/*
 * The shapes a participants notification takes (Graph v1.0 docs, application-post-calls examples):
 * - the default roster: changeType "updated", resourceData an array of participants: the whole
 *   roster, so whoever is missing has left (an empty array is a real, empty roster);
 * - delta roster (callOptions.isDeltaRosterEnabled): resourceData an array holding one
 *   #microsoft.graph.deltaParticipants {sequenceNumber, participants}: only the listed changed;
 * - created / deleted items, on /participants or on /participants/{id} (the id may only be in the
 *   path): changes, not a roster.
 */

export interface ParticipantList {
  readonly mode: 'full' | 'delta';
  readonly participants: readonly IncomingParticipant[];
}

function isDeltaParticipants(value: unknown): value is Record<string, unknown> & { participants: unknown[] } {
  const v = asRecord(value);
  if (!v || !Array.isArray(v.participants)) return false;
  const type = v['@odata.type'];
  return typeof type === 'string' ? type.toLowerCase().endsWith('deltaparticipants') : v.id === undefined;
}

function parseAll(values: readonly unknown[], defaults: ParticipantDefaults): IncomingParticipant[] {
  return values.flatMap((value) => {
    const parsed = parseIncomingParticipant(value, defaults);
    return parsed ? [parsed] : [];
  });
}

export function readParticipants(data: unknown, changeType: string, pathParticipantId: string | undefined): ParticipantList {
  const removed = changeType === 'deleted';
  const items = Array.isArray(data) ? data : [data];
  const deltas = items.filter(isDeltaParticipants);
  if (deltas.length > 0) {
    const participants = deltas.flatMap((d) => parseAll(d.participants, { removed, sequence: sequenceOf(d.sequenceNumber) }));
    return { mode: 'delta', participants };
  }
  const participants = parseAll(items, { removed, id: pathParticipantId });
  // Only an 'updated' array on the collection is a whole roster.
  const full = Array.isArray(data) && changeType === 'updated' && pathParticipantId === undefined;
  return { mode: full ? 'full' : 'delta', participants };
}
