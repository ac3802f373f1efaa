import { describe, expect, it } from 'vitest';
import { RequestCounter } from '../../dev/requestCounter';
import { getServices } from '../../src/lib/app/services';
import { shardOf, sweepEntry } from '../../src/lib/storage/sweepIndex';
import { useTestStack } from '../support/testStack';

let endpoint = '';
const counter = new RequestCounter(() => endpoint);
const stack = useTestStack({ wrapHttpClient: (inner) => counter.wrap(inner) });
const farFuture = new Date('2999-01-01T00:00:00Z');

/** Two call ids in one sweep shard (their bookkeeping shares a transaction). */
function callsInOneShard(): [string, string] {
  const first = crypto.randomUUID();
  for (;;) {
    const other = crypto.randomUUID();
    if (shardOf(other) === shardOf(first)) return [first, other];
  }
}

async function rowsOf(callIds: readonly string[]) {
  const services = await getServices();
  const kinds = ['inv', 'dep'] as const;
  const rows = (await Promise.all(kinds.map((k) => services.sweeps.due(k, farFuture)))).flat();
  return rows.filter((r) => callIds.includes(r.callId)).map((r) => `${r.kind}:${r.subject}`).sort();
}

describe('the sweeps bookkeeping written behind its changes', () => {
  it("closes and a departures check of two calls in one shard: one transaction, and exactly those rows change", async () => {
    const t = stack();
    endpoint = t.stack.settings.STORAGE_TABLE_ENDPOINT ?? '';
    const services = await getServices();
    const [a, b] = callsInOneShard();
    const at = new Date(Date.now() + 60_000);
    await services.sweeps.schedule([sweepEntry('inv', a, 'a-1', at)]);
    await services.sweeps.schedule([sweepEntry('inv', b, 'b-1', at)]);
    await services.sweeps.schedule([sweepEntry('inv', b, 'b-open', at)]);
    counter.reset();
    services.sweepWrites.close([sweepEntry('inv', a, 'a-1', at)]);
    services.sweepWrites.close([sweepEntry('inv', b, 'b-1', at)]);
    services.sweepWrites.upsert(sweepEntry('dep', a, 'departures:0', at));
    await services.sweepWrites.flush();
    counter.enabled = false;
    expect({ reads: counter.reads, writes: counter.writes, entities: counter.entitiesWritten }).toEqual({ reads: 0, writes: 1, entities: 3 });
    expect(await rowsOf([a, b])).toEqual(['dep:departures:0', 'inv:b-open']);
  });

  it('a check no longer at its first key (a sweep moved it): the moment falls back to one by one, and every close still lands', async () => {
    const t = stack();
    endpoint = t.stack.settings.STORAGE_TABLE_ENDPOINT ?? '';
    const services = await getServices();
    const [a, b] = callsInOneShard();
    const leaseEnd = new Date(Date.now() + 30_000);
    const deadline = new Date(Date.now() + 120_000);
    // a's check was moved to its deadline; b's is where it was recorded.
    await services.sweeps.schedule([sweepEntry('inv', a, 'moved', deadline)]);
    await services.sweeps.schedule([sweepEntry('inv', b, 'kept', leaseEnd)]);
    services.sweepWrites.close([sweepEntry('inv', a, 'moved', leaseEnd), sweepEntry('inv', a, 'moved', deadline)]);
    services.sweepWrites.close([sweepEntry('inv', b, 'kept', leaseEnd), sweepEntry('inv', b, 'kept', deadline)]);
    services.sweepWrites.upsert(sweepEntry('dep', b, 'departures:0', deadline));
    await services.sweepWrites.flush();
    expect(await rowsOf([a, b])).toEqual(['dep:departures:0']);
  });

  it('a row this instance wrote and that is not due yet is not written again; once due, it is', async () => {
    const t = stack();
    endpoint = t.stack.settings.STORAGE_TABLE_ENDPOINT ?? '';
    const services = await getServices();
    const callId = crypto.randomUUID();
    const later = sweepEntry('dep', callId, 'departures:0', new Date(Date.now() + 60_000));
    services.sweepWrites.upsert(later);
    await services.sweepWrites.flush();
    counter.reset();
    services.sweepWrites.upsert(later);
    services.sweepWrites.upsert(later);
    await services.sweepWrites.flush();
    const past = sweepEntry('dep', callId, 'departures:1', new Date(Date.now() - 1_000));
    services.sweepWrites.upsert(past);
    await services.sweepWrites.flush();
    services.sweepWrites.upsert(past);
    await services.sweepWrites.flush();
    counter.enabled = false;
    // The due row is written each time (the sweep may have done it and deleted it since).
    expect(counter.writes).toBe(2);
    expect(await rowsOf([callId])).toEqual(['dep:departures:0', 'dep:departures:1']);
  });
});
