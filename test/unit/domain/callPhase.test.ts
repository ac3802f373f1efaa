import { describe, expect, it } from 'vitest';
import { callPhase, isSettling } from '../../../src/lib/domain/callPhase';
import type { CallRecord } from '../../../src/lib/domain/roster';
import { callRecord, entry, iso } from './fixtures';

const joined = (state: string, over: Partial<CallRecord> = {}): CallRecord => ({ ...callRecord(state), origin: { kind: 'meeting', requestKey: 'meeting:joinId:123456', myParticipantId: 'bot' }, ...over });

describe('the call as its caller sees it', () => {
  it('nothing known yet, or Graph says establishing: establishing', () => {
    expect(callPhase(undefined, [])).toBe('establishing');
    expect(callPhase({ ...callRecord('x'), state: undefined }, [])).toBe('establishing');
    expect(callPhase(joined('establishing'), [])).toBe('establishing');
  });

  it('the bot\'s own participant in the lobby: inLobby; someone else in the lobby, or the bot admitted or gone: not', () => {
    expect(callPhase(joined('establishing'), [entry('bot', { isInLobby: true, present: true })])).toBe('inLobby');
    expect(callPhase(joined('establishing'), [entry('other', { isInLobby: true, present: true })])).toBe('establishing');
    expect(callPhase(joined('establishing'), [entry('bot', { isInLobby: false, present: true })])).toBe('establishing');
    expect(callPhase(joined('establishing'), [entry('bot', { isInLobby: undefined, present: true })])).toBe('establishing');
    expect(callPhase(joined('establishing'), [entry('bot', { isInLobby: true, present: false })])).toBe('establishing');
    expect(callPhase(callRecord('establishing'), [entry('bot', { isInLobby: true, present: true })])).toBe('establishing');
    // Without a known participant of its own, nobody on the roster is the bot.
    expect(callPhase(callRecord('establishing'), [{ ...entry('x', { isInLobby: true }), participantId: undefined as unknown as string }])).toBe('establishing');
  });

  it('once established it stays established through hold and the like, in the lobby roster or not', () => {
    expect(callPhase(joined('established', { establishedAt: iso(3) }), [])).toBe('established');
    expect(callPhase(joined('hold', { establishedAt: iso(3) }), [entry('bot', { isInLobby: true, present: true })])).toBe('established');
  });

  it('the end: terminated if it was ever established, failed if not (either letter case, terminating too)', () => {
    expect(callPhase(joined('terminated', { establishedAt: iso(3) }), [])).toBe('terminated');
    expect(callPhase(joined('Terminating', { establishedAt: iso(3) }), [])).toBe('terminated');
    expect(callPhase(joined('terminated'), [])).toBe('failed');
    expect(callPhase(joined('terminating'), [])).toBe('failed');
  });

  it('the bot gave up waiting (lobby time limit): failed at once; a requested hang-up waits for Graph', () => {
    expect(callPhase(joined('establishing', { hangUp: { reason: 'lobbyTimeout', at: iso(5) } }), [entry('bot', { isInLobby: true, present: true })])).toBe('failed');
    expect(callPhase(joined('establishing', { hangUp: { reason: 'requested', at: iso(5) } }), [])).toBe('establishing');
    expect(callPhase(joined('established', { establishedAt: iso(3), hangUp: { reason: 'lobbyTimeout', at: iso(5) } }), [])).toBe('established');
  });

  it('settling (answer 202) while establishing or in the lobby only', () => {
    expect(['establishing', 'inLobby', 'established', 'terminated', 'failed'].filter((p) => isSettling(p as never))).toEqual(['establishing', 'inLobby']);
  });
});
