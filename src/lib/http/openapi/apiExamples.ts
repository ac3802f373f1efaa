import type { InvitationView, RosterView } from '../apiSchemas';
import { invitationIdOf } from '../invitationId';

/** Examples shown in the OpenAPI definition; a test runs each through the handlers' validation. */
const callId = '491f0b00-ffff-4bc9-a43e-b226498ec22a';
const base = 'https://contoso-invites.azurewebsites.net/api';

export const inviteRequestExample = {
  participants: [
    {
      '@odata.type': '#microsoft.graph.invitationParticipantInfo',
      identity: {
        '@odata.type': '#microsoft.graph.identitySet',
        user: { id: '8b081ef6-4792-4def-b2c9-c363a1bf41d5', displayName: 'Ada Lovelace', tenantId: 'aa67bd4c-8475-432d-bd41-39f255720e0a' },
      },
    },
  ],
  clientContext: 'flow-run-08585316',
};

export const phoneInviteRequestExample = {
  participants: [{ identity: { phone: { id: '+14255550100' } } }],
  clientContext: 'dial-out-42',
};

export const invitationExample: InvitationView = {
  callId,
  clientContext: 'flow-run-08585316',
  status: 'completed',
  outcomeKnown: true,
  outcome: { reason: 'operationCompleted', resultInfo: { code: 200, subcode: 0, message: 'OK' } },
  operationId: '0fe0623f-d628-42ed-b4bd-8ac290072cc5',
  graphRequestId: 'd4b3c1d2-5a8e-4f4e-9a3b-6c7d8e9f0a1b',
  invitees: [
    {
      identity: { kind: 'user', id: '8b081ef6-4792-4def-b2c9-c363a1bf41d5', displayName: 'Ada Lovelace' },
      state: 'joined',
      participantId: '7b3c0cb6-b18c-4330-afd1-921ed759890d',
      joinedAt: '2026-11-26T10:00:03.120Z',
      leftAt: null,
    },
  ],
  createdAt: '2026-11-26T10:00:00.010Z',
  updatedAt: '2026-11-26T10:00:03.120Z',
  completedAt: '2026-11-26T10:00:03.120Z',
  deadline: '2026-11-26T10:02:00.010Z',
  invitedBy: { kind: 'application', id: 'c3d9a4f0-5b7e-4a31-9f2d-6e8b1a0c7d45', tenantId: 'aa67bd4c-8475-432d-bd41-39f255720e0a', appId: 'c3d9a4f0-5b7e-4a31-9f2d-6e8b1a0c7d45' },
  links: { self: `${base}/calls/${callId}/invitations/${invitationIdOf('flow-run-08585316')}`, roster: `${base}/calls/${callId}/participants` },
};

export const pendingInvitationExample: InvitationView = {
  ...invitationExample,
  status: 'running',
  outcomeKnown: false,
  outcome: null,
  completedAt: null,
  invitees: invitationExample.invitees.map((i) => ({ ...i, state: 'invited', participantId: null, joinedAt: null })),
};

export const rosterExample: RosterView = {
  callId,
  state: 'established',
  resultInfo: null,
  terminatedAt: null,
  participants: [
    {
      participantId: '7b3c0cb6-b18c-4330-afd1-921ed759890d',
      identity: { kind: 'user', id: '8b081ef6-4792-4def-b2c9-c363a1bf41d5', displayName: 'Ada Lovelace' },
      endpointType: 'default',
      isMuted: false,
      isInLobby: false,
      present: true,
      joinedAt: '2026-11-26T10:00:03.120Z',
      leftAt: null,
      removalReason: null,
      invitation: { clientContext: 'flow-run-08585316', href: `${base}/calls/${callId}/invitations/${invitationIdOf('flow-run-08585316')}` },
    },
  ],
  formerParticipants: [],
  invitations: [{ clientContext: 'flow-run-08585316', status: 'completed', href: `${base}/calls/${callId}/invitations/${invitationIdOf('flow-run-08585316')}` }],
};

export const problemExample = {
  type: 'urn:graph-call-invites:problem:validation-failed',
  title: 'The request is not valid',
  status: 400,
  detail: "The invite body does not match Graph's invite shape.",
  instance: `/api/calls/${callId}/participants/invite`,
  errors: [{ path: 'participants.0.identity.phone.id', message: 'must be an E.164 phone number such as +14255550100' }],
};

export const graphProblemExample = {
  type: 'urn:graph-call-invites:problem:graph-request-failed',
  title: 'Microsoft Graph did not accept the request',
  status: 502,
  detail: 'Application is not registered in our store.',
  graphStatus: 403,
  graphErrorCode: '7503',
  graphRequestId: 'd4b3c1d2-5a8e-4f4e-9a3b-6c7d8e9f0a1b',
};

/** Join a Teams meeting from the link a maker copies (Teams' "Copy join link"). */
export const callRequestExample = {
  joinLink: 'https://teams.microsoft.com/meet/2345678901234?p=AbCd3fGh12',
  clientContext: 'standup-2026-03-02',
};

/** Invite by meeting link: the bot joins if it is not in the meeting, then rings Ada. */
export const meetingInviteExample = {
  joinLink: 'https://teams.microsoft.com/meet/2345678901234?p=AbCd3fGh12',
  participants: [{ identity: { user: { id: '8b081ef6-4792-4def-b2c9-c363a1bf41d5', displayName: 'Ada Lovelace' } } }],
  clientContext: 'standup-ada-2026-03-02',
};
