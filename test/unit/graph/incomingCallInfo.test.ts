import { describe, expect, it } from 'vitest';
import { parseIncomingCall } from '../../../src/lib/graph/incomingCallInfo';
import { classifyItem } from '../../../src/lib/graph/notificationItem';

// Graph's call: answer docs, "Notification - incoming" (Example 1), with the group-call fields
// Microsoft-Teams-Samples #336 describes and the tenantId of comms-samples #191's payload.
const docsIncoming = {
  '@odata.type': '#microsoft.graph.commsNotification',
  changeType: 'created',
  resourceUrl: '/communications/calls/57DAB8B1894C409AB240BD8BEAE78896',
  resourceData: {
    '@odata.type': '#microsoft.graph.call',
    '@odata.id': '/communications/calls/57DAB8B1894C409AB240BD8BEAE78896',
    '@odata.etag': 'W/"5445"',
    state: 'incoming',
    direction: 'incoming',
    source: { identity: { user: { displayName: 'Test User', id: '8A34A46B-3D17-4ADC-8DCE-DC4E7D572698' } }, region: 'westus', languageId: 'en-US' },
    targets: [{ identity: { application: { displayName: 'Test BOT', id: '8A34A46B-3D17-4ADC-8DCE-DC4E7D572698' } } }],
    requestedModalities: ['audio'],
    tenantId: '1cd119ab-b444-4c16-84b9-8538585d1987',
  },
};
const chatInfo = { '@odata.type': '#microsoft.graph.chatInfo', threadId: '19:meeting_abc@thread.v2', messageId: '0' };
const meetingInfo = { '@odata.type': '#microsoft.graph.organizerMeetingInfo', organizer: { user: { id: 'x', tenantId: 'y' } } };

describe('the incoming call notification', () => {
  it("is a call state item in state incoming, with the caller, the call's tenant, and no group-call fields", () => {
    expect(classifyItem(docsIncoming)).toEqual({
      kind: 'callState',
      callId: '57dab8b1-894c-409a-b240-bd8beae78896',
      state: 'incoming',
      resultInfo: undefined,
      incoming: {
        caller: { kind: 'user', id: '8a34a46b-3d17-4adc-8dce-dc4e7d572698', displayName: 'Test User', tenantId: undefined },
        tenantId: '1cd119ab-b444-4c16-84b9-8538585d1987',
        chatInfo: undefined,
        meetingInfo: undefined,
      },
    });
  });

  it('an invite into a group call keeps chatInfo and meetingInfo as Graph sent them', () => {
    const item = classifyItem({ ...docsIncoming, resourceData: { ...docsIncoming.resourceData, chatInfo, meetingInfo } });
    expect(item).toMatchObject({ incoming: { chatInfo, meetingInfo } });
  });

  it('fields of the wrong shape are dropped, not a reason to ignore the call', () => {
    const odd = parseIncomingCall('created', { ...docsIncoming.resourceData, chatInfo: 'x', meetingInfo: [1], tenantId: 7, source: 'hidden', direction: 5 });
    expect(odd).toEqual({ caller: undefined, tenantId: undefined, chatInfo: undefined, meetingInfo: undefined });
    expect(parseIncomingCall('created', { state: 'Incoming' })).toEqual({ caller: undefined, tenantId: undefined, chatInfo: undefined, meetingInfo: undefined });
  });

  it('only a created call in state incoming, not an outgoing call or a later update', () => {
    expect(parseIncomingCall('updated', docsIncoming.resourceData)).toBeUndefined();
    expect(parseIncomingCall('created', { ...docsIncoming.resourceData, state: 'establishing' })).toBeUndefined();
    expect(parseIncomingCall('created', { ...docsIncoming.resourceData, direction: 'outgoing' })).toBeUndefined();
    expect(parseIncomingCall('created', { ...docsIncoming.resourceData, direction: 'Incoming' })).toBeDefined();
    expect(parseIncomingCall('created', undefined)).toBeUndefined();
    expect(parseIncomingCall('created', { direction: 'incoming' })).toBeUndefined();
    const updated = classifyItem({ ...docsIncoming, changeType: 'updated', resourceData: { state: 'established' } });
    expect(updated).toEqual({ kind: 'callState', callId: '57dab8b1-894c-409a-b240-bd8beae78896', state: 'established', resultInfo: undefined });
    expect(classifyItem({ ...docsIncoming, changeType: 'Created' })).toMatchObject({ incoming: { tenantId: '1cd119ab-b444-4c16-84b9-8538585d1987' } });
  });
});
