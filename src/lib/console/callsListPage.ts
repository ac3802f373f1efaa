import { escapeHtml as e } from '../http/timeline/htmlText';
import type { CallSummary } from './callSummary';
import { consolePage, scrollable, time, type PageViewer } from './consoleLayout';
import { consoleRoot } from './signInTransaction';

function row(call: CallSummary): string {
  const who = call.present.map((p) => `<li>${e(p.displayName ?? p.participantId)}</li>`).join('');
  const { open, failed, total } = call.invitations;
  return `<tr data-call-id="${e(call.callId)}">
<th scope="row"><a href="${consoleRoot}/calls/${encodeURIComponent(call.callId)}"><code>${e(call.callId)}</code></a></th>
<td><span class="state state-${call.live ? 'live' : 'ended'}">${e(call.state)}</span></td>
<td>${time(call.startedAt)}</td>
<td>${who ? `<ul class="people">${who}</ul>` : '<span class="none">nobody</span>'}</td>
<td class="invitations"><span class="open">${open} open</span>, <span class="${failed > 0 ? 'failed' : ''}">${failed} failed</span> <span class="of">of ${total}</span></td>
</tr>`;
}

/** The bot's active and recent calls, live first, with a search by call id, clientContext or invitee. */
export function callsListPage(viewer: PageViewer, calls: readonly CallSummary[], search: string): string {
  const rows = calls.map(row).join('');
  const empty = search ? `No call matches “${e(search)}”.` : 'No calls are stored.';
  return consolePage(
    { title: 'Calls', viewer, live: true },
    `<h1>Calls</h1>
<form class="search" role="search" method="get" action="${consoleRoot}">
<label for="q">Search by call id, clientContext or invitee</label>
<input id="q" name="q" type="search" value="${e(search)}" autocomplete="off">
<button type="submit">Search</button>${search ? ` <a href="${consoleRoot}">Clear</a>` : ''}
</form>
<div id="calls" data-live>
<p class="count">${calls.length} ${calls.length === 1 ? 'call' : 'calls'}${search ? ` matching “${e(search)}”` : ''}</p>
${rows ? scrollable('Calls', `<table class="calls"><caption class="visually-hidden">Calls, live first</caption>
<thead><tr><th scope="col">Call</th><th scope="col">State</th><th scope="col">Started</th><th scope="col">In the call</th><th scope="col">Invitations</th></tr></thead>
<tbody>${rows}</tbody></table>`) : `<p class="empty">${empty}</p>`}
</div>`,
  );
}
