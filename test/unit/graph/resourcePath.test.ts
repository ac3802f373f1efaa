import { describe, expect, it } from 'vitest';
import { parseResource } from '../../../src/lib/graph/resourcePath';

const callId = '491f0b00-ffff-4bc9-a43e-b226498ec22a';
const legacyCallId = callId.replace(/-/g, '').toUpperCase();

describe('parseResource: what a notification points at', () => {
  it('reads calls, participants and operations in v1.0, beta, legacy and absolute spellings', () => {
    expect(parseResource(`/communications/calls/${callId}`)).toEqual({ kind: 'call', callId });
    expect(parseResource(`/communications/calls/${callId}/`)).toEqual({ kind: 'call', callId });
    expect(parseResource(`  https://graph.microsoft.com/v1.0/communications/calls/${callId}  `)).toEqual({ kind: 'call', callId });
    expect(parseResource(`http://localhost:8080/beta/communications/calls/${callId}`)).toEqual({ kind: 'call', callId });
    expect(parseResource(`/beta/app/calls/${legacyCallId}`)).toEqual({ kind: 'call', callId });
    expect(parseResource(`/COMMUNICATIONS/Calls/${callId}/Participants`)).toEqual({ kind: 'participants', callId, participantId: undefined });
    expect(parseResource(`/app/calls/${callId}/participants/P-1`)).toEqual({ kind: 'participants', callId, participantId: 'P-1' });
    expect(parseResource(`/communications/calls/${callId}/operations/${legacyCallId}`)).toEqual({ kind: 'operation', callId, operationId: callId });
  });

  it('percent-decodes ids, and keeps a segment that does not decode as it is', () => {
    expect(parseResource('/communications/calls/a%3Ab')).toEqual({ kind: 'call', callId: 'a:b' });
    expect(parseResource('/communications/calls/a%ZZb')).toEqual({ kind: 'call', callId: 'a%ZZb' });
    expect(parseResource('/communications/calls/c1/participants/p%2F1')).toEqual({ kind: 'participants', callId: 'c1', participantId: 'p/1' });
  });

  it('an operation needs its id', () => {
    expect(parseResource(`/communications/calls/${callId}/operations`)).toBeUndefined();
    expect(parseResource(`/communications/calls/${callId}/operations/`)).toBeUndefined();
  });

  it('sub-resources of a call are not the call (a deleted one must not end it)', () => {
    for (const sub of ['contentSharingSessions/s1', 'audioRoutingGroups/g1', 'participants/p1/mute', 'operations/o1/extra']) {
      expect(parseResource(`/communications/calls/${callId}/${sub}`), sub).toBeUndefined();
    }
  });

  it('anything that is not under calls is not ours', () => {
    for (const other of [
      '',
      '/communications/calls/',
      `/communications/onlineMeetings/${callId}`,
      `/me/communications/calls/${callId}`,
      `communications/calls/${callId}`,
      `/v2.0/communications/calls/${callId}`,
      `ftp://graph/communications/calls/${callId}`,
      `/communications/calls/${callId}?x=1`,
    ]) {
      expect(parseResource(other), other).toBeUndefined();
    }
  });
});
