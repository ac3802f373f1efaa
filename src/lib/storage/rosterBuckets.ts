import { fromChunks, toChunks } from './chunkedJson';
import { fnv1a } from './fnv1a';
import { partitionKeyOf, type TableEntity } from './entities';
import type { RosterEntry } from '../domain/roster';

/*
 * The roster is stored in 64 bucket rows per call ("ros_00".."ros_3f"), each holding the entries
 * whose participant id hashes to it. A meeting of 1,000 people is 64 rows, so the call's partition
 * is still one page (one read round trip), and a notification that changes k participants rewrites
 * at most k buckets, in one transaction.
 */

export const rosterPrefix = 'ros_';
const bucketCount = 64;

export function bucketKeyOf(participantId: string): string {
  return rosterPrefix + (fnv1a(participantId) % bucketCount).toString(16).padStart(2, '0');
}

export function rosterBucketToEntity(callId: string, rowKey: string, entries: readonly RosterEntry[]): TableEntity {
  return { partitionKey: partitionKeyOf(callId), rowKey, ...toChunks('entries', entries) };
}

export function rosterBucketFromEntity(entity: Record<string, unknown>): RosterEntry[] {
  return fromChunks<RosterEntry[]>('entries', entity, []);
}

/** The buckets that `changed` touches, each with its complete new content. */
export function touchedBuckets(stored: readonly RosterEntry[], changed: readonly RosterEntry[]): Map<string, RosterEntry[]> {
  const touched = new Map<string, Map<string, RosterEntry>>();
  for (const entry of changed) touched.set(bucketKeyOf(entry.participantId), new Map());
  for (const entry of stored) touched.get(bucketKeyOf(entry.participantId))?.set(entry.participantId, entry);
  for (const entry of changed) touched.get(bucketKeyOf(entry.participantId))?.set(entry.participantId, entry);
  return new Map([...touched].map(([key, entries]) => [key, [...entries.values()]]));
}
