import { authErrors, errors, json, pathParameter, problem, ref } from './openapiCommon';
import type { JsonSchema } from './swaggerSchema';

/*
 * Subscriptions: the API bots use (CreateSubscription...) and Power Automate's webhook triggers.
 * A trigger is a registration operation (x-ms-trigger) whose body carries the flow's callback URL
 * (x-ms-notification-url); its outputs are the payload delivered (x-ms-notification-content, on
 * the path). It answers 201 with Location, and Power Automate DELETEs that Location
 * (DeleteSubscription) when the flow is turned off or deleted.
 */

const subscriptionIdParameter = pathParameter('subscriptionId', 36, 'The subscription id (the last segment of its Location)', 'Subscription ID');
const created = {
  description: 'Subscribed. Location is the subscription (DELETE it to unsubscribe); the body holds the signing secret, shown this once',
  headers: { Location: { type: 'string', description: 'The subscription' } },
  schema: ref('Subscription'),
};
const registrationErrors = {
  ...errors,
  400: problem('The body is not valid, or the notification URL is refused (not https, a private, link-local or metadata address, or it does not resolve)'),
  403: problem('The token lacks Invitations.Invite, or (for participant and call events) Calls.Read'),
  413: problem('Body larger than 1 MiB'),
  415: problem('Body is not application/json'),
};

function trigger(slug: string, operationId: string, summary: string, description: string, payload: string, hint: string): Record<string, JsonSchema> {
  return {
    [`/subscriptions/triggers/${slug}`]: {
      'x-ms-notification-content': { description: `The ${payload} delivered`, schema: ref(payload) },
      post: {
        operationId,
        summary,
        description,
        'x-ms-trigger': 'single',
        'x-ms-trigger-hint': hint,
        consumes: json,
        produces: json,
        parameters: [{ name: 'body', in: 'body', required: true, schema: ref('TriggerRequest'), 'x-ms-summary': 'Subscription' }],
        responses: { 201: created, ...registrationErrors },
      },
    },
  };
}

export const subscriptionOperations: Record<string, Record<string, JsonSchema>> = {
  ...trigger('participant-joined', 'WhenParticipantJoins', 'When someone joins the call', 'Starts the flow when a participant enters the call (not the lobby), in one call or in every call.', 'ParticipantEvent', 'To see it work, invite someone into the call and let them answer.'),
  ...trigger('participant-left', 'WhenParticipantLeaves', 'When someone leaves the call', 'Starts the flow when a participant leaves the call or is removed, in one call or in every call.', 'ParticipantEvent', 'To see it work, remove a participant from the call.'),
  ...trigger('invitation-finished', 'WhenInvitationFinishes', 'When an invitation finishes', 'Starts the flow when an invitation reaches its outcome: answered, declined, not reached, timed out, cancelled, or the call ended.', 'InvitationEvent', 'To see it work, invite someone into the call.'),
  ...trigger('call-ended', 'WhenCallEnds', 'When the call ends', 'Starts the flow when the call ends, in one call or in every call.', 'CallEndedEvent', 'To see it work, end a call the bot is in.'),
  '/subscriptions': {
    post: {
      operationId: 'CreateSubscription',
      summary: 'Subscribe to call events',
      description: 'For bots: signed webhooks (Standard Webhooks) to an https URL for the events chosen, in one call or in every call, until expiresAt.',
      'x-ms-visibility': 'internal',
      consumes: json,
      produces: json,
      parameters: [{ name: 'body', in: 'body', required: true, schema: ref('SubscriptionRequest'), 'x-ms-summary': 'Subscription' }],
      responses: { 201: created, ...registrationErrors },
    },
  },
  '/subscriptions/{subscriptionId}': {
    get: {
      operationId: 'GetSubscription',
      summary: 'Get a subscription',
      description: 'Its events, status (active or paused) and expiry; never its secret. Calls.Read, or Invitations.Invite for your own.',
      'x-ms-visibility': 'internal',
      produces: json,
      parameters: [subscriptionIdParameter],
      responses: { 200: { description: 'The subscription', schema: ref('Subscription') }, ...errors },
    },
    delete: {
      operationId: 'DeleteSubscription',
      summary: 'Delete a subscription',
      description: 'Stops deliveries. Power Automate calls it when the flow is turned off or deleted; deleting twice is harmless.',
      'x-ms-visibility': 'internal',
      parameters: [subscriptionIdParameter],
      responses: { 204: { description: 'Deleted (or already gone)' }, 400: errors[400], ...authErrors, 500: errors[500], 503: errors[503] },
    },
  },
  '/ops/webhooks/deliveries': {
    get: {
      operationId: 'ListWebhookDeliveries', summary: 'List dead or pending webhook deliveries', description: 'Operators (Operations.Admin, or the host admin key): deliveries that failed for the whole retry window (dead) or wait for a retry.',
      'x-ms-visibility': 'internal', produces: json,
      parameters: [{ name: 'state', in: 'query', required: false, type: 'string', enum: ['dead', 'pending'], default: 'dead', 'x-ms-summary': 'State', 'x-ms-visibility': 'advanced' }],
      responses: { 200: { description: 'Deliveries, without their payloads', schema: ref('DeliveryList') }, 400: errors[400], ...authErrors, 500: errors[500], 503: errors[503] },
    },
  },
  '/ops/webhooks/subscriptions/{subscriptionId}/resume': {
    post: {
      operationId: 'ResumeSubscription', summary: 'Resume a paused subscription', description: 'Operators (Operations.Admin, or the host admin key): active again, and its dead deliveries are retried.',
      'x-ms-visibility': 'internal', produces: json, parameters: [subscriptionIdParameter],
      responses: { 200: { description: 'The subscription, active', schema: ref('Subscription') }, ...errors },
    },
  },
};
