import type { MeetingRef } from '../domain/meetingLink';
import type { InvitationParticipantInfo } from './inviteRequest';

/** Where the bot goes: a meeting, or people to ring (a peer-to-peer call with one, a group call with several). */
export type CallTarget =
  | { readonly kind: 'meeting'; readonly meeting: MeetingRef }
  | { readonly kind: 'outgoing'; readonly targets: readonly InvitationParticipantInfo[] };

/*
 * Graph's create call (POST /communications/calls), as its docs show it: service-hosted media,
 * audio, our callback, the tenant. Meetings:
 * - classic link: chatInfo {threadId, messageId} + organizerMeetingInfo {organizer.user {id, tenantId}}
 *   (docs' "join scheduled meeting with service hosted media"; comms-samples JoinInfo.ParseJoinURL);
 * - join id: joinMeetingIdMeetingInfo {joinMeetingId, passcode} (docs' "join a scheduled meeting with
 *   joinMeetingId and passcode", microsoft-graph-docs PR #16093). The docs' example has a chatInfo; a
 *   short link gives no thread, and an empty chatInfo is only reported to work (comms-samples #829).
 */
export function createCallBody(target: CallTarget, callbackUri: string, tenantId: string | undefined): Record<string, unknown> {
  const common = {
    '@odata.type': '#microsoft.graph.call',
    callbackUri,
    requestedModalities: ['audio'],
    mediaConfig: { '@odata.type': '#microsoft.graph.serviceHostedMediaConfig' },
    ...(tenantId ? { tenantId } : {}),
  };
  if (target.kind === 'outgoing') return { ...common, targets: target.targets };
  const m = target.meeting;
  if (m.kind === 'classic') {
    return {
      ...common,
      chatInfo: { '@odata.type': '#microsoft.graph.chatInfo', threadId: m.threadId, messageId: m.messageId },
      meetingInfo: {
        '@odata.type': '#microsoft.graph.organizerMeetingInfo',
        organizer: {
          '@odata.type': '#microsoft.graph.identitySet',
          user: { '@odata.type': '#microsoft.graph.identity', ...(m.organizerId ? { id: m.organizerId } : {}), tenantId: m.tenantId },
        },
      },
    };
  }
  return {
    ...common,
    chatInfo: { '@odata.type': '#microsoft.graph.chatInfo' },
    meetingInfo: { '@odata.type': '#microsoft.graph.joinMeetingIdMeetingInfo', joinMeetingId: m.joinMeetingId, ...(m.passcode ? { passcode: m.passcode } : {}) },
  };
}
