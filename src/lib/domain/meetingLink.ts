/*
 * Teams join links, as a maker pastes them. Two forms (FACTS §13):
 * - classic: https://teams.microsoft.com/l/meetup-join/{threadId}/{messageId}?context={"Tid":..,"Oid":..}
 *   (URL-encoded or not; channel meetings use @thread.tacv2 and a non-zero message id). Gives Graph's
 *   chatInfo + organizerMeetingInfo (comms-samples JoinInfo.ParseJoinURL, #458).
 * - short: https://teams.microsoft.com/meet/{joinMeetingId}?p={passcode} (the default since ~January
 *   2026, MC772556). Gives joinMeetingIdMeetingInfo; no chat thread, no tenant.
 * Pure: the URL global only.
 */

export type MeetingRef =
  | {
      readonly kind: 'classic';
      readonly threadId: string;
      readonly messageId: string;
      /** The organizer's tenant (Tid). */
      readonly tenantId: string;
      /** The organizer's object id (Oid); some links lack it. */
      readonly organizerId: string | undefined;
    }
  | { readonly kind: 'joinMeetingId'; readonly joinMeetingId: string; readonly passcode: string | undefined };

export type LinkProblem = 'notAUrl' | 'notHttps' | 'consumer' | 'notTeams' | 'notAJoinLink' | 'badThread' | 'badMessageId' | 'badContext' | 'badTenant' | 'badOrganizer' | 'badMeetingId' | 'badPasscode';

export type LinkParse = { readonly ok: true; readonly meeting: MeetingRef } | { readonly ok: false; readonly problem: LinkProblem; readonly detail: string };

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** 19:meeting_...@thread.v2, 19:...@thread.tacv2 (channels), 19:...@thread.skype (older channels). */
const threadShape = /^19:[A-Za-z0-9_.=+-]{1,400}@thread\.(v2|tacv2|skype)$/;
const messageShape = /^\d{1,20}$/;
/** Teams shows meeting ids as digits in groups ("234 567 890 123"). */
const meetingIdShape = /^\d{6,20}$/;
/** Empty means none. */
const passcodeShape = /^[A-Za-z0-9]{0,64}$/;

/** Commercial and US government clouds' Teams hosts. */
const teamsHosts = new Set(['teams.microsoft.com', 'gov.teams.microsoft.us', 'dod.teams.microsoft.us']);
/** Teams for personal use: Graph's calling API serves organisations' tenants only. */
const consumerHosts = new Set(['teams.live.com']);

const fail = (problem: LinkProblem, detail: string): LinkParse => ({ ok: false, problem, detail });

/** decodeURIComponent that answers '' (never a valid part) instead of throwing on a stray `%`. */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // Stryker disable next-line StringLiteral: any text that is no valid part does; '' is the plainest
    return '';
  }
}

/** A joinMeetingId as typed or shown (spaces allowed) and its optional passcode. */
export function meetingById(joinMeetingId: string, passcode: string | undefined): LinkParse {
  const id = joinMeetingId.replace(/\s/g, '');
  if (!meetingIdShape.test(id)) return fail('badMeetingId', 'The meeting id must be 6 to 20 digits (spaces allowed), as Teams shows it.');
  if (!passcodeShape.test(passcode ?? '')) return fail('badPasscode', 'The passcode must be 1 to 64 letters or digits.');
  return { ok: true, meeting: { kind: 'joinMeetingId', joinMeetingId: id, passcode: passcode || undefined } };
}

function classic(rawThread: string, rawMessage: string, context: string | null): LinkParse {
  const threadId = decoded(rawThread);
  if (!threadShape.test(threadId)) return fail('badThread', 'The link does not name a meeting chat thread (19:...@thread.v2).');
  const messageId = decoded(rawMessage);
  if (!messageShape.test(messageId)) return fail('badMessageId', 'The link\'s message id (after the thread) must be digits.');
  const badContext = fail('badContext', 'The link\'s context parameter must be JSON like {"Tid":"...","Oid":"..."}.');
  if (context === null) return badContext;
  let parsed: unknown;
  try {
    parsed = JSON.parse(context);
  } catch {
    return badContext;
  }
  // JSON.parse gives null, a primitive (no members) or an object: only an object has a Tid.
  const tenantId = (parsed as { Tid?: unknown } | null)?.Tid;
  if (typeof tenantId !== 'string' || !guid.test(tenantId)) return fail('badTenant', 'The link\'s context has no tenant id (Tid) that is a GUID.');
  // Past the tenant check, parsed is an object.
  const organizer = (parsed as { Oid?: unknown }).Oid;
  if (organizer !== undefined && (typeof organizer !== 'string' || !guid.test(organizer))) return fail('badOrganizer', 'The link\'s organizer id (Oid) must be a GUID.');
  return { ok: true, meeting: { kind: 'classic', threadId, messageId, tenantId: tenantId.toLowerCase(), organizerId: organizer?.toLowerCase() } };
}

/** Reads a Teams join link; says which part is wrong when it cannot be joined. */
export function parseMeetingLink(link: string): LinkParse {
  let url: URL;
  try {
    // The URL parser drops surrounding spaces itself.
    url = new URL(link);
  } catch {
    return fail('notAUrl', 'The join link is not a URL.');
  }
  const host = url.hostname.toLowerCase();
  if (consumerHosts.has(host)) return fail('consumer', 'This is a Teams (free) meeting for personal accounts (teams.live.com); the bot can join only meetings of a Microsoft 365 organisation.');
  if (!teamsHosts.has(host)) return fail('notTeams', `${host} is not a Microsoft Teams host; paste the meeting's "Join" link (https://teams.microsoft.com/...).`);
  if (url.protocol !== 'https:') return fail('notHttps', 'The join link must be https.');
  const segments = url.pathname.split('/').filter((s) => s !== '');
  // The lengths are checked first, so the segments read are there.
  if (segments.length === 4 && segments[0] === 'l' && segments[1] === 'meetup-join') return classic(segments[2] as string, segments[3] as string, url.searchParams.get('context'));
  if (segments.length === 2 && segments[0] === 'meet') return meetingById(decoded(segments[1] as string), url.searchParams.get('p') ?? undefined);
  return fail('notAJoinLink', 'This Teams link is not a meeting join link (/l/meetup-join/... or /meet/...).');
}

/**
 * One string per meeting, so two requests for the same meeting find each other: the thread and
 * message for classic links, the join id for short ones (a link of either form for the same
 * meeting cannot be told apart without Graph: they are two keys).
 */
export function meetingKey(meeting: MeetingRef): string {
  return meeting.kind === 'classic' ? `thread:${meeting.threadId}:${meeting.messageId}` : `joinId:${meeting.joinMeetingId}`;
}
