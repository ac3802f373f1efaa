import { describe, expect, it } from 'vitest';
import { TableClient } from '@azure/data-tables';
import { InvocationContext } from '@azure/functions';
import { CredentialUnavailableError, type TokenCredential } from '@azure/identity';
import { CallCache } from '../../src/lib/storage/callCache';
import { InvitationStore } from '../../src/lib/storage/invitationStore';
import { SweepIndex } from '../../src/lib/storage/sweepIndex';
import { SubscriptionCache } from '../../src/lib/storage/subscriptionCache';
import { TableAccess } from '../../src/lib/storage/tableAccess';
import { StorageUnavailableError } from '../../src/lib/errors/appError';
import { problemResponse } from '../../src/lib/http/problem';
import { useTestStack, user } from '../support/testStack';

const stack = useTestStack();

describe('managed identity endpoint failing', () => {
  it('no Graph token: nothing is sent or kept, the caller gets 503 and the retry works', async () => {
    const t = stack();
    const callId = t.newCall();
    await t.settle();
    // Storage already has its token; the Graph token exchange needs a fresh one.
    expect((await t.getJson(`/api/calls/${callId}/participants`)).status).toBe(200);
    t.stack.simulator.sim.identity.failManagedIdentity = 1000;
    const body = { participants: [user('mi')], clientContext: 'mi-down' };
    const response = await t.invite(callId, body);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).not.toBeNull();
    expect(await response.json()).toMatchObject({ type: 'urn:graph-call-invites:problem:graph-unreachable' });
    expect((await t.getJson(`/api/calls/${callId}/invitations/mi-down`)).status).toBe(404);
    expect(t.stack.simulator.sim.invites.filter((i) => i.clientContext === 'mi-down')).toEqual([]);
    t.stack.simulator.sim.identity.failManagedIdentity = 0;
    expect((await t.invite(callId, body)).status).toBe(202);
    expect(t.stack.simulator.sim.invites.filter((i) => i.clientContext === 'mi-down')).toHaveLength(1);
  });

  it('no storage token: storage counts as unavailable (503), not as a bug (500)', async () => {
    const t = stack();
    // MSAL caches managed identity tokens process-wide, so a credential that cannot get one stands in.
    const noToken: TokenCredential = {
      getToken: () => Promise.reject(new CredentialUnavailableError('managed identity endpoint unavailable')),
    };
    const table = new TableClient(t.stack.settings.STORAGE_TABLE_ENDPOINT ?? '', 'callinvitations', noToken, { httpClient: t.stack.tls.httpClient });
    const access = new TableAccess(table);
    const store = new InvitationStore(access, new CallCache(), new SweepIndex(access, access, 30), () => new Date(), new SubscriptionCache(access));
    await expect(store.getInvitation('c', 'x')).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(problemResponse(new StorageUnavailableError(new Error('x')), new InvocationContext()).status).toBe(503);
  });
});
