import { z } from 'zod';
import { meetingById, parseMeetingLink, type LinkParse } from '../domain/meetingLink';
import { AppError } from '../errors/appError';
import { parseWith } from '../errors/parseWith';
import type { CallTarget } from './createCallBody';
import { clientContextSchema, invitationParticipantInfo } from './inviteRequest';

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where the bot should go: a join link, a meeting id (+ passcode), or people to ring. Exactly one. */
export const placeCallBodySchema = z
  .strictObject({
    joinLink: z.string().min(1).max(2048).optional(),
    joinMeetingId: z.string().min(1).max(40).optional(),
    passcode: z.string().max(64).optional(),
    targets: z.array(invitationParticipantInfo).min(1).max(5).optional(),
    /** The tenant of the meeting or the people called, when the link does not say (default: the bot's). */
    tenantId: z.string().regex(guid, 'must be a tenant id (GUID)').optional(),
    clientContext: clientContextSchema.optional(),
  })
  .refine((b) => [b.joinLink, b.joinMeetingId, b.targets].filter((x) => x !== undefined).length === 1, {
    message: 'give exactly one of joinLink, joinMeetingId (with passcode) or targets',
  })
  .refine((b) => b.passcode === undefined || b.joinMeetingId !== undefined, { message: 'passcode goes with joinMeetingId', path: ['passcode'] });

export type PlaceCallBody = z.infer<typeof placeCallBodySchema>;

/** POST /api/meetings/invite's body, for the OpenAPI definition (the handler checks the meeting part, then Graph's invite body). */
export const meetingInviteBodySchema = z.strictObject({
  joinLink: placeCallBodySchema.shape.joinLink,
  joinMeetingId: placeCallBodySchema.shape.joinMeetingId,
  passcode: placeCallBodySchema.shape.passcode,
  tenantId: placeCallBodySchema.shape.tenantId,
  participants: z.array(invitationParticipantInfo).min(1).max(5),
  clientContext: clientContextSchema.optional(),
});

export interface PlaceCallRequest {
  readonly target: CallTarget;
  readonly tenantId: string | undefined;
  readonly clientContext: string | undefined;
}

/** 400 naming what is wrong with a link or meeting id; Graph is never called for it. */
export function linkRefused(parse: Extract<LinkParse, { ok: false }>, field: string): AppError {
  return new AppError('meeting-not-joinable', 400, 'The bot cannot join this meeting', { detail: parse.detail, extensions: { field, reason: parse.problem } });
}

/** A meeting from a join link or id; the link's own tenant (classic links) wins over `tenantId`. */
export function meetingTarget(body: { joinLink?: string | undefined; joinMeetingId?: string | undefined; passcode?: string | undefined }): Extract<CallTarget, { kind: 'meeting' }> {
  const parsed = body.joinLink !== undefined ? parseMeetingLink(body.joinLink) : meetingById(body.joinMeetingId ?? '', body.passcode);
  if (!parsed.ok) throw linkRefused(parsed, body.joinLink !== undefined ? 'joinLink' : 'joinMeetingId');
  return { kind: 'meeting', meeting: parsed.meeting };
}

export function parsePlaceCallBody(raw: unknown): PlaceCallRequest {
  const body = parseWith(placeCallBodySchema, raw, 'The call request');
  const target: CallTarget = body.targets !== undefined ? { kind: 'outgoing', targets: body.targets } : meetingTarget(body);
  return { target, tenantId: body.tenantId?.toLowerCase(), clientContext: body.clientContext };
}
