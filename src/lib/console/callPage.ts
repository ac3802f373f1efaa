import type { AuthenticatedCaller } from '../auth/permissions';
import { sameCaller, type Caller } from '../domain/caller';
import type { Invitation } from '../domain/invitation';
import type { CallSnapshot, RosterEntry } from '../domain/roster';
import { isUnsent } from '../domain/sending';
import type { Subscription } from '../domain/subscription';
import type { TimelinePicture } from '../domain/timelineLanes';
import { escapeHtml as e } from '../http/timeline/htmlText';
import { timelineSvg } from '../http/timeline/timelineSvg';
import { actionButton, consolePage, scrollable, time, type PageViewer } from './consoleLayout';
import { consoleRoot } from './signInTransaction';

/** A webhook delivery of this call, as operators see it (never the body, URL or secret). */
export interface CallDelivery {
  readonly subscriptionId: string;
  readonly type: string;
  readonly state: 'pending' | 'dead';
  readonly attempts: number;
  readonly dueAt: string;
  readonly lastError: string | undefined;
}

export interface CallPageData {
  readonly snapshot: CallSnapshot;
  readonly picture: TimelinePicture;
  /** Acknowledged notifications not applied yet: pending, and dead-lettered. */
  readonly notifications: { readonly pending: number; readonly dead: number };
  /** Operators only (undefined otherwise): this call's deliveries and the paused subscriptions that have some. */
  readonly deliveries: readonly CallDelivery[] | undefined;
  readonly pausedSubscriptions: readonly Subscription[];
  readonly now: Date;
}

export interface CallPageViewer extends PageViewer {
  readonly caller: AuthenticatedCaller;
  readonly may: { readonly act: boolean; readonly operate: boolean; readonly manage: boolean };
}

const nameOf = (r: RosterEntry) => r.identity?.displayName ?? (r.identity ? `${r.identity.kind} ${r.identity.id}` : r.participantId);

function whoAsked(by: Caller | undefined): string {
  if (!by) return '<span class="none">not recorded</span>';
  if (by.kind === 'functionKey') return 'a function key holder';
  return `${e(by.kind)} <code>${e(by.id ?? '')}</code>${by.kind === 'user' && by.appId ? ` via <code>${e(by.appId)}</code>` : ''}`;
}

function rosterTable(viewer: CallPageViewer, callId: string, roster: readonly RosterEntry[], botParticipantId: string | undefined): string {
  if (roster.length === 0) return '<p class="empty">Nobody has been in the call yet.</p>';
  const rows = [...roster]
    .sort((a, b) => Number(b.present) - Number(a.present) || (a.joinedAt ?? '').localeCompare(b.joinedAt ?? ''))
    .map((r) => {
      const where = r.present ? (r.isInLobby ? 'in the lobby' : r.isMuted ? 'in the call (muted)' : 'in the call') : `left${r.removalReason ? ` (${r.removalReason})` : ''}`;
      const remove =
        // The bot itself leaves by hanging up (the call's own action), not by removal.
        viewer.may.act && r.present && r.participantId !== botParticipantId
          ? actionButton(viewer, `${consoleRoot}/calls/${encodeURIComponent(callId)}/remove`, 'Remove', { participantId: r.participantId }, `Remove ${nameOf(r)} from the call`)
          : '';
      return `<tr data-participant-id="${e(r.participantId)}"><th scope="row" class="name">${e(nameOf(r))}</th><td>${e(where)}</td><td>${time(r.joinedAt)}</td><td>${time(r.leftAt)}</td><td>${e(r.invitationClientContext ?? '')}</td>${viewer.may.act ? `<td>${remove}</td>` : ''}</tr>`;
    })
    .join('');
  return scrollable('Roster', `<table class="roster"><caption class="visually-hidden">Roster</caption><thead><tr><th scope="col">Who</th><th scope="col">Where</th><th scope="col">Joined</th><th scope="col">Left</th><th scope="col">Invitation</th>${viewer.may.act ? '<th scope="col">Action</th>' : ''}</tr></thead><tbody>${rows}</tbody></table>`);
}

function invitationsTable(viewer: CallPageViewer, callId: string, invitations: readonly Invitation[]): string {
  const sent = invitations.filter((i) => !isUnsent(i));
  if (sent.length === 0) return '<p class="empty">No invitations.</p>';
  const rows = sent
    .map((i) => {
      const open = i.status === 'pending' || i.status === 'running';
      const mayCancel = viewer.may.act && open && (viewer.may.operate || sameCaller(i.invitedBy, viewer.caller.caller));
      const invitees = i.invitees.map((v) => `<li>${e(v.identity.displayName ?? v.identity.id)}: ${e(v.state)}</li>`).join('');
      const cancel = mayCancel
        ? actionButton(viewer, `${consoleRoot}/calls/${encodeURIComponent(callId)}/cancel`, 'Cancel', { clientContext: i.clientContext }, `Cancel invitation ${i.clientContext}`)
        : '';
      return `<tr data-client-context="${e(i.clientContext)}" data-status="${e(i.status)}"><th scope="row"><code>${e(i.clientContext)}</code></th><td class="status">${e(i.status)}</td><td>${e(i.outcomeReason ?? '')}${i.resultInfo ? ` <small>(code ${e(i.resultInfo.code)}/${e(i.resultInfo.subcode)})</small>` : ''}</td><td><ul class="people">${invitees}</ul></td><td class="invited-by">${whoAsked(i.invitedBy)}</td><td>${time(i.createdAt)}</td>${viewer.may.act ? `<td>${cancel}</td>` : ''}</tr>`;
    })
    .join('');
  return scrollable('Invitations', `<table class="invitations"><caption class="visually-hidden">Invitations</caption><thead><tr><th scope="col">clientContext</th><th scope="col">Status</th><th scope="col">Outcome</th><th scope="col">Invitees</th><th scope="col">Asked by</th><th scope="col">Sent</th>${viewer.may.act ? '<th scope="col">Action</th>' : ''}</tr></thead><tbody>${rows}</tbody></table>`);
}

