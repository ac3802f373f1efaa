import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/lib/errors/appError';
import { callIdSchema, graphCallIdSchema, inviteeIdentities, parseInviteBody, participantIdSchema } from '../../../src/lib/graph/inviteRequest';

const user = (id: string) => ({ identity: { user: { id, displayName: 'U' } } });

function issues(body: unknown): string {
  try {
    parseInviteBody(body);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return JSON.stringify((error as ValidationError).issues);
  }
  return 'valid';
}

describe('parseInviteBody', () => {
  it('accepts every identity kind Graph invites, in Graph v1.0 shape', () => {
    const body = {
      participants: [
        { '@odata.type': '#microsoft.graph.invitationParticipantInfo', identity: { '@odata.type': '#microsoft.graph.identitySet', user: { id: 'u1', tenantId: 't' } }, hidden: false, removeFromDefaultAudioRoutingGroup: true },
        { identity: { '@odata.type': '#microsoft.graph.identitySet', phone: { '@odata.type': '#microsoft.graph.identity', id: '+14255550100' } } },
        { identity: { applicationInstance: { id: 'ai1' } } },
        { identity: { guest: { id: 'g1', displayName: 'Guest' } } },
        { identity: { azureCommunicationServicesUser: { id: '8:acs:abc', azureCommunicationServicesResourceId: 'r' } } },
      ],
      clientContext: 'ctx-1',
    };
    expect(issues(body)).toBe('valid');
    expect(inviteeIdentities(parseInviteBody(body)).map((i) => i.kind)).toEqual(['user', 'phone', 'applicationInstance', 'guest', 'azureCommunicationServicesUser']);
    expect(issues({ participants: [{ identity: { application: { id: 'a' } } }] })).toBe('valid');
  });

  it('enforces 1 to 5 participants', () => {
    expect(issues({ participants: [] })).toContain('participants');
    expect(issues({ participants: ['a', 'b', 'c', 'd', 'e', 'f'].map(user) })).toContain('participants');
  });

  it('allows one participant only with replacesCallId or participantId', () => {
    expect(issues({ participants: [{ ...user('a'), replacesCallId: '7531d31f-d10d-44de-802f-c569dbca451c' }] })).toBe('valid');
    expect(issues({ participants: [{ ...user('a'), replacesCallId: '7531d31f-d10d-44de-802f-c569dbca451c' }, user('b')] })).toContain('only the first');
    expect(issues({ participants: [{ ...user('a'), participantId: 'a7ebfb2d-871e-419c-87af-27290b22e8db' }, user('b')] })).toContain('only the first');
  });

  it("forwards only GUIDs as Graph's ids: replacesCallId, participantId, and the call and participant of a request", () => {
    for (const bad of ['c1', 'invite', '..', '7531d31f-d10d-44de-802f-c569dbca451', '7531d31f-d10d-44de-802f-c569dbca451cc', ' 7531d31f-d10d-44de-802f-c569dbca451c']) {
      expect(issues({ participants: [{ ...user('a'), replacesCallId: bad }] }), bad).toContain("must be a GUID, as Graph's call and participant ids are");
      expect(issues({ participants: [{ ...user('a'), participantId: bad }] }), bad).toContain('must be a GUID');
      expect(graphCallIdSchema.safeParse(bad).success, bad).toBe(false);
      expect(participantIdSchema.safeParse(bad).success, bad).toBe(false);
    }
    // Both spellings Graph uses, normalised to the v1.0 one.
    expect(participantIdSchema.parse('A7EBFB2D871E419C87AF27290B22E8DB')).toBe('a7ebfb2d-871e-419c-87af-27290b22e8db');
    expect(graphCallIdSchema.parse('7531D31F-D10D-44DE-802F-C569DBCA451C')).toBe('7531d31f-d10d-44de-802f-c569dbca451c');
  });

  it('requires E.164 phone numbers', () => {
    expect(issues({ participants: [{ identity: { phone: { id: '4255550100' } } }] })).toContain('E.164');
    expect(issues({ participants: [{ identity: { phone: { id: '+0425' } } }] })).toContain('E.164');
  });

  it('requires exactly one identity kind per participant', () => {
    expect(issues({ participants: [{ identity: {} }] })).toContain('exactly one');
    expect(issues({ participants: [{ identity: { user: { id: 'a' }, guest: { id: 'b' } } }] })).toContain('exactly one');
  });

  it('keeps clientContext ASCII and at most 256 characters', () => {
    expect(issues({ participants: [user('a')], clientContext: 'x'.repeat(256) })).toBe('valid');
    expect(issues({ participants: [user('a')], clientContext: 'x'.repeat(257) })).toContain('clientContext');
    expect(issues({ participants: [user('a')], clientContext: 'caf\u00e9' })).toContain('ASCII');
  });

  it('rejects unknown fields and the same identity twice', () => {
    expect(issues({ participants: [user('a')], extra: 1 })).not.toBe('valid');
    expect(issues({ participants: [{ ...user('a'), role: 'x' }] })).not.toBe('valid');
    expect(issues({ participants: [user('A0B1C2D3E4F5A6B7C8D9E0F1A2B3C4D5'), user('a0b1c2d3-e4f5-a6b7-c8d9-e0f1a2b3c4d5')] })).toContain('more than once');
  });

  it('says what is wrong where, in words a caller can act on', () => {
    expect(issues({ participants: [{ identity: { user: { id: 'a b' } } }] })).toContain('must be printable ASCII without spaces');
    expect(callIdSchema.safeParse('a b').error?.issues[0]?.message).toBe('must be printable ASCII without spaces');
    expect(issues({ participants: [{ identity: {} }] })).toContain('exactly one of user, phone, application, applicationInstance, guest, azureCommunicationServicesUser');
    expect(issues({ participants: [{ ...user('a'), participantId: 'a7ebfb2d-871e-419c-87af-27290b22e8db' }, user('b')] })).toContain('{"path":"participants","message":"with replacesCallId');
    expect(issues({ participants: [user('a'), user('a')] })).toContain('{"path":"participants","message":"names user:a more than once"}');
    expect(issues({ participants: [{ identity: {} }, { identity: {} }] })).not.toContain('more than once');
    expect(() => parseInviteBody({})).toThrow("The invite body does not match Graph's invite shape.");
  });
});
