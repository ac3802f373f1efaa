import { describe, expect, it } from 'vitest';
import { invitedParticipantIds } from '../../../src/lib/graph/invitedParticipantIds';

const user = (id: string) => ({ user: { id, displayName: 'X' } });

describe("invitedParticipantIds: the ids in Graph's answer to an invite", () => {
  it('maps each listed identity to its id (or participantId), normalised; order does not matter', () => {
    const ids = invitedParticipantIds({
      participants: [
        { id: 'A0B1C2D3E4F5A6B7C8D9E0F1A2B3C4D5', identity: user('u1') },
        { id: null, participantId: 'p-2', identity: { phone: { id: '+1 425 555 0100' } } },
      ],
    });
    expect([...ids]).toEqual([
      ['user:u1', 'a0b1c2d3-e4f5-a6b7-c8d9-e0f1a2b3c4d5'],
      ['phone:+14255550100', 'p-2'],
    ]);
  });

  it("prefers id to participantId; skips what has no id, no identity, or isn't an object", () => {
    const ids = invitedParticipantIds({
      participants: [
        { id: 'first', participantId: 'second', identity: user('u1') },
        { id: null, identity: user('u2') },
        { id: '   ', identity: user('u3') },
        { id: 7, identity: user('u4') },
        { id: 'no-identity' },
        'junk',
        null,
      ],
    });
    expect([...ids]).toEqual([['user:u1', 'first']]);
  });

  it('an answer without participants (or none at all) gives nothing', () => {
    expect(invitedParticipantIds(undefined).size).toBe(0);
    expect(invitedParticipantIds({}).size).toBe(0);
    expect(invitedParticipantIds({ participants: { id: 'x', identity: user('u1') } }).size).toBe(0);
  });
});
