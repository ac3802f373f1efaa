import { randomBytes, randomUUID } from 'node:crypto';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors/appError';
import { holds, permissions, requireOwner, requirePermission, type AuthenticatedCaller } from '../auth/permissions';
import type { Subscription } from '../domain/subscription';
import type { SubscriptionRequest } from '../http/subscriptionSchemas';
import type { Services } from './services';

const maxLifetimeMs = 365 * 24 * 3600 * 1000;

/** The signing secret, in Standard Webhooks' form: whsec_ and 32 random bytes in base64. */
const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

function invalid(path: string, message: string): ValidationError {
  return new ValidationError(`${path} ${message}.`, [{ path, message }]);
}

/**
 * Creates a subscription and returns it with its secret (shown this once). Everything is checked
 * before anything is stored: the URL (scheme, host, and where the host resolves to now; it is
 * checked again before every delivery), the events the caller may hear of, the expiry.
 */
export async function createSubscription(services: Services, request: SubscriptionRequest, caller: AuthenticatedCaller): Promise<{ subscription: Subscription; secret: string }> {
  const refused = await services.webhookSender.checkDestination(request.notificationUrl);
  if (refused) throw invalid('notificationUrl', refused);
  const now = services.now();
  const expiresAt = request.expiresAt === undefined ? new Date(now.getTime() + maxLifetimeMs) : new Date(request.expiresAt);
  if (expiresAt.getTime() <= now.getTime() || expiresAt.getTime() > now.getTime() + maxLifetimeMs) throw invalid('expiresAt', 'must be in the future and at most 365 days ahead');
  // Participants and call ends are roster data (Calls.Read); without it, one's own invitations only.
  const scope = holds(caller, permissions.read) ? 'all' : 'own';
  if (scope === 'own' && request.events.some((e) => e !== 'invitation.finished')) {
    throw new ForbiddenError(permissions.read, `Participant and call events need ${permissions.read}; with ${permissions.invite} alone, subscribe to invitation.finished (your own invitations).`);
  }
  const subscription: Subscription = {
    id: randomUUID(),
    notificationUrl: request.notificationUrl,
    events: request.events,
    callId: request.callId,
    scope,
    owner: caller.caller,
    status: 'active',
    createdAt: now.toISOString(),
    expiresAt: expiresAt.toISOString(),
    consecutiveFailures: 0,
    failingSince: undefined,
    pausedAt: undefined,
  };
  const secret = newSecret();
  // One call's subscription is also a row in the call's partition: give that partition its
  // retention check first, in case no callback ever writes the call (as every write there does).
  if (subscription.callId !== undefined) await services.sweeps.schedule([services.sweeps.purgeCheck(subscription.callId, now)]);
  await services.webhooks.createSubscription(subscription, secret);
  services.subscriptions.invalidate();
  return { subscription, secret };
}

/**
 * Reading: Calls.Read, or Invitations.Invite for one's own. The notification URL may itself be a
 * credential (Power Automate's carries a signature), so only the owner and operators see it whole.
 */
export async function readSubscription(services: Services, id: string, caller: AuthenticatedCaller): Promise<Subscription> {
  const found = await services.webhooks.getSubscription(id);
  if (!found) throw new NotFoundError(`Subscription ${id}`);
  const { subscription } = found;
  if (!holds(caller, permissions.read)) requireOwner(caller, subscription.owner, 'This subscription');
  try {
    requireOwner(caller, subscription.owner, 'This subscription');
    return subscription;
  } catch (error) {
    if (!(error instanceof ForbiddenError)) throw error;
    return { ...subscription, notificationUrl: `${new URL(subscription.notificationUrl).origin}/...` };
  }
}

/** Deleting (Power Automate does when the flow is turned off): its owner or an operator; a repeat is harmless. */
export async function deleteSubscription(services: Services, id: string, caller: AuthenticatedCaller): Promise<void> {
  const found = await services.webhooks.getSubscription(id);
  if (!found) return;
  requireOwner(caller, found.subscription.owner, 'This subscription');
  await services.webhooks.deleteSubscription(found.subscription);
  services.subscriptions.invalidate();
}

/** Operators, once the receiver is fixed: the subscription is active again and its dead deliveries are due now. */
export async function resumeSubscription(services: Services, id: string, caller: AuthenticatedCaller): Promise<Subscription> {
  requirePermission(caller, permissions.operate);
  const found = await services.webhooks.getSubscription(id);
  if (!found) throw new NotFoundError(`Subscription ${id}`);
  const now = services.now().toISOString();
  const resumed = { ...found.subscription, status: 'active' as const, pausedAt: undefined, consecutiveFailures: 0, failingSince: undefined };
  // Its waiting deliveries are due again: the sweeps' timer must wake for them (backgroundRun.ts).
  await services.webhooks.wakeAt(services.now());
  await services.webhooks.saveSubscription(resumed);
  const dead = (await services.webhooks.deliveries({ state: 'dead' })).filter((d) => d.subscriptionId === id);
  for (const d of dead) await services.webhooks.saveDelivery({ ...d, state: 'pending', attempts: 0, firstAttemptAt: undefined, dueAt: now });
  return resumed;
}
