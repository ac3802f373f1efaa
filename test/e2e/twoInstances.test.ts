import { describe, expect, it } from 'vitest';
import { RequestCounter } from '../../dev/requestCounter';
import { startTwoInstances } from '../../dev/twoInstances';
import { useTestStack, user } from '../support/testStack';

let endpoint = '';
const counter = new RequestCounter(() => endpoint);
const stack = useTestStack({ wrapHttpClient: (inner) => counter.wrap(inner) });

interface RosterDoc {
  participants: { identity: { kind: string; id: string } | null; isMuted: boolean | null; invitation: { clientContext: string } | null }[];
  formerParticipants: { identity: { id: string } | null }[];
  invitations: { clientContext: string; status: string }[];
}

describe('two app instances on one Azurite, each with its call cache', () => {
  it('converge on one call whose notifications alternate between them: a stale copy only costs a retry', async () => {
    const t = stack();
    endpoint = t.stack.settings.STORAGE_TABLE_ENDPOINT ?? '';
    const two = await startTwoInstances(t.stack, { httpClient: counter.wrap(t.stack.tls.httpClient) });
    try {
      const sim = t.stack.simulator.sim;
      counter.reset();
      const call = sim.createCall(`${two.url}/api/callback`);
      await t.settle();
      // Invites go to the first instance; Graph's notifications to both, in turn, in order.
      for (const name of ['ada', 'bob', 'cy']) expect((await t.invite(call.id, { participants: [user(name)], clientContext: name })).status).toBe(202);
      await t.settle();
      const present = () => [...call.participants.values()].filter((p) => p.present && p.identity.user);
      const [ada, bob] = present();
      if (!ada || !bob) throw new Error('invitees did not join');
      for (let i = 0; i < 6; i++) {
        call.mute(ada.id, i % 2 === 0);
        sim.deliver(call, [call.roster({ legacy: false })]);
      }
      sim.leave(call.id, bob.id);
      await t.settle();
      counter.enabled = false;

      // Both instances served the call, and some of their copies were stale (412/404, then re-read).
      expect(two.served.first).toBeGreaterThan(2);
      expect(two.served.second).toBeGreaterThan(2);
      expect(counter.failed).toBeGreaterThan(0);
      // The stored call is the simulated call's real state.
      const roster = (await t.getJson(`/api/calls/${call.id}/participants`)).body as unknown as RosterDoc;
      const ids = (list: { identity: { id: string } | null }[]) => list.map((p) => p.identity?.id).sort();
      expect(ids(roster.participants.filter((p) => p.identity?.kind === 'user'))).toEqual(present().map((p) => (p.identity.user as { id: string }).id).sort());
      expect(ids(roster.formerParticipants)).toEqual(['bob']);
      expect(roster.participants.find((p) => p.identity?.id === 'ada')).toMatchObject({ isMuted: false, invitation: { clientContext: 'ada' } });
      expect(roster.invitations.map((i) => [i.clientContext, i.status]).sort()).toEqual([['ada', 'completed'], ['bob', 'completed'], ['cy', 'completed']]);
      // Each instance now decides from the same stored state as a fresh read.
      const fresh = await two.second.calls.readCall(call.id);
      expect(fresh.snapshot.roster.find((r) => r.identity?.kind === 'user' && r.identity.id === 'bob')).toMatchObject({ present: false });
    } finally {
      await two.close();
    }
  });
});
