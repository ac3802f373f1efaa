/*
 * The app's entry point (package.json "main"): importing each function file registers it with
 * the Functions host. Registration does no I/O; clients are built on first use.
 */
import './functions/telemetryCapability';
import './functions/inviteParticipant';
import './functions/calls';
import './functions/invitationStatus';
import './functions/findInvitation';
import './functions/callRoster';
import './functions/cancelInvitation';
import './functions/removeParticipant';
import './functions/callTimeline';
import './functions/callback';
import './functions/finalizeInvitations';
import './functions/replayNotifications';
import './functions/purgeIdleCalls';
import './functions/operatorNotifications';
import './functions/subscriptions';
import './functions/deliverWebhooks';
import './functions/operatorWebhooks';
import './functions/console';
import './functions/health';
import './functions/openapi';
import './functions/appTerminate';
