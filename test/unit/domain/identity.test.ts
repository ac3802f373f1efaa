import { describe, expect, it } from 'vitest';
import { identityKey, identityOf, normalizePhone } from '../../../src/lib/domain/identity';

const keyOf = (set: unknown) => {
  const identity = identityOf(set);
  return identity ? identityKey(identity) : undefined;
};

describe('identity keys link roster entries to invitees', () => {
  it('a phone number is one key with or without +, tel:, spaces or dashes', () => {
    const invited = keyOf({ phone: { id: '+14255550100' } });
    expect(invited).toBe('phone:+14255550100');
    for (const spelling of ['14255550100', 'tel:+14255550100', 'TEL:14255550100', '+1 425-555-0100', '+1 (425) 555 0100']) {
      expect(keyOf({ phone: { id: spelling } }), spelling).toBe(invited);
    }
    expect(keyOf({ phone: { id: '+14255550101' } })).not.toBe(invited);
  });

  it('an ACS user invited as azureCommunicationServicesUser is the acsUser on the roster', () => {
    const id = '8:acs:6e2f3c1d-aaaa-bbbb-cccc-1234567890ab_0000001a-2b3c-4d5e-6f70-8192a3b4c5d6';
    expect(keyOf({ acsUser: { id } })).toBe(keyOf({ azureCommunicationServicesUser: { id } }));
    expect(keyOf({ acsUser: { id } })).not.toBe(keyOf({ user: { id } }));
  });

  it('GUIDs compare in every spelling; kinds keep identical ids apart', () => {
    const guid = '8b081ef6-4792-4def-b2c9-c363a1bf41d5';
    expect(keyOf({ user: { id: guid.replace(/-/g, '').toUpperCase() } })).toBe(keyOf({ user: { id: guid } }));
    expect(keyOf({ application: { id: guid } })).not.toBe(keyOf({ user: { id: guid } }));
  });

  it('reads the first kind that carries an id, and nothing from junk', () => {
    expect(identityOf({ user: { displayName: 'no id' }, guest: { id: 'g1', displayName: 'Guest' } })).toMatchObject({ kind: 'guest', id: 'g1', displayName: 'Guest' });
    for (const junk of [null, 'x', [], {}, { user: null }, { user: { id: '' } }]) expect(identityOf(junk)).toBeUndefined();
  });

  it('reads phone numbers as E.164 and GUIDs in their v1.0 spelling', () => {
    expect(identityOf({ phone: { id: '14255550100' } })).toEqual({ kind: 'phone', id: '+14255550100', displayName: undefined, tenantId: undefined });
    expect(identityOf({ user: { id: 'A0B1C2D3E4F5A6B7C8D9E0F1A2B3C4D5', displayName: '', tenantId: 5 } })).toEqual({ kind: 'user', id: 'a0b1c2d3-e4f5-a6b7-c8d9-e0f1a2b3c4d5', displayName: undefined, tenantId: undefined });
    // A user id made of digits is not a phone number.
    expect(identityOf({ user: { id: '14255550100' } })?.id).toBe('14255550100');
  });

  it('keys keep kinds apart, spell phones and GUIDs one way, and ignore letter case', () => {
    expect(identityKey({ kind: 'phone', id: 'tel:14255550100' })).toBe('phone:+14255550100');
    expect(identityKey({ kind: 'user', id: 'A0B1C2D3E4F5A6B7C8D9E0F1A2B3C4D5' })).toBe('user:a0b1c2d3-e4f5-a6b7-c8d9-e0f1a2b3c4d5');
    expect(identityKey({ kind: 'guest', id: 'Guest-7' })).toBe('guest:guest-7');
    expect(identityKey({ kind: 'user', id: '14255550100' })).toBe('user:14255550100');
  });

  it('leaves what is not a phone number as it is', () => {
    for (const odd of ['123tel:456', 'a123', '123a', '+1+2']) expect(normalizePhone(odd), odd).toBe(odd);
  });
});
