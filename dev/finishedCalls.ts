import type { TransactionAction } from '@azure/data-tables';
import { identityKey } from '../src/lib/domain/identity';
import { newInvitation } from '../src/lib/domain/invitation';
import { callToEntity, invitationToEntity, partitionKeyOf } from '../src/lib/storage/entities';
import { rosterBucketToEntity } from '../src/lib/storage/rosterBuckets';
import type { SweepIndex } from '../src/lib/storage/sweepIndex';
import type { TableAccess } from '../src/lib/storage/tableAccess';

/**
 * Finished calls written as the app leaves them once their checks have run (an ended call, a
 * completed invitation, a roster row, the version row, and the call's retention check, due in
 * RETENTION_DAYS), in bulk: what a table holds after many calls, for tests and benchmarks of sweeps.
 */
export async function writeFinishedCalls(access: TableAccess, sweeps: SweepIndex, prefix: string, count: number, concurrency = 8): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  const ada = { kind: 'user' as const, id: 'ada', displayName: 'Ada', tenantId: undefined };
  const now = new Date();
  const at = now.toISOString();
  const write = async (callId: string) => {
    const inv = newInvitation({ callId, clientContext: 'c', invitees: [ada], requestHash: 'h', now, timeoutSeconds: 120 });
    const entry = { participantId: `${callId}-p`, identity: ada, identityKey: identityKey(ada), endpointType: 'default', isMuted: false, isInLobby: false, present: false, joinedAt: at, leftAt: at, removalReason: 'notInRoster', sequence: 3, invitationClientContext: 'c', updatedAt: at };
    const rows = [
      callToEntity({ callId, state: 'terminated', resultInfo: undefined, terminatedAt: at, createdAt: at, updatedAt: at }),
      invitationToEntity({ ...inv, status: 'completed', outcomeReason: 'operationCompleted', completedAt: at }),
      rosterBucketToEntity(callId, 'ros_00', [entry]),
      { partitionKey: partitionKeyOf(callId), rowKey: 'ver' },
    ];
    await sweeps.schedule([sweeps.purgeCheck(callId, now)]);
    await access.submitInBatches(rows.map((row): TransactionAction => ['create', row]));
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < ids.length) await write(ids[next++] as string);
    }),
  );
  return ids;
}
