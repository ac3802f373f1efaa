import type { HttpClient } from '@azure/core-rest-pipeline';
import { ManagedIdentityCredential } from '@azure/identity';
import { TableClient } from '@azure/data-tables';
import { describe, expect, it } from 'vitest';
import { useTestStack, user } from '../support/testStack';

/*
 * A change larger than one Table transaction (100 actions) is written in several; when a later one
 * loses a race, the retry re-reads a partly written call and re-applies to it. Here a concurrent
 * writer rewrites every row of the call right after the first transaction lands.
 */
let interfere: (() => Promise<void>) | undefined;
const afterFirstBatch = (inner: HttpClient): HttpClient => ({
  async sendRequest(request) {
    const response = await inner.sendRequest(request);
    // A transaction of the call's table (not the sweeps table's index rows, written before it).
    const callTable = typeof request.body === 'string' && /\/callinvitations\(/.test(request.body);
    if (interfere && callTable && request.method === 'POST' && request.url.includes('$batch') && response.status === 202) {
      const run = interfere;
      interfere = undefined;
      await run();
    }
    return response;
  },
});
const stack = useTestStack({ wrapHttpClient: afterFirstBatch });

describe('a change over 100 actions that loses a race between its transactions', () => {
  it('still joins every invitee and links every participant', async () => {
    const t = stack();
    const sim = t.stack.simulator.sim;
    sim.scenario.behaviour = 'silent';
    const callId = t.newCall();
    const invitees = Array.from({ length: 40 }, (_, i) => `inv${i}`);
    for (const id of invitees) expect((await t.invite(callId, { participants: [user(id)], clientContext: `ctx-${id}` })).status).toBe(202);
    await t.settle();
    const call = sim.calls.get(callId);
    if (!call) throw new Error('no call');
    for (const id of invitees) call.add({ user: { id, displayName: 'User' } });
    for (let i = 0; i < 300; i++) call.add({ user: { id: `guest${i}` } });

    const table = new TableClient(
      t.stack.settings.STORAGE_TABLE_ENDPOINT ?? '',
      'callinvitations',
      new ManagedIdentityCredential({ clientId: t.stack.settings.MANAGED_IDENTITY_CLIENT_ID ?? '', httpClient: t.stack.tls.httpClient }),
      { httpClient: t.stack.tls.httpClient },
    );
    let rewritten = 0;
    interfere = async () => {
      for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter: `PartitionKey eq '${callId}'` } })) {
        const { etag: _etag, timestamp: _timestamp, ...entity } = row;
        await table.upsertEntity(entity as { partitionKey: string; rowKey: string }, 'Replace');
        rewritten++;
      }
    };
    expect(await sim.post(call, [call.roster({ legacy: false, minimal: true })])).toBe(202);
    expect(interfere).toBeUndefined();
    expect(rewritten).toBeGreaterThan(64);

    const roster = (await t.getJson(`/api/calls/${callId}/participants`)).body as { participants: { identity: { id: string }; invitation: { clientContext: string } | null }[] };
    expect(roster.participants).toHaveLength(341);
    for (const id of invitees) {
      const status = await t.getJson(`/api/calls/${callId}/invitations/ctx-${id}`);
      expect(status.body).toMatchObject({ status: 'completed', outcome: { reason: 'joined' } });
      expect(roster.participants.find((p) => p.identity.id === id)?.invitation?.clientContext).toBe(`ctx-${id}`);
    }
  });
});
