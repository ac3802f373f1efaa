/**
 * The console's only script, served from its own route (script-src 'self'). While a page marked
 * live is open and visible, it fetches the same URL every 2.5 s and swaps the parts marked
 * data-live whose HTML changed (the server escaped everything; the parser runs no script), so
 * changes show within 5 s without a reload. Hidden tabs and closed pages fetch nothing. Times are
 * shown in the viewer's time zone, the UTC value on hover. An ended session stops it and says so.
 */
export const consoleScript = `'use strict';
(function () {
  var intervalMs = 2500;
  function localTimes(root) {
    root.querySelectorAll('time[datetime]').forEach(function (el) {
      var d = new Date(el.getAttribute('datetime'));
      if (isNaN(d.getTime())) return;
      el.textContent = d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
      el.title = d.toISOString() + ' (UTC)';
    });
  }
  function say(text, html) {
    var status = document.getElementById('live-status');
    if (!status) return;
    if (html) { status.textContent = ''; status.appendChild(html); } else { status.textContent = text; }
  }
  function ended() {
    var link = document.createElement('a');
    link.href = '/api/console/signin?returnTo=' + encodeURIComponent(location.pathname + location.search);
    link.textContent = 'Your session has ended: sign in again';
    var p = document.createElement('span');
    p.appendChild(link);
    say('', p);
    document.body.setAttribute('data-session', 'ended');
  }
  var served = new Map();
  var busy = false;
  function refresh() {
    if (busy || document.visibilityState !== 'visible' || document.body.getAttribute('data-session') === 'ended') return;
    busy = true;
    fetch(location.href, { headers: { 'x-console-refresh': '1' }, credentials: 'same-origin', cache: 'no-store', redirect: 'manual' })
      .then(function (response) {
        if (response.status === 401 || response.type === 'opaqueredirect') { ended(); return; }
        if (!response.ok) return;
        return response.text().then(function (text) {
          var fresh = new DOMParser().parseFromString(text, 'text/html');
          var changed = false;
          document.querySelectorAll('[data-live][id]').forEach(function (el) {
            var next = fresh.getElementById(el.id);
            var html = next ? next.innerHTML : null;
            if (html === null || html === served.get(el.id)) return;
            var focused = document.activeElement && el.contains(document.activeElement) ? document.activeElement : null;
            var focusKey = focused ? focused.getAttribute('aria-label') || focused.textContent : null;
            el.replaceChildren.apply(el, Array.prototype.slice.call(document.adoptNode(next).childNodes));
            served.set(el.id, html);
            localTimes(el);
            changed = true;
            if (focusKey) {
              var again = Array.prototype.find.call(el.querySelectorAll('a,button,input'), function (c) { return (c.getAttribute('aria-label') || c.textContent) === focusKey; });
              if (again) again.focus();
            }
          });
          if (changed) document.body.setAttribute('data-refreshed', new Date().toISOString());
        });
      })
      .catch(function () {})
      .then(function () { busy = false; });
  }
  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-live][id]').forEach(function (el) { served.set(el.id, el.innerHTML); });
    localTimes(document);
    if (document.body.getAttribute('data-live-page') === 'true') {
      setInterval(refresh, intervalMs);
      document.addEventListener('visibilitychange', refresh);
    }
  });
})();
`;
