import { z } from 'zod';
import { identityKey, identityOf, inviteIdentityKinds, type ParticipantIdentity } from '../domain/identity';
import { normalizeId } from '../domain/ids';
import { parseWith } from '../errors/parseWith';

/** Graph: "unique, at most 256 characters, non-Unicode". */
export const clientContextSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[\x20-\x7e]+$/, 'must be printable ASCII');

/** Graph call ids are GUID-like; allow any printable ASCII without spaces so legacy ids still work. */
export const callIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
  .transform(normalizeId);

/** A participant id as Graph gives it (a GUID today); the same rules as call ids. */
export const participantIdSchema = callIdSchema;

const odataType = z.string().max(200).optional();
const displayName = z.string().max(256).optional();
const id = z.string().min(1).max(256).regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

const identity = z.strictObject({
  '@odata.type': odataType,
  id,
  displayName,
  tenantId: z.string().max(64).optional(),
  identityProvider: z.string().max(64).optional(),
});

const phoneIdentity = z.strictObject({
  '@odata.type': odataType,
  id: z.string().regex(/^\+[1-9]\d{1,14}$/, 'must be an E.164 phone number such as +14255550100'),
  displayName,
});

const acsIdentity = z.strictObject({
  '@odata.type': odataType,
  id,
  displayName,
  azureCommunicationServicesResourceId: z.string().max(256).optional(),
});

const identitySet = z
  .strictObject({
    '@odata.type': odataType,
    user: identity.optional(),
    phone: phoneIdentity.optional(),
    application: identity.optional(),
    applicationInstance: identity.optional(),
    guest: identity.optional(),
    azureCommunicationServicesUser: acsIdentity.optional(),
  })
  .refine((set) => inviteIdentityKinds.filter((k) => set[k] !== undefined).length === 1, {
    message: `must name exactly one of ${inviteIdentityKinds.join(', ')}`,
  });

export const invitationParticipantInfo = z.strictObject({
  '@odata.type': odataType,
  identity: identitySet,
  replacesCallId: callIdSchema.optional(),
  participantId: id.optional(),
  hidden: z.boolean().optional(),
  removeFromDefaultAudioRoutingGroup: z.boolean().optional(),
});

export const inviteBodySchema = z
  .strictObject({
    '@odata.type': odataType,
    participants: z.array(invitationParticipantInfo).min(1).max(5),
    clientContext: clientContextSchema.optional(),
  })
  .superRefine((body, ctx) => {
    const targeted = body.participants.some((p) => p.replacesCallId !== undefined || p.participantId !== undefined);
    if (targeted && body.participants.length > 1) {
      ctx.addIssue({
        // Stryker disable next-line StringLiteral: zod's issue code; callers see the path and message
        code: 'custom',
        path: ['participants'],
        message: 'with replacesCallId or participantId Graph uses only the first participant: send exactly one',
      });
    }
    const keys = body.participants.flatMap((p) => {
      const found = identityOf(p.identity);
      return found ? [identityKey(found)] : [];
    });
    const duplicate = keys.find((k, i) => keys.indexOf(k) !== i);
    if (duplicate) {
      // Stryker disable next-line StringLiteral: zod's issue code; callers see the path and message
      ctx.addIssue({ code: 'custom', path: ['participants'], message: `names ${duplicate} more than once` });
    }
  });

export type InviteBody = z.infer<typeof inviteBodySchema>;
export type InvitationParticipantInfo = z.infer<typeof invitationParticipantInfo>;

function requireIdentity(set: unknown): ParticipantIdentity {
  const found = identityOf(set);
  // Stryker disable next-line all: unreachable, the schema guarantees one identity
  if (!found) throw new Error('identity set was validated to hold one identity');
  return found;
}

/** The identity each invitee will show on the roster, in request order. */
export function inviteeIdentities(body: InviteBody): ParticipantIdentity[] {
  return body.participants.map((p) => requireIdentity(p.identity));
}

/** Validates an untrusted invite body; throws ValidationError listing every problem. */
export function parseInviteBody(body: unknown): InviteBody {
  return parseWith(
    inviteBodySchema,
    body,
    // Stryker disable next-line StringLiteral: `what` only words the default detail, which the next argument replaces
    'The invite body',
    "The invite body does not match Graph's invite shape.",
  );
}
