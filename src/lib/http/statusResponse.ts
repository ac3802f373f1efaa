import type { HttpResponseInit } from '@azure/functions';
import type { AppConfig } from '../config/config';
import { isTerminal, type Invitation } from '../domain/invitation';
import { invitationView, type LinkAccess } from './views';

/**
 * The status resource's answer, whichever way the invitation was found: 200 once the outcome is
 * known; until then the asynchronous request-reply pattern, 202 + Location + Retry-After.
 */
export function statusResponse(config: AppConfig, invitation: Invitation, access: LinkAccess): HttpResponseInit {
  const view = invitationView(config, invitation, access);
  if (isTerminal(invitation.status)) return { status: 200, jsonBody: view };
  return {
    status: 202,
    headers: { location: view.links.self, 'retry-after': String(config.statusRetryAfterSeconds) },
    jsonBody: view,
  };
}
