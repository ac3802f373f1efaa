import { describe, expect, it } from 'vitest';
import { classifyItem, envelopeSchema } from '../../../src/lib/graph/notificationItem';

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

describe('classifyItem: edges of the wire shapes', () => {
  const callUrl = `/communications/calls/${callId}`;

  it('reads every operation status, in any letter case', () => {
    for (const [wire, status] of [['NotStarted', 'notStarted'], ['RUNNING', 'running'], ['completed', 'completed'], ['Failed', 'failed']] as const) {
      expect(classifyItem(op({}, { status: wire })), wire).toMatchObject({ kind: 'operation', status });
    }
    expect(classifyItem(op({}, { status: 5 }))).toMatchObject({ kind: 'ignored' });
  });

  it('an empty clientContext is none; the operation id comes from resourceData, else from the path', () => {
    expect(classifyItem(op({}, { clientContext: '' }))).toMatchObject({ clientContext: undefined });
    const other = '11111111-2222-3333-4444-555555555555';
    expect(classifyItem(op({}, { id: other.replace(/-/g, '') }))).toMatchObject({ operationId: other });
    for (const id of ['', 7, undefined]) expect(classifyItem(op({}, { id })), String(id)).toMatchObject({ operationId: opId });
    expect(classifyItem(op({ resourceData: [{ status: 'running', clientContext: 'ctx' }] }))).toMatchObject({ kind: 'operation', status: 'running', operationId: opId });
  });

  it('a participants item without a changeType is an update: the whole roster', () => {
    expect(classifyItem({ resourceUrl: `${callUrl}/participants`, resourceData: [] })).toMatchObject({ kind: 'roster', mode: 'full', participants: [] });
  });

  it('a change to the participants that names nobody is ignored', () => {
    expect(classifyItem({ changeType: 'created', resourceUrl: `${callUrl}/participants`, resourceData: [] })).toMatchObject({ kind: 'ignored', callId });
  });

  it('a call update without a state is not an end; a deleted call without data is', () => {
    expect(classifyItem({ changeType: 'updated', resourceUrl: callUrl, resourceData: { resultInfo: { code: 200 } } })).toMatchObject({ kind: 'ignored', callId });
    expect(classifyItem({ changeType: 'updated', resourceUrl: callUrl })).toMatchObject({ kind: 'ignored', callId });
    expect(classifyItem({ changeType: 'deleted', resourceUrl: callUrl })).toEqual({ kind: 'callState', callId, state: 'terminated', resultInfo: undefined });
  });

  it('a deleted sub-resource of the call does not end it', () => {
    expect(classifyItem({ changeType: 'deleted', resourceUrl: `${callUrl}/contentSharingSessions/s1` })).toMatchObject({ kind: 'ignored' });
  });

  it('an envelope holds at most 1,000 items', () => {
    expect(envelopeSchema.safeParse({ value: [] }).success).toBe(true);
    expect(envelopeSchema.safeParse({ value: Array.from({ length: 1000 }, () => ({})) }).success).toBe(true);
    expect(envelopeSchema.safeParse({ value: Array.from({ length: 1001 }, () => ({})) }).success).toBe(false);
    expect(envelopeSchema.safeParse({}).success).toBe(false);
  });
});
