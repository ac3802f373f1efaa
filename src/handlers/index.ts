/*
 * Every function's code, loaded on the first invocation of any function (see lib/lazyHandler).
 * The build bundles this module as dist/app.js, apart from the registration entry dist/main.js.
 * Each handler runs in its invocation's span (lib/app/tracedInvocation).
 */
import { traced } from '../lib/app/tracedInvocation';
import { handler as callRosterHandler } from './callRoster';
import { handler as callTimelineHandler } from './callTimeline';
import { handler as callViewHandler } from './callView';
import { handler as callbackHandler } from './callback';
import { handler as cancelInvitationHandler } from './cancelInvitation';
import { handler as consoleActionHandler, resumeHandler as consoleResumeHandler } from './consoleAction';
import { handler as consoleAssetHandler } from './consoleAsset';
import { handler as consoleCallHandler } from './consoleCall';
import { handler as consoleCallsHandler } from './consoleCalls';
import { handler as consoleSignInHandler, signedOutHandler as consoleSignedOutHandler, signOutHandler as consoleSignOutHandler } from './consoleSignIn';
import { handler as createSubscriptionHandler } from './createSubscription';
import { handler as createTriggerSubscriptionHandler } from './createTriggerSubscription';
import { handler as deleteSubscriptionHandler } from './deleteSubscription';
import { handler as deliverWebhooksHandler } from './deliverWebhooks';
import { handler as finalizeInvitationsHandler } from './finalizeInvitations';
import { handler as findInvitationHandler } from './findInvitation';
import { handler as getSubscriptionHandler } from './getSubscription';
import { handler as healthHandler } from './health';
import { handler as invitationStatusHandler } from './invitationStatus';
import { handler as inviteParticipantHandler } from './inviteParticipant';
import { handler as listNotificationInboxHandler } from './listNotificationInbox';
import { handler as listWebhookDeliveriesHandler } from './listWebhookDeliveries';
import { handler as openapiHandler } from './openapi';
import { handler as purgeIdleCallsHandler } from './purgeIdleCalls';
import { handler as removeParticipantHandler } from './removeParticipant';
import { handler as replayNotificationInboxHandler } from './replayNotificationInbox';
import { handler as replayNotificationsHandler } from './replayNotifications';
import { handler as resumeSubscriptionHandler } from './resumeSubscription';
import { handler as placeCallHandler } from './placeCall';
import { handler as listCallsHandler } from './listCalls';
import { handler as getCallHandler } from './getCall';
import { handler as hangUpCallHandler } from './hangUpCall';
import { handler as inviteIntoMeetingHandler } from './inviteIntoMeeting';

export const callRoster = traced('callRoster', callRosterHandler);
export const callTimeline = traced('callTimeline', callTimelineHandler);
export const callView = traced('callView', callViewHandler);
export const callback = traced('callback', callbackHandler);
export const cancelInvitation = traced('cancelInvitation', cancelInvitationHandler);
export const consoleAction = traced('consoleAction', consoleActionHandler);
export const consoleAsset = traced('consoleAsset', consoleAssetHandler);
export const consoleCall = traced('consoleCall', consoleCallHandler);
export const consoleCalls = traced('consoleCalls', consoleCallsHandler);
export const consoleResume = traced('consoleResume', consoleResumeHandler);
export const consoleSignIn = traced('consoleSignIn', consoleSignInHandler);
export const consoleSignOut = traced('consoleSignOut', consoleSignOutHandler);
export const consoleSignedOut = traced('consoleSignedOut', consoleSignedOutHandler);
export const createSubscription = traced('createSubscription', createSubscriptionHandler);
export const createTriggerSubscription = traced('createTriggerSubscription', createTriggerSubscriptionHandler);
export const deleteSubscription = traced('deleteSubscription', deleteSubscriptionHandler);
export const deliverWebhooks = traced('deliverWebhooks', deliverWebhooksHandler);
export const finalizeInvitations = traced('finalizeInvitations', finalizeInvitationsHandler);
export const findInvitation = traced('findInvitation', findInvitationHandler);
export const getSubscription = traced('getSubscription', getSubscriptionHandler);
export const health = traced('health', healthHandler);
export const invitationStatus = traced('invitationStatus', invitationStatusHandler);
export const inviteParticipant = traced('inviteParticipant', inviteParticipantHandler);
export const listNotificationInbox = traced('listNotificationInbox', listNotificationInboxHandler);
export const listWebhookDeliveries = traced('listWebhookDeliveries', listWebhookDeliveriesHandler);
export const openapi = traced('openapi', openapiHandler);
export const purgeIdleCalls = traced('purgeIdleCalls', purgeIdleCallsHandler);
export const removeParticipant = traced('removeParticipant', removeParticipantHandler);
export const replayNotificationInbox = traced('replayNotificationInbox', replayNotificationInboxHandler);
export const replayNotifications = traced('replayNotifications', replayNotificationsHandler);
export const resumeSubscription = traced('resumeSubscription', resumeSubscriptionHandler);
export const placeCall = traced('placeCall', placeCallHandler);
export const listCalls = traced('listCalls', listCallsHandler);
export const getCall = traced('getCall', getCallHandler);
export const hangUpCall = traced('hangUpCall', hangUpCallHandler);
export const inviteIntoMeeting = traced('inviteIntoMeeting', inviteIntoMeetingHandler);

/** Not a function: what the host's shutdown hook runs (functions/appTerminate.ts). */
export { drainServices as drainOnShutdown } from '../lib/app/services';
