import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../src/lib/domain/timeline';
import { timelinePicture } from '../../../src/lib/domain/timelineLanes';
import { iso } from './fixtures';

const joined = (p: string, s: number, clientContext?: string): TimelineEvent => ({ kind: 'joined', at: iso(s), participantId: p, clientContext });
const left = (p: string, s: number): TimelineEvent => ({ kind: 'left', at: iso(s), participantId: p, reason: 'notInRoster' });
const muted = (p: string, s: number, on: boolean): TimelineEvent => ({ kind: 'muted', at: iso(s), participantId: p, muted: on });
const lobby = (p: string, s: number): TimelineEvent => ({ kind: 'lobby', at: iso(s), participantId: p });
const state = (value: string, s: number): TimelineEvent => ({ kind: 'callState', at: iso(s), state: value, code: undefined, subcode: undefined });
const sent = (cc: string, s: number): TimelineEvent => ({ kind: 'invitationSent', at: iso(s), clientContext: cc, invitees: 1, operationId: undefined });
const outcome = (cc: string, s: number, seconds: number, status: 'completed' | 'failed' = 'completed'): TimelineEvent => ({
  kind: 'invitationOutcome',
  at: iso(s),
  clientContext: cc,
  status,
  reason: status === 'completed' ? 'operationCompleted' : 'operationFailed',
  code: undefined,
  subcode: undefined,
  seconds,
});

describe('timelinePicture', () => {
  it('is empty for no events', () => {
    expect(timelinePicture([])).toEqual({ start: undefined, end: undefined, lanes: [], invitations: [] });
  });

  it('draws a lane per participant in order of appearance, with present, lobby and muted stretches', () => {
    const picture = timelinePicture([
      state('established', 0),
      lobby('bob', 1),
      joined('ada', 2, 'cc-ada'),
      muted('ada', 3, true),
      joined('bob', 4),
      muted('ada', 5, false),
      muted('ada', 6, true),
      left('ada', 7),
      joined('ada', 8),
      left('bob', 9),
      state('terminated', 10),
    ]);
    expect(picture.start).toBe(iso(0));
    expect(picture.end).toBe(iso(10));
    expect(picture.lanes).toEqual([
      {
        participantId: 'bob',
        clientContext: undefined,
        present: [{ from: iso(4), to: iso(9) }],
        lobby: [{ from: iso(1), to: iso(4) }],
        muted: [],
      },
      {
        participantId: 'ada',
        clientContext: 'cc-ada',
        present: [
          { from: iso(2), to: iso(7) },
          { from: iso(8), to: undefined },
        ],
        lobby: [],
        muted: [
          { from: iso(3), to: iso(5) },
          { from: iso(6), to: iso(7) },
        ],
      },
    ]);
  });

  it('does not open a second stretch while one is open, nor close one that is closed', () => {
    const picture = timelinePicture([joined('ada', 1, 'first'), joined('ada', 2, 'second'), muted('ada', 3, false), left('ada', 4), left('ada', 5), muted('ada', 6, true), muted('ada', 7, true)]);
    expect(picture.lanes[0]).toEqual({
      participantId: 'ada',
      clientContext: 'first',
      present: [{ from: iso(1), to: iso(4) }],
      lobby: [],
      muted: [{ from: iso(6), to: undefined }],
    });
    expect(picture.end).toBeUndefined();
    expect(timelinePicture([state('established', 3)]).end).toBeUndefined();
  });

  it('marks each invitation where it was sent, with its outcome; an outcome alone is placed at its request', () => {
    const picture = timelinePicture([sent('a', 1), outcome('b', 30, 20, 'failed'), outcome('a', 15, 14), sent('c', 40), sent('a', 41)]);
    expect(picture.invitations).toEqual([
      { clientContext: 'a', at: iso(41), outcome: { status: 'completed', reason: 'operationCompleted', at: iso(15) } },
      { clientContext: 'b', at: iso(10), outcome: { status: 'failed', reason: 'operationFailed', at: iso(30) } },
      { clientContext: 'c', at: iso(40), outcome: undefined },
    ]);
  });
});
