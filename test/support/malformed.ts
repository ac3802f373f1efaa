import fc from 'fast-check';

/** A request body as sent: its text, content type and extra headers. */
export interface RawRequest {
  readonly body: string;
  readonly contentType: string;
  readonly headers: Record<string, string>;
}

const json = (value: unknown): RawRequest => ({ body: JSON.stringify(value), contentType: 'application/json', headers: {} });

/**
 * Ids that are hostile to Table keys and OData filters. ('.' and '..' are left out: URL
 * normalisation turns them into another route before any function sees them.)
 */
export const hostileId = fc
  .oneof(
    fc.constantFrom("a'b", "' or PartitionKey ne '", 'x/y', 'x\\y', 'x#y', 'x?y', '%2F', 'a\tb', "x') or true or ('", 'eq', 'null', '%'),
    fc.string({ minLength: 1, maxLength: 40 }),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
  )
  .filter((id) => id !== '.' && id !== '..');

const validParticipant = { identity: { user: { id: 'u1', displayName: 'U' } } };

/** Bodies that are not valid JSON at all. */
export const invalidJsonText = fc
  .oneof(fc.string({ maxLength: 50 }), fc.constantFrom('{', '{"participants": [', "{'a': 1}", 'undefined', '[1,]', '{"a":1}}'))
  .filter((text) => {
    try {
      JSON.parse(text);
      return false;
    } catch {
      return true;
    }
  });

/** JSON nested deeper than any parser stack should be asked to go. */
const deeplyNested = fc.integer({ min: 5_000, max: 20_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth));

/** Everything the body limit, content type check and JSON parser must turn away. */
export const malformedEnvelopeOrBody: fc.Arbitrary<RawRequest> = fc.oneof(
  invalidJsonText.map((body) => ({ body, contentType: 'application/json', headers: {} })),
  deeplyNested.map((body) => ({ body, contentType: 'application/json', headers: {} })),
  fc.constant({ body: JSON.stringify({ participants: [validParticipant], pad: 'x'.repeat(1024 * 1024) }), contentType: 'application/json', headers: {} }),
  fc
    .constantFrom('text/plain', 'application/xml', 'multipart/form-data', 'application/x-www-form-urlencoded', '')
    .map((contentType) => ({ ...json({ participants: [validParticipant] }), contentType })),
);

/** Invite bodies that break exactly one of Graph's rules, or arbitrary JSON that is not an invite. */
export const malformedInvite: fc.Arbitrary<RawRequest> = fc.oneof(
  malformedEnvelopeOrBody,
  fc.anything().filter((v) => typeof v !== 'object' || v === null || Array.isArray(v) || !('participants' in v)).map(json),
  fc.oneof(fc.constant([]), fc.array(fc.constant(validParticipant), { minLength: 6, maxLength: 50 }), fc.anything().filter((v) => !Array.isArray(v)))
    .map((participants) => json({ participants })),
  fc.string({ minLength: 1, maxLength: 20 }).filter((k) => !['participants', 'clientContext', '@odata.type', '__proto__'].includes(k))
    .map((key) => json({ participants: [validParticipant], [key]: 1 })),
  fc.string({ minLength: 1, maxLength: 20 }).filter((k) => !['identity', 'replacesCallId', 'participantId', 'hidden', 'removeFromDefaultAudioRoutingGroup', '@odata.type', '__proto__'].includes(k))
    .map((key) => json({ participants: [{ ...validParticipant, [key]: 'x' }] })),
  fc.constantFrom({}, { user: { id: 'a' }, guest: { id: 'b' } }, { teamsUser: { id: 'a' } }, { user: {} }, { user: { id: '' } }, { user: { id: 5 } })
    .map((identity) => json({ participants: [{ identity }] })),
  fc.string({ maxLength: 20 }).filter((id) => !/^\+[1-9]\d{1,14}$/.test(id)).map((id) => json({ participants: [{ identity: { phone: { id } } }] })),
  fc.oneof(fc.string({ minLength: 257, maxLength: 400 }), fc.constantFrom('', 'café', 'ü', '\u0000', 'a\nb'), fc.integer(), fc.constant(null), fc.array(fc.string()))
    .map((clientContext) => json({ participants: [validParticipant], clientContext })),
  fc.constantFrom('replacesCallId', 'participantId').map((key) => json({ participants: [{ ...validParticipant, [key]: 'x' }, { identity: { guest: { id: 'g' } } }] })),
  fc.constantFrom('yes', 1, null, 'true').map((hidden) => json({ participants: [{ ...validParticipant, hidden }] })),
  fc.string({ minLength: 257, maxLength: 2000 }).map((id) => json({ participants: [{ identity: { user: { id } } }] })),
  fc.constant(json({ participants: [validParticipant, validParticipant] })),
  // fetch trims a header value's outer spaces, so the key is fenced to stay over the limit as sent.
  fc.string({ minLength: 255, maxLength: 300 }).map((key) => ({ ...json({ participants: [validParticipant] }), headers: { 'idempotency-key': `k${key}k` } })),
);

/** Notification envelopes whose items are junk: acknowledged and ignored, or rejected. */
export const junkEnvelope: fc.Arbitrary<RawRequest> = fc.oneof(
  malformedEnvelopeOrBody,
  fc.anything().filter((v) => typeof v !== 'object' || v === null || Array.isArray(v) || !Array.isArray((v as { value?: unknown }).value)).map(json),
  fc.constant(json({ value: Array.from({ length: 1001 }, () => ({})) })),
  fc.array(fc.anything(), { maxLength: 10 }).map((value) => json({ value })),
  fc
    .tuple(hostileId, hostileId, fc.oneof(fc.string({ maxLength: 20 }), fc.constant(null)), fc.constantFrom('completed', 'failed', 'Running', 'bogus', 7))
    .map(([callId, opId, clientContext, status]) =>
      json({
        value: [
          {
            changeType: 'deleted',
            resourceUrl: `/communications/calls/${encodeURIComponent(callId)}/operations/${encodeURIComponent(opId)}`,
            resourceData: { '@odata.type': '#microsoft.graph.inviteParticipantsOperation', status, clientContext, id: opId },
          },
        ],
      }),
    ),
  hostileId.map((callId) => json({ value: [{ changeType: 'updated', resourceUrl: `/communications/calls/${encodeURIComponent(callId)}/participants`, resourceData: [{ noId: true }, 5, null] }] })),
);

/** Bodies the operators' replay endpoint must refuse (its valid body is {} or { callId }). */
export const malformedReplayBody: fc.Arbitrary<RawRequest> = fc.oneof(
  // An empty body is no body: "replay everything", which is valid.
  malformedEnvelopeOrBody.filter((raw) => raw.body !== ''),
  fc.anything().filter((v) => v !== undefined && (typeof v !== 'object' || v === null || Array.isArray(v))).map(json),
  fc.string({ minLength: 1, maxLength: 20 }).filter((k) => k !== 'callId' && k !== '__proto__').map((key) => json({ [key]: 1 })),
  fc.oneof(fc.integer(), fc.constant(null), fc.constant(''), fc.string({ minLength: 129, maxLength: 200 })).map((callId) => json({ callId })),
);
