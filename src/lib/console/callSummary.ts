import type { Invitation } from '../domain/invitation';
import type { CallSnapshot } from '../domain/roster';
import { isUnsent } from '../domain/sending';

/** A call as the console's list shows it. */
export interface CallSummary {
  readonly callId: string;
  readonly state: string;
  readonly live: boolean;
  readonly startedAt: string | undefined;
  readonly endedAt: string | undefined;
  /** Who is in the call now (display names are the caller's or Graph's: shown escaped). */
  readonly present: readonly { readonly participantId: string; readonly displayName: string | undefined }[];
  readonly invitations: { readonly open: number; readonly failed: number; readonly total: number };
  /** What a search matches besides the call id: clientContexts, invitees' ids and names. */
  readonly clientContexts: readonly string[];
  readonly invitees: readonly string[];
}

const open = (i: Invitation) => i.status === 'pending' || i.status === 'running';

export function callSummary(snapshot: CallSnapshot): CallSummary {
  const state = snapshot.call?.state ?? 'unknown';
  const sent = snapshot.invitations.filter((i) => !isUnsent(i));
  return {
    callId: snapshot.callId,
    state,
    live: state !== 'terminated',
    startedAt: snapshot.call?.createdAt,
    endedAt: snapshot.call?.terminatedAt,
    present: snapshot.roster.filter((r) => r.present).map((r) => ({ participantId: r.participantId, displayName: r.identity?.displayName })),
    invitations: { open: sent.filter(open).length, failed: sent.filter((i) => i.status === 'failed').length, total: sent.length },
    clientContexts: sent.map((i) => i.clientContext),
    invitees: sent.flatMap((i) => i.invitees.flatMap((v) => [v.identity.id, v.identity.displayName ?? ''])).filter((s) => s !== ''),
  };
}

/** Whether a call matches what was typed: part of its id, a clientContext, an invitee's id or name (case-insensitive). */
export function matchesSearch(call: CallSummary, search: string): boolean {
  const q = search.trim().toLowerCase();
  if (q === '') return true;
  return [call.callId, ...call.clientContexts, ...call.invitees].some((v) => v.toLowerCase().includes(q));
}