function deliveriesSection(viewer: CallPageViewer, data: CallPageData): string {
  if (!data.deliveries) return '';
  const rows = data.deliveries
    .map((d) => `<tr><td>${e(d.type)}</td><td><code>${e(d.subscriptionId)}</code></td><td>${e(d.state)}</td><td>${d.attempts}</td><td>${time(d.dueAt)}</td><td>${e(d.lastError ?? '')}</td></tr>`)
    .join('');
  const paused = data.pausedSubscriptions
    .map((s) => `<li>Subscription <code>${e(s.id)}</code> is paused since ${time(s.pausedAt)} ${actionButton(viewer, `${consoleRoot}/subscriptions/${encodeURIComponent(s.id)}/resume`, 'Resume', { callId: data.snapshot.callId }, `Resume subscription ${s.id}`)}</li>`)
    .join('');
  return `<section aria-labelledby="deliveries-h"><h2 id="deliveries-h">Webhook deliveries</h2>
${paused ? `<ul class="paused">${paused}</ul>` : ''}
${rows ? `${scrollable('Webhook deliveries', `<table class="deliveries"><caption class="visually-hidden">Webhook deliveries not yet accepted</caption><thead><tr><th scope="col">Event</th><th scope="col">Subscription</th><th scope="col">State</th><th scope="col">Attempts</th><th scope="col">Next attempt</th><th scope="col">Last error</th></tr></thead><tbody>${rows}</tbody></table>`)}` : '<p class="empty">Every delivery of this call was accepted (or none was due).</p>'}
</section>`;
}

function notificationsSection(viewer: CallPageViewer, data: CallPageData): string {
  const { pending, dead } = data.notifications;
  const replay = viewer.may.operate && dead > 0 ? actionButton(viewer, `${consoleRoot}/calls/${encodeURIComponent(data.snapshot.callId)}/replay`, 'Replay dead notifications', {}) : '';
  return `<p class="notifications">Notifications not applied yet: <span class="pending">${pending} pending</span>, <span class="${dead > 0 ? 'dead' : ''}">${dead} dead-lettered</span>. ${replay}</p>`;
}

/** One call: state, the timeline drawing, roster, invitations, deliveries; actions where the viewer may. */
export function callPage(viewer: CallPageViewer, data: CallPageData): string {
  const { snapshot } = data;
  const call = snapshot.call;
  const names = new Map(snapshot.roster.map((r) => [r.participantId, nameOf(r)]));
  const state = call?.state ?? 'unknown';
  const hangUp =
    viewer.may.manage && call && state !== 'terminated'
      ? ` ${actionButton(viewer, `${consoleRoot}/calls/${encodeURIComponent(snapshot.callId)}/hangup`, 'Hang up', {}, 'Hang up the call')}`
      : '';
  return consolePage(
    { title: `Call ${snapshot.callId}`, viewer, live: true },
    `<h1>Call <code>${e(snapshot.callId)}</code></h1>
<div id="summary" data-live><p class="meta">State <strong class="call-state">${e(state)}</strong> · started ${time(call?.createdAt)}${call?.terminatedAt ? ` · ended ${time(call.terminatedAt)}` : ''}${hangUp}</p>
${notificationsSection(viewer, data)}</div>
<section aria-labelledby="timeline-h"><h2 id="timeline-h">Timeline</h2>
<div id="timeline" data-live><figure>${scrollable('Timeline drawing', timelineSvg(data.picture, (id) => names.get(id) ?? id, data.now))}
<figcaption><span class="key present"></span>in the call <span class="key lobby"></span>lobby <span class="key muted"></span>muted <span class="key completed"></span>invitation completed <span class="key failed"></span>failed</figcaption></figure></div></section>
<section aria-labelledby="roster-h"><h2 id="roster-h">Roster</h2><div id="roster" data-live>${rosterTable(viewer, snapshot.callId, snapshot.roster, call?.origin?.myParticipantId)}</div></section>
<section aria-labelledby="invitations-h"><h2 id="invitations-h">Invitations</h2><div id="invitations" data-live>${invitationsTable(viewer, snapshot.callId, snapshot.invitations)}</div></section>
<div id="deliveries" data-live>${deliveriesSection(viewer, data)}</div>`,
  );
}
