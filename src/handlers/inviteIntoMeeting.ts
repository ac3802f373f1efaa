import { z } from 'zod';
import { withProblemResponses, type HttpHandler } from '../lib/http/httpHandler';
import { clientContextSchema, parseInviteBody } from '../lib/graph/inviteRequest';
import { meetingTarget } from '../lib/graph/placeCallRequest';
import { permissions, requirePermission } from '../lib/auth/permissions';
import { authorizeRequest, withCaller } from '../lib/app/authorizeRequest';
import { callTenant } from '../lib/app/callTenant';
import { inviteIntoMeeting } from '../lib/app/meetingInviteService';
import { parseWith } from '../lib/errors/parseWith';
import { linkAccessOf, readJsonBody } from '../lib/http/validation';
import { invitationView } from '../lib/http/views';

/** A meeting (link, or id + passcode); the rest of the body is Graph's invite body (checked by its own schema). */
const meetingSchema = z
  .looseObject({
    joinLink: z.string().min(1).max(2048).optional(),
    joinMeetingId: z.string().min(1).max(40).optional(),
    passcode: z.string().max(64).optional(),
    tenantId: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a tenant id (GUID)').optional(),
  })
  .refine((b) => (b.joinLink === undefined) !== (b.joinMeetingId === undefined), { message: 'give exactly one of joinLink or joinMeetingId (with passcode)' });

/**
 * POST /api/meetings/invite: the bot joins the meeting (unless it is in it), then invites once the
 * call is established. Needs Calls.Manage (the join) and Invitations.Invite (the invite).
 */
export const handler: HttpHandler = withProblemResponses(async (request, context) => {
  const { services, caller } = await authorizeRequest(request, permissions.manage);
  requirePermission(caller, permissions.invite);
  const header = request.headers.get('idempotency-key') ?? undefined;
  const idempotencyKey = header === undefined ? undefined : parseWith(clientContextSchema, header, 'The Idempotency-Key header');
  const { joinLink, joinMeetingId, passcode, tenantId: requestedTenant, ...rest } = parseWith(meetingSchema, await readJsonBody(request), 'The meeting invite');
  const invite = parseInviteBody(rest);
  const target = meetingTarget({ joinLink, joinMeetingId, passcode });
  const tenantId = callTenant(services.config, target, requestedTenant?.toLowerCase());
  const invitation = await inviteIntoMeeting(services, { target, tenantId, body: invite, idempotencyKey, invitedBy: caller.caller }, withCaller(context, caller.caller));
  const view = invitationView(services.config, invitation, linkAccessOf(request, services.config.apiAuth.mode));
  return { status: 202, headers: { location: view.links.self, 'retry-after': String(services.config.statusRetryAfterSeconds) }, jsonBody: view };
});
