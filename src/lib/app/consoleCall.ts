import { z } from 'zod';
import { holds, permissions } from '../auth/permissions';
import type { CallDelivery, CallPageData } from '../console/callPage';
import { timelinePicture } from '../domain/timelineLanes';
import { NotFoundError, ValidationError } from '../errors/appError';
import { parseWith } from '../errors/parseWith';
import { clientContextSchema, participantIdSchema } from '../graph/inviteRequest';
import { readTimeline } from '../storage/timelineStore';
import { withCaller } from './authorizeRequest';
import { cancelInvitation } from './cancelService';
import type { ConsoleViewer } from './consoleAccess';
import type { InviteLog } from './inviteAttempt';
import { hangUp } from './hangUpService';
import { removeParticipant } from './removeService';
import { replayDeadNotifications } from './replayService';
import type { Services } from './services';
import { requirePermission } from '../auth/permissions';
import { resumeSubscription } from './subscriptionService';

const callOfPayload = z.object({ data: z.object({ callId: z.string() }) });

function deliveryCallId(payload: string): string | undefined {
  try {
    const parsed = callOfPayload.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data.data.callId : undefined;
  } catch {
    return undefined;
  }
}

/** Everything the call page shows; the deliveries only to operators (as `GET /api/ops/webhooks/deliveries`). */
export async function callPageData(services: Services, viewer: ConsoleViewer, callId: string): Promise<CallPageData> {
  const [stored, timeline] = await Promise.all([services.calls.readCall(callId), readTimeline(services.storage, callId)]);
  const { snapshot } = stored;
  if (!snapshot.call && snapshot.invitations.length === 0 && snapshot.roster.length === 0) throw new NotFoundError(`Call ${callId}`);
  let deliveries: CallDelivery[] | undefined;
  let paused: CallPageData['pausedSubscriptions'] = [];
  if (holds(viewer.caller, permissions.operate)) {
    const [pending, dead, forCall] = await Promise.all([services.webhooks.deliveries({ state: 'pending' }), services.webhooks.deliveries({ state: 'dead' }), services.subscriptions.forCall(callId)]);
    const mine = [...dead, ...pending].filter((d) => deliveryCallId(d.payload) === callId);
    deliveries = mine.map((d) => ({ subscriptionId: d.subscriptionId, type: d.type, state: d.state, attempts: d.attempts, dueAt: d.dueAt, lastError: d.lastError }));
    // The call's own subscriptions, and those with deliveries of this call waiting (all-calls ones), each read by id.
    const ids = new Set([...forCall.map((s) => s.id), ...mine.map((d) => d.subscriptionId)]);
    const found = await Promise.all([...ids].map((id) => services.webhooks.getSubscription(id)));
    paused = found.flatMap((f) => (f && f.subscription.status === 'paused' ? [f.subscription] : []));
  }
  return {
    snapshot,
    picture: timelinePicture(timeline.events),
    notifications: { pending: stored.inbox.filter((e) => !e.dead).length, dead: stored.inbox.filter((e) => e.dead).length },
    deliveries,
    pausedSubscriptions: paused,
    now: services.now(),
  };
}

export const consoleActions = ['cancel', 'remove', 'replay', 'hangup'] as const;
export type ConsoleAction = (typeof consoleActions)[number];

/**
 * An action from a call page, through the same services and permission checks as the API's
 * routes (cancel: DELETE .../invitations/{id}; remove: DELETE .../participants/{id}; hang up:
 * DELETE /api/calls/{id}; replay: POST /api/ops/notifications/replay), so the console can do
 * nothing the API would refuse.
 * Returns what to tell the person.
 */
export async function runConsoleAction(services: Services, viewer: ConsoleViewer, callId: string, action: ConsoleAction, form: URLSearchParams, log: InviteLog): Promise<string> {
  const who = withCaller(log, viewer.caller.caller);
  if (action === 'cancel') {
    requirePermission(viewer.caller, permissions.invite);
    const clientContext = parseWith(clientContextSchema, form.get('clientContext') ?? undefined, 'clientContext');
    const stored = await services.invitations.getInvitation(callId, clientContext);
    const cancelled = await cancelInvitation(services, stored, viewer.caller, `Invitation ${clientContext} in call ${callId}`, who);
    return `Invitation ${clientContext}: ${cancelled.outcomeReason ?? cancelled.status}.`;
  }
  if (action === 'remove') {
    requirePermission(viewer.caller, permissions.invite);
    const participantId = parseWith(participantIdSchema, form.get('participantId') ?? undefined, 'participantId');
    await removeParticipant(services, callId, participantId, who);
    return 'Removal requested: the roster shows it when Graph reports it.';
  }
  if (action === 'hangup') {
    requirePermission(viewer.caller, permissions.manage);
    await hangUp(services, callId, 'requested', who);
    return 'Hang-up requested: the call ends when Graph reports it.';
  }
  requirePermission(viewer.caller, permissions.operate);
  const report = await replayDeadNotifications(services, callId);
  return `Replayed: ${report.applied} applied, ${report.failed} failed.`;
}

/** Resuming a paused subscription (POST /api/ops/webhooks/subscriptions/{id}/resume). */
export async function resumeFromConsole(services: Services, viewer: ConsoleViewer, subscriptionId: string): Promise<string> {
  const resumed = await resumeSubscription(services, subscriptionId, viewer.caller);
  return `Subscription ${resumed.id} is active again.`;
}

export function parseAction(value: string | undefined): ConsoleAction {
  const found = consoleActions.find((a) => a === value);
  if (!found) throw new ValidationError('Unknown action.', [{ path: 'action', message: `must be one of ${consoleActions.join(', ')}` }]);
  return found;
}
