import { describe, expect, it } from 'vitest';
import { applyItem } from '../../../src/lib/domain/applyNotification';
import { foldNotifications, mergeChanges, withChanges } from '../../../src/lib/domain/foldNotifications';
import { isEmpty, noChanges } from '../../../src/lib/domain/roster';
import { ada, at, bob, callRecord, entry, incoming, invite, operationItem, rosterItem, snapshot, stateItem } from './fixtures';

const ignored = { kind: 'ignored', reason: 'not ours' } as const;

describe('folding the items of one envelope', () => {
  it('applies every item in order, each seeing the ones before it, with one outcome per item', () => {
    const snap = snapshot([invite('a', [ada]), invite('b', [bob])]);
    const items = [
      operationItem('op-a', 'running', 'a'),
      rosterItem('full', [incoming('pa', { identity: ada, sequence: 1 })]),
      ignored,
      operationItem('op-x', 'completed', 'someone-else'),
      operationItem('op-a', 'running', 'a'),
      rosterItem('full', [incoming('pa', { identity: ada, sequence: 1 }), incoming('pb', { identity: bob, sequence: 1 })]),
      stateItem('established'),
    ];
    const { changes, outcomes } = foldNotifications(snap, items, at(1));
    expect(outcomes.map((o) => o.result)).toEqual(['applied', 'applied', 'ignored', 'unmatched', 'unchanged', 'applied', 'applied']);
    expect(outcomes.map((o) => o.item)).toEqual(items);
    expect(changes.call).toMatchObject({ state: 'established' });
    expect(changes.roster.map((e) => [e.participantId, e.invitationClientContext])).toEqual([['pa', 'a'], ['pb', 'b']]);
    expect(changes.invitations.map((i) => [i.clientContext, i.status, i.operationId])).toEqual([['a', 'completed', 'op-a'], ['b', 'completed', undefined]]);
  });

  it('two items changing the same roster row leave its last version', () => {
    const snap = snapshot([], [entry('p1', { sequence: 1 })]);
    const { changes } = foldNotifications(snap, [rosterItem('delta', [incoming('p1', { sequence: 2, isMuted: true })]), rosterItem('delta', [incoming('p1', { sequence: 3, isMuted: false })])], at(2));
    expect(changes.roster).toEqual([expect.objectContaining({ participantId: 'p1', sequence: 3, isMuted: false })]);
  });

  it('an operation with no clientContext matches by its id only, never a stranger', () => {
    const opId = '0fe0623f-d628-42ed-b4bd-8ac290072cc5';
    const running = { ...invite('a', [ada]), operationId: opId, status: 'running' as const };
    const snap = snapshot([running, invite('b', [bob])]);
    const stranger = foldNotifications(snap, [operationItem('op-x', 'failed', undefined)], at(1));
    expect(stranger.outcomes[0]?.result).toBe('unmatched');
    expect(stranger.changes).toEqual(noChanges);
    const own = foldNotifications(snap, [operationItem(opId.replace(/-/g, '').toUpperCase(), 'failed', undefined)], at(1));
    expect(own.changes.invitations).toEqual([expect.objectContaining({ clientContext: 'a', status: 'failed' })]);
    expect(applyItem(snap, operationItem('op-x', 'failed', undefined), at(1))).toEqual(noChanges);
  });

  it('an ignored item or a repeated operation changes nothing', () => {
    const snap = snapshot([invite('a', [ada])]);
    expect(applyItem(snap, ignored, at(1))).toEqual(noChanges);
    const once = withChanges(snap, applyItem(snap, operationItem('op-a', 'failed', 'a'), at(1)));
    expect(applyItem(once, operationItem('op-a', 'failed', 'a'), at(2))).toEqual(noChanges);
  });

  it('an operation changes only its invitation', () => {
    const snap = snapshot([invite('a', [ada])], [entry('p1')], callRecord('established'));
    const changes = applyItem(snap, operationItem('op-a', 'completed', 'a'), at(1));
    expect(changes.call).toBeUndefined();
    expect(changes.roster).toEqual([]);
    expect(changes.invitations).toHaveLength(1);
  });
});

describe('change sets', () => {
  it('an empty change set leaves the snapshot as it is, without copying', () => {
    const snap = snapshot([invite('a', [ada])]);
    expect(withChanges(snap, noChanges)).toBe(snap);
    expect(isEmpty(noChanges)).toBe(true);
    expect(isEmpty({ ...noChanges, call: callRecord('established') })).toBe(false);
    expect(isEmpty({ ...noChanges, roster: [entry('p1')] })).toBe(false);
    expect(isEmpty({ ...noChanges, invitations: [invite('a', [ada])] })).toBe(false);
  });

  it('later changes win per row; rows and the call only one side changed are kept', () => {
    const first = { call: callRecord('establishing'), invitations: [invite('a', [ada]), invite('b', [bob])], roster: [entry('p1')] };
    const second = { call: undefined, invitations: [{ ...invite('b', [bob]), status: 'running' as const }], roster: [entry('p2')] };
    const merged = mergeChanges(first, second);
    expect(merged.call).toBe(first.call);
    expect(merged.invitations.map((i) => [i.clientContext, i.status])).toEqual([['a', 'pending'], ['b', 'running']]);
    expect(merged.roster.map((e) => e.participantId)).toEqual(['p1', 'p2']);
    expect(mergeChanges(second, { ...noChanges, call: callRecord('established') }).call?.state).toBe('established');
  });
});
