import { describe, expect, it } from 'vitest';
import { parseIncomingParticipant, sequenceOf } from '../../../src/lib/graph/incomingParticipant';
import { readParticipants } from '../../../src/lib/graph/participantList';

const ada = {
  '@odata.type': '#microsoft.graph.participant',
  id: 'P-ADA',
  info: { identity: { user: { id: 'u-ada', displayName: 'Ada', tenantId: 't1' } }, endpointType: 'default' },
  isMuted: false,
  isInLobby: true,
  rosterSequenceNumber: 4,
};
const bob = { id: 'p-bob', info: { identity: { phone: { id: '14255550100' } } }, rosterSequenceNumber: '5' };

describe('parseIncomingParticipant', () => {
  it('reads id, identity, endpoint, mute, lobby and sequence', () => {
    expect(parseIncomingParticipant(ada, { removed: false })).toEqual({
      participantId: 'P-ADA',
      identity: { kind: 'user', id: 'u-ada', displayName: 'Ada', tenantId: 't1' },
      endpointType: 'default',
      isMuted: false,
      isInLobby: true,
      removedReason: undefined,
      sequence: 4,
    });
    expect(parseIncomingParticipant(bob, { removed: false })).toMatchObject({ identity: { kind: 'phone', id: '+14255550100' }, sequence: 5, isMuted: undefined, isInLobby: undefined, endpointType: undefined });
  });

  it('a removedState means removed, with its reason or a generic one', () => {
    expect(parseIncomingParticipant({ ...ada, removedState: { reason: 'kicked' } }, { removed: false })?.removedReason).toBe('kicked');
    expect(parseIncomingParticipant({ ...ada, removedState: {} }, { removed: false })?.removedReason).toBe('removed');
    expect(parseIncomingParticipant({ ...ada, removedState: { reason: '' } }, { removed: false })?.removedReason).toBe('removed');
    expect(parseIncomingParticipant({ ...ada, removedState: null }, { removed: false })?.removedReason).toBeUndefined();
    expect(parseIncomingParticipant(ada, { removed: true })?.removedReason).toBe('removed');
  });

  it('takes the id from the path and the sequence from the delta roster when the participant lacks them', () => {
    expect(parseIncomingParticipant({ info: {} }, { removed: false, id: 'p-path' })?.participantId).toBe('p-path');
    expect(parseIncomingParticipant({ id: '', info: {} }, { removed: false, id: 'p-path' })?.participantId).toBe('p-path');
    expect(parseIncomingParticipant({ id: 'p-own' }, { removed: false, id: 'p-path' })?.participantId).toBe('p-own');
    expect(parseIncomingParticipant(null, { removed: true, id: 'p-path' })).toMatchObject({ participantId: 'p-path', removedReason: 'removed', identity: undefined });
    expect(parseIncomingParticipant(null, { removed: false, id: 'p-path' })).toBeUndefined();
    expect(parseIncomingParticipant({ id: 'p1' }, { removed: false, sequence: 9 })?.sequence).toBe(9);
    expect(parseIncomingParticipant({ id: 'p1', rosterSequenceNumber: 3 }, { removed: false, sequence: 9 })?.sequence).toBe(3);
  });

  it('reads mute and lobby only as booleans', () => {
    expect(parseIncomingParticipant({ id: 'p1', isMuted: 'true', isInLobby: 1 }, { removed: false })).toMatchObject({ isMuted: undefined, isInLobby: undefined });
  });

  it('is nothing without an id', () => {
    for (const junk of [null, 'x', [], {}, { id: '' }, { id: 7 }]) expect(parseIncomingParticipant(junk, { removed: false })).toBeUndefined();
  });

  it('reads Int64 sequence numbers as numbers or digit strings within the safe range', () => {
    expect(sequenceOf(0)).toBe(0);
    expect(sequenceOf('123456789012345')).toBe(123456789012345);
    for (const bad of ['1234567890123456', '-1', '1.5', ' 1', 1.5, 2 ** 53, null]) expect(sequenceOf(bad), String(bad)).toBeUndefined();
  });
});

describe('readParticipants: which shape a participants notification takes', () => {
  it('an updated array on the collection is the whole roster, also when empty', () => {
    expect(readParticipants([ada, bob], 'updated', undefined)).toMatchObject({ mode: 'full', participants: [{ participantId: 'P-ADA' }, { participantId: 'p-bob' }] });
    expect(readParticipants([], 'updated', undefined)).toEqual({ mode: 'full', participants: [] });
  });

  it('created, deleted, a single object or a path id make it a change, not a roster', () => {
    expect(readParticipants([ada], 'created', undefined).mode).toBe('delta');
    expect(readParticipants([ada], 'deleted', undefined)).toMatchObject({ mode: 'delta', participants: [{ removedReason: 'removed' }] });
    expect(readParticipants(ada, 'updated', undefined).mode).toBe('delta');
    expect(readParticipants([ada], 'updated', 'P-ADA').mode).toBe('delta');
    expect(readParticipants(undefined, 'deleted', 'p-gone')).toEqual({ mode: 'delta', participants: [expect.objectContaining({ participantId: 'p-gone', removedReason: 'removed' })] });
  });

  it('a deltaParticipants roster lists only the changed, with its sequence number for those without one', () => {
    const delta = { '@odata.type': '#microsoft.graph.deltaParticipants', sequenceNumber: 12, participants: [{ id: 'p-new' }, ada] };
    expect(readParticipants([delta], 'updated', undefined)).toEqual({
      mode: 'delta',
      participants: [expect.objectContaining({ participantId: 'p-new', sequence: 12 }), expect.objectContaining({ participantId: 'P-ADA', sequence: 4 })],
    });
    // Without @odata.type: a participants array and no id of its own.
    expect(readParticipants({ sequenceNumber: '2', participants: [{ id: 'p-x' }] }, 'updated', undefined)).toMatchObject({ mode: 'delta', participants: [{ participantId: 'p-x', sequence: 2 }] });
    expect(readParticipants([{ ...delta, participants: [{ id: 'p-x' }] }], 'deleted', undefined).participants[0]?.removedReason).toBe('removed');
  });

  it('a participant that happens to have a participants array is not a delta roster', () => {
    const odd = { id: 'p-odd', participants: [] };
    expect(readParticipants([odd], 'updated', undefined)).toMatchObject({ mode: 'full', participants: [{ participantId: 'p-odd' }] });
    expect(readParticipants([{ '@odata.type': '#microsoft.graph.participant', participants: [{ id: 'p-y' }] }], 'updated', undefined)).toEqual({ mode: 'full', participants: [] });
  });

  it('skips entries it cannot read', () => {
    expect(readParticipants([null, { id: '' }, ada], 'updated', undefined).participants.map((p) => p.participantId)).toEqual(['P-ADA']);
  });
});
