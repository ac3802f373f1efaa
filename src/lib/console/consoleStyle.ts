/** The console's styles (style-src 'self'): readable at 200 % zoom and on a phone's width; visible focus. */
export const consoleStyle = `
:root{color-scheme:light;--fg:#1b1b1b;--muted:#595959;--line:#d0d0d0;--accent:#0b57a4;--ok:#1e6b34;--bad:#a4161a;--warn:#7a4100}
*{box-sizing:border-box}
body{font:1rem/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:var(--fg);background:#fff}
main{padding:1rem;max-width:80rem;margin:0 auto}
header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;padding:.5rem 1rem;border-bottom:1px solid var(--line);background:#f5f7fa}
header nav a{font-weight:600}
.account{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:1}
h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
code{font-family:ui-monospace,Consolas,monospace;font-size:.9em;overflow-wrap:anywhere}
button,.button{font:inherit;padding:.3rem .8rem;border:1px solid var(--accent);border-radius:4px;background:var(--accent);color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
form.action{display:inline}
form.action button{background:#fff;color:var(--bad);border-color:var(--bad)}
.search{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.5rem 0 1rem}
.search label{flex-basis:100%}
.search input{font:inherit;padding:.3rem .5rem;border:1px solid #767676;border-radius:4px;min-width:0;flex:1 1 16rem}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid var(--line);padding:.4rem .6rem;text-align:left;vertical-align:top}
thead th{background:#f5f7fa}
tbody th{font-weight:normal}
ul.people,ul.paused{margin:0;padding-left:1.1rem}
.none,.of,.count,.meta{color:var(--muted)}
.state-live,.call-state{color:var(--ok);font-weight:600}.state-ended{color:var(--muted)}
.failed,.dead{color:var(--bad)}
.live-status{padding:0 1rem;color:var(--muted)}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
figure{margin:0}figcaption{color:var(--muted);margin-top:.25rem}
.key{display:inline-block;width:.8rem;height:.8rem;margin:0 .25rem 0 .75rem;vertical-align:middle}
.key.present{background:#3a9d5d}.key.lobby{background:#e0a030}.key.muted{background:#222}.key.completed{background:#2e7d32;border-radius:50%}.key.failed{background:#c62828;border-radius:50%}
svg{border:1px solid #ddd;background:#fff;min-width:40rem}svg text{font:12px system-ui,sans-serif;fill:#333}
.tick{stroke:#eee}.tick-label{text-anchor:middle;fill:#595959}.row-label,.label{font-weight:600}
svg .present{fill:#3a9d5d}svg .lobby{fill:#e0a030}svg .muted{fill:#222}
.invitation line{stroke:#888;stroke-width:2}.invitation circle,.invitation .outcome{fill:#888}
.invitation.completed circle,.invitation.completed .outcome{fill:#2e7d32}.invitation.failed circle,.invitation.failed .outcome{fill:#c62828}
.call-start line,.call-end line{stroke:#1565c0;stroke-dasharray:4 3}.call-start text,.call-end text{fill:#1565c0;text-anchor:middle}
@media (max-width:40rem){main{padding:.5rem}th,td{padding:.3rem}}
`;
