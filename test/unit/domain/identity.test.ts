import { describe, expect, it } from 'vitest';
import { identityKey, identityOf } from '../../../src/lib/domain/identity';

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
});
