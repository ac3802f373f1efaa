import { escapeHtml as e } from '../http/timeline/htmlText';
import { consoleRoot } from './signInTransaction';

/** Scripts and styles only from the console's own routes; no inline script, no CDN, forms only to itself. */
export const consoleSecurityHeaders = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  // Not no-referrer: with it Chromium sends `Origin: null` on the console's own form posts. same-origin
  // sends nothing to other sites, so no call id leaves in a Referer.
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
};

/** Who is signed in, as the header shows it; undefined on pages for people not signed in. */
export interface PageViewer {
  readonly name: string;
  readonly csrf: string;
}

export interface PageOptions {
  readonly title: string;
  readonly viewer?: PageViewer | undefined;
  /** The page refreshes its live parts while it is open (console.js). */
  readonly live?: boolean;
}

/** A time in UTC as the server knows it; console.js shows it in the viewer's zone, UTC on hover. */
export function time(iso: string | undefined): string {
  if (!iso) return '<span class="none">—</span>';
  return `<time datetime="${e(iso)}" title="${e(iso)} (UTC)">${e(iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC'))}</time>`;
}

/** A region that scrolls sideways on narrow screens: focusable, so the keyboard can scroll it too. */
export const scrollable = (label: string, content: string) => `<div class="scroll" tabindex="0" role="region" aria-label="${e(label)}">${content}</div>`;

/** A hidden field carrying the session's CSRF token, for every form that changes something. */
export const csrfField = (viewer: PageViewer) => `<input type="hidden" name="csrf" value="${e(viewer.csrf)}">`;

/** A form with one button that posts to a console route. */
export function actionButton(viewer: PageViewer, action: string, label: string, fields: Record<string, string>, accessibleName = label): string {
  const hidden = Object.entries(fields).map(([k, v]) => `<input type="hidden" name="${e(k)}" value="${e(v)}">`).join('');
  return `<form class="action" method="post" action="${e(action)}">${csrfField(viewer)}${hidden}<button type="submit" aria-label="${e(accessibleName)}">${e(label)}</button></form>`;
}

export function consolePage(options: PageOptions, main: string): string {
  const viewer = options.viewer;
  const account = viewer
    ? `<div class="account"><span>Signed in as <strong>${e(viewer.name)}</strong></span><form method="post" action="${consoleRoot}/signout">${csrfField(viewer)}<button type="submit">Sign out</button></form></div>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(options.title)} · Call invites console</title>
<link rel="stylesheet" href="${consoleRoot}/assets/console.css">
<script src="${consoleRoot}/assets/console.js" defer></script>
</head>
<body${options.live ? ' data-live-page="true"' : ''}>
<a class="skip" href="#main">Skip to content</a>
<header><nav aria-label="Console"><a href="${consoleRoot}">Calls</a></nav>${account}</header>
<main id="main">
${main}
</main>
<p class="live-status" role="status" aria-live="polite" id="live-status"></p>
</body></html>
`;
}

/** A page for people without a session (signed out, session ended, sign-in failed). */
export function messagePage(title: string, message: string, link?: { readonly href: string; readonly text: string }): string {
  return consolePage({ title }, `<h1>${e(title)}</h1><p>${e(message)}</p>${link ? `<p><a class="button" href="${e(link.href)}">${e(link.text)}</a></p>` : ''}`);
}
