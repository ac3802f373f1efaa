import type { TimelinePicture } from '../../domain/timelineLanes';
import { escapeHtml as e } from './htmlText';
import type { TimelineView } from './timelineSchemas';
import { timelineSvg } from './timelineSvg';

/** How often the page of a live call reloads itself. */
export const refreshSeconds = 5;

/** No scripts at all, no outside resources: styles inline, nothing else. */
export const pageSecurityHeaders = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const style = `
body{font:14px system-ui,sans-serif;margin:24px;color:#1b1b1b}h1{font-size:20px;margin:0 0 4px}
.meta{color:#555;margin-bottom:16px}.live{color:#0b6a0b;font-weight:600}.warn{color:#8a4b00}
svg{border:1px solid #ddd;background:#fff}svg text{font:12px system-ui,sans-serif;fill:#333}
.tick{stroke:#eee}.tick-label{text-anchor:middle;fill:#777}.row-label,.label{font-weight:600}
.present{fill:#3a9d5d}.lobby{fill:#e0a030}.muted{fill:#222}
.invitation line{stroke:#888;stroke-width:2}.invitation circle,.invitation .outcome{fill:#888}
.invitation.completed circle,.invitation.completed .outcome{fill:#2e7d32}.invitation.failed circle,.invitation.failed .outcome{fill:#c62828}
.call-start line,.call-end line{stroke:#1565c0;stroke-dasharray:4 3}.call-start text,.call-end text{fill:#1565c0;text-anchor:middle}
table{border-collapse:collapse;margin-top:16px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left}
.legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}`;

function describe(event: TimelineView['events'][number]): string {
  const parts = [event.clientContext, event.status, event.reason, event.state, event.muted === undefined ? undefined : event.muted ? 'muted' : 'unmuted'];
  const code = event.code === undefined ? undefined : `code ${event.code}${event.subcode === undefined ? '' : `/${event.subcode}`}`;
  return [...parts, code, event.seconds === undefined ? undefined : `${event.seconds} s after the invite`].filter((p) => p !== undefined).join(' · ');
}

/**
 * The call as one self-contained page (works offline, no CDN, no script): who was in the call
 * when, the invitations and their outcomes, the call's start and end, and the events as a table.
 * A live call's page reloads itself. Every value it shows is escaped.
 */
export function timelinePage(view: TimelineView, picture: TimelinePicture, now: Date): string {
  const names = new Map(view.participants.map((p) => [p.participantId, p.displayName ?? (p.kind ? `${p.kind} ${p.participantId.slice(0, 8)}` : p.participantId)]));
  const label = (participantId: string) => names.get(participantId) ?? participantId;
  const rows = view.events
    .map((ev) => `<tr><td>${e(ev.at)}</td><td>${e(ev.kind)}</td><td>${e(ev.participantId === undefined ? '' : label(ev.participantId))}</td><td>${e(describe(ev))}</td></tr>`)
    .join('');
  const invitations = view.invitations
    .map((i) => `<tr data-client-context="${e(i.clientContext)}"><td>${e(i.clientContext)}</td><td>${e(i.status)}</td><td>${e(i.reason ?? '')}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${view.live ? `<meta http-equiv="refresh" content="${refreshSeconds}">` : ''}
<title>Call ${e(view.callId)}</title><style>${style}</style></head>
<body>
<h1>Call <code>${e(view.callId)}</code></h1>
<div class="meta">State: <strong class="state">${e(view.state ?? 'unknown')}</strong> · started ${e(view.startedAt ?? 'unknown')} · ${view.endedAt ? `ended ${e(view.endedAt)}` : `<span class="live">live, refreshing every ${refreshSeconds} s</span>`} · drawn ${e(now.toISOString())}</div>
${view.truncated ? `<p class="warn truncated">Only the first ${e(view.truncated.limit)} events are kept; ${e(view.truncated.dropped)} later ones were counted, not stored. The state, roster and invitations are still exact.</p>` : ''}
<div class="legend"><span style="background:#3a9d5d"></span>in the call<span style="background:#e0a030"></span>lobby<span style="background:#222"></span>muted<span style="background:#2e7d32;border-radius:6px"></span>invitation completed<span style="background:#c62828;border-radius:6px"></span>failed<span style="background:#888;border-radius:6px"></span>no outcome yet</div>
${timelineSvg(picture, label, now)}
<h2>Invitations</h2><table class="invitations"><tr><th>clientContext</th><th>status</th><th>reason</th></tr>${invitations}</table>
<h2>Events</h2><table class="events"><tr><th>at</th><th>what</th><th>who</th><th>details</th></tr>${rows}</table>
</body></html>
`;
}
