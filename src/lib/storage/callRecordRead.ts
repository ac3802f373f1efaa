import type { CallRecord } from '../domain/roster';
import { callFromEntity, callRowKey, partitionKeyOf } from './entities';
import type { TableAccess } from './tableAccess';
import { isNotFound } from './tableErrors';

/** The call's own row (one point read), without its invitations and roster. */
export async function readCallRecord(access: TableAccess, callId: string): Promise<CallRecord | undefined> {
  try {
    return callFromEntity(await access.run(() => access.table.getEntity<Record<string, unknown>>(partitionKeyOf(callId), callRowKey)));
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
