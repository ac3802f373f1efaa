import { describe, expect, it } from 'vitest';
import { classifyItem } from '../../../src/lib/graph/notificationItem';

const callId = '491f0b00-ffff-4bc9-a43e-b226498ec22a';
const opId = '0fe0623f-d628-42ed-b4bd-8ac290072cc5';

const op = (over: Record<string, unknown> = {}, data: Record<string, unknown> = {}) => ({
  '@odata.type': '#microsoft.graph.commsNotification',
  changeType: 'deleted',
  resourceUrl: `/communications/calls/${callId}/operations/${opId}`,
  resourceData: {
    '@odata.type': '#microsoft.graph.inviteParticipantsOperation',
    id: opId,
    status: 'completed',
    clientContext: 'ctx',
    resultInfo: { code: 200, subcode: 0, message: 'OK' },
    ...data,
  },
  ...over,
});

describe('classifyItem: operations', () => {
  it('reads the v1.0 shape', () => {
    expect(classifyItem(op())).toEqual({
      kind: 'operation',
      callId,
      operationId: opId,
      clientContext: 'ctx',
      status: 'completed',
      resultInfo: { code: 200, subcode: 0, message: 'OK' },
    });
  });

  it('reads the legacy shape: /app/calls, resource, no @odata.type, upper-case ids, string codes, any letter case', () => {
    const legacy = {
      changeType: 'deleted',
      resource: `/app/calls/${callId.replace(/-/g, '').toUpperCase()}/operations/${opId.replace(/-/g, '').toUpperCase()}`,
      resourceData: { id: null, status: 'Failed', clientContext: 'ctx', resultInfo: { code: '480', subcode: '10076', message: 'x' } },
    };
    expect(classifyItem(legacy)).toMatchObject({
      kind: 'operation',
      callId,
      operationId: opId,
      status: 'failed',
      resultInfo: { code: 480, subcode: 10076 },
    });
  });

  it('ignores operations of other kinds, unknown statuses and missing data, never throws', () => {
    expect(classifyItem(op({}, { '@odata.type': '#microsoft.graph.playPromptOperation' }))).toMatchObject({ kind: 'ignored' });
    expect(classifyItem(op({}, { status: 'weird' }))).toMatchObject({ kind: 'ignored' });
    expect(classifyItem(op({ resourceData: null }))).toMatchObject({ kind: 'ignored' });
    for (const junk of [null, 1, 'x', [], {}, { resourceUrl: 5 }, { resourceUrl: '/me/events' }]) {
      expect(classifyItem(junk).kind).toBe('ignored');
    }
  });

  it('keeps a null clientContext as unknown so correlation falls back to the operation id', () => {
    expect(classifyItem(op({}, { clientContext: null }))).toMatchObject({ kind: 'operation', clientContext: undefined });
  });
});

describe('classifyItem: roster and call state', () => {
  const participant = { id: 'P1', info: { identity: { user: { id: 'U1', displayName: 'Ada' } } }, isMuted: true, isInLobby: false, rosterSequenceNumber: '7' };

  it('treats an updated array as the full roster', () => {
    const item = classifyItem({ changeType: 'updated', resourceUrl: `/communications/calls/${callId}/participants`, resourceData: [participant] });
    expect(item).toMatchObject({ kind: 'roster', mode: 'full', participants: [{ participantId: 'P1', sequence: 7, isMuted: true, removedReason: undefined }] });
  });

  it('treats created, deleted and deltaParticipants as changes only', () => {
    const url = `/communications/calls/${callId}/participants`;
    expect(classifyItem({ changeType: 'created', resourceUrl: url, resourceData: [participant] })).toMatchObject({ mode: 'delta' });
    expect(classifyItem({ changeType: 'deleted', resourceUrl: url, resourceData: [participant] })).toMatchObject({ mode: 'delta', participants: [{ removedReason: 'removed' }] });
    expect(classifyItem({ changeType: 'updated', resourceUrl: url, resourceData: { '@odata.type': '#microsoft.graph.deltaParticipants', sequenceNumber: 3, participants: [participant] } })).toMatchObject({ mode: 'delta' });
  });

  it('reads call state, including termination by a deleted call', () => {
    expect(classifyItem({ changeType: 'updated', resourceUrl: `/communications/calls/${callId}`, resourceData: { state: 'Established' } })).toMatchObject({ kind: 'callState', state: 'established' });
    expect(classifyItem({ changeType: 'deleted', resource: `/app/calls/${callId}`, resourceData: { resultInfo: { code: '200', subcode: '5001' } } })).toMatchObject({ kind: 'callState', state: 'terminated', resultInfo: { code: 200, subcode: 5001 } });
  });
});
