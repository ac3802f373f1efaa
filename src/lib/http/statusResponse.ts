import type { HttpResponseInit } from '@azure/functions';
import type { AppConfig } from '../config/config';
import { isTerminal, type Invitation } from '../domain/invitation';
import { isUnsent } from '../domain/sending';
import { AppError, NotFoundError } from '../errors/appError';
import { requireInvitationRead, type AuthenticatedCaller } from '../auth/permissions';
import { invitationView, type LinkAccess } from './views';

/**
 * The status resource's answer, whichever way the invitation was found (to a caller allowed to
 * read it: lib/auth/permissions): 200 once the outcome is
 * known; until then the asynchronous request-reply pattern, 202 + Location + Retry-After. An
 * invitation recorded but not sent was never acknowledged with a Location: 404, and why.
 */
export function statusResponse(config: AppConfig, invitation: Invitation | undefined, caller: AuthenticatedCaller, what: string, access: LinkAccess): HttpResponseInit {
  if (!invitation) throw new NotFoundError(what);
  requireInvitationRead(caller, invitation.invitedBy);
  // An invite by meeting link waits, unsent, for the bot to be in the call: shown, as in progress.
  if (isUnsent(invitation) && !invitation.viaMeetingLink) {
    throw new AppError('not-found', 404, 'Not found', { detail: `${what} was recorded but not sent to Graph; repeat the same invite request to send it.` });
  }
  const view = invitationView(config, invitation, access);
  if (isTerminal(invitation.status)) return { status: 200, jsonBody: view };
  return {
    status: 202,
    headers: { location: view.links.self, 'retry-after': String(config.statusRetryAfterSeconds) },
    jsonBody: view,
  };
}
