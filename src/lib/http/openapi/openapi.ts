import { z } from 'zod';
import * as examples from './apiExamples';
import { healthSchema, inboxListSchema, invitationViewSchema, problemSchema, removalViewSchema, replayReportSchema, rosterViewSchema } from '../apiSchemas';
import { inviteBodySchema } from '../../graph/inviteRequest';
import { operations } from './openapiPaths';
import { securityOf, type ConnectorSecurity } from './openapiSecurity';
import { swaggerSchema, type JsonSchema } from './swaggerSchema';
import { callEndedSchema, deliveryListSchema, invitationFinishedSchema, participantEventSchema, subscriptionRequestSchema, subscriptionViewSchema, triggerRequestSchema } from '../subscriptionSchemas';
import { timelineViewSchema } from '../timeline/timelineSchemas';
import { callListSchema, callViewSchema } from '../callSchemas';
import { meetingInviteBodySchema, placeCallBodySchema } from '../../graph/placeCallRequest';

/*
 * The OpenAPI 2.0 (Swagger) definition, built from the schemas the handlers validate with and
 * answer with. Power Platform custom connectors import it; GET /api/openapi.json serves it, and
 * openapi/openapi.json in the repo is this document (a test keeps the two equal).
 */

export const notificationsSchema = z.object({ value: z.array(z.looseObject({})).max(1000) });

/**
 * Required by the connector validator. Both addresses default to the deployment itself (served with
 * the host filled in); a publisher who certifies the connector points them at real pages.
 */
function connectorMetadata(host: string) {
  return [
    { propertyName: 'Website', propertyValue: `https://${host}/` },
    { propertyName: 'Privacy policy', propertyValue: `https://${host}/` },
    // At most two, from Power Platform's category list.
    { propertyName: 'Categories', propertyValue: 'Communication;Collaboration' },
  ];
}

/** Power Automate fills the trigger's notificationUrl with the flow's callback URL; the maker never sees it. */
function notificationUrlFilledIn(schema: JsonSchema): JsonSchema {
  const properties = schema.properties as Record<string, JsonSchema>;
  return { ...schema, properties: { ...properties, notificationUrl: { ...properties.notificationUrl, 'x-ms-notification-url': true, 'x-ms-visibility': 'internal' } } };
}

/** The contract's version: package.json's "version" (test/docs/changelog.test.ts), bumped with a CHANGELOG entry. */
export const apiVersion = '0.4.0';

export function buildOpenApi(host = 'contoso-invites.azurewebsites.net', schemes: readonly string[] = ['https'], security: ConnectorSecurity = 'entra'): JsonSchema {
  return {
    swagger: '2.0',
    info: {
      title: 'Graph call invites',
      version: apiVersion,
      description: 'Invite people into Microsoft Graph calls and learn what became of each invitation.',
    },
    host,
    basePath: '/api',
    schemes,
    consumes: ['application/json'],
    produces: ['application/json'],
    ...securityOf(security),
    paths: operations,
    definitions: {
      InviteRequest: swaggerSchema(inviteBodySchema, 'input', examples.inviteRequestExample),
      Invitation: swaggerSchema(invitationViewSchema, 'output'),
      Roster: swaggerSchema(rosterViewSchema, 'output'),
      Removal: swaggerSchema(removalViewSchema, 'output'),
      Timeline: swaggerSchema(timelineViewSchema, 'output'),
      Problem: swaggerSchema(problemSchema, 'output', examples.problemExample),
      Notifications: swaggerSchema(notificationsSchema, 'input'),
      Health: swaggerSchema(healthSchema, 'output'),
      InboxList: swaggerSchema(inboxListSchema, 'output'),
      ReplayReport: swaggerSchema(replayReportSchema, 'output'),
      SubscriptionRequest: swaggerSchema(subscriptionRequestSchema, 'input'),
      TriggerRequest: notificationUrlFilledIn(swaggerSchema(triggerRequestSchema, 'input')),
      Subscription: swaggerSchema(subscriptionViewSchema, 'output'),
      ParticipantEvent: swaggerSchema(participantEventSchema, 'output'),
      InvitationEvent: swaggerSchema(invitationFinishedSchema, 'output'),
      CallEndedEvent: swaggerSchema(callEndedSchema, 'output'),
      DeliveryList: swaggerSchema(deliveryListSchema, 'output'),
      CallRequest: swaggerSchema(placeCallBodySchema, 'input', examples.callRequestExample),
      Call: swaggerSchema(callViewSchema, 'output'),
      CallList: swaggerSchema(callListSchema, 'output'),
      MeetingInviteRequest: swaggerSchema(meetingInviteBodySchema, 'input', examples.meetingInviteExample),
    },
    'x-ms-connector-metadata': connectorMetadata(host),
  };
}
