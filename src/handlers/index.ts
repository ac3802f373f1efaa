/*
 * Every function's code, loaded on the first invocation of any function (see lib/lazyHandler).
 * The build bundles this module as dist/app.js, apart from the registration entry dist/main.js.
 */
export { handler as callback } from './callback';
export { handler as callRoster } from './callRoster';
export { handler as cancelInvitation } from './cancelInvitation';
export { handler as createSubscription } from './createSubscription';
export { handler as createTriggerSubscription } from './createTriggerSubscription';
export { handler as deleteSubscription } from './deleteSubscription';
export { handler as deliverWebhooks } from './deliverWebhooks';
export { handler as finalizeInvitations } from './finalizeInvitations';
export { handler as findInvitation } from './findInvitation';
export { handler as getSubscription } from './getSubscription';
export { handler as health } from './health';
export { handler as invitationStatus } from './invitationStatus';
export { handler as inviteParticipant } from './inviteParticipant';
export { handler as listNotificationInbox } from './listNotificationInbox';
export { handler as listWebhookDeliveries } from './listWebhookDeliveries';
export { handler as openapi } from './openapi';
export { handler as purgeIdleCalls } from './purgeIdleCalls';
export { handler as removeParticipant } from './removeParticipant';
export { handler as replayNotificationInbox } from './replayNotificationInbox';
export { handler as replayNotifications } from './replayNotifications';
export { handler as resumeSubscription } from './resumeSubscription';
