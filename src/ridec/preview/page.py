"""The preview page: the library's style, the current view, and the script that swaps in
each new view the server pushes (server-sent events; the browser reconnects by itself)."""

from __future__ import annotations

from html import escape
from pathlib import Path

from ridec.lsp import compiler_bridge
from ridec.preview.render import View

EXTRA_STYLE = """
header{display:flex;justify-content:space-between;align-items:baseline;gap:16px}
header h1{white-space:nowrap}
.card h2{margin:0 0 4px;border:none;padding:0}
#status{font-size:13px;color:#555}
#status.bad{color:#a00}
#status.down{color:#a00;font-weight:600}
table{border-collapse:collapse;margin:16px 0;font-size:13px;background:#fff;width:100%}
caption{text-align:left;font-weight:600;font-size:15px;padding:4px 0}
th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f0f0ee}
.steps td:nth-child(-n+3){text-align:right;white-space:nowrap}
.fidelity td:nth-child(2){text-align:right}
tr.warmup td:first-child{border-left:4px solid #4a90d9}
tr.active td:first-child{border-left:4px solid #3aa655}
tr.interval td:first-child{border-left:4px solid #e8772e}
tr.recovery td:first-child{border-left:4px solid #7cc4e4}
tr.rest td:first-child{border-left:4px solid #a9a9a9}
tr.cooldown td:first-child{border-left:4px solid #7a6fd0}
.cues{color:#666}
.errors{background:#fff5f5;border:1px solid #e0b4b4;border-radius:8px;padding:8px 16px;
margin:12px 0}
.errors pre,.warnings pre{white-space:pre-wrap;margin:4px 0;font-size:13px}
"""

SCRIPT = """
(() => {
  const view = document.getElementById("view");
  const status = document.getElementById("status");
  const live = (state) => { document.documentElement.dataset.live = state; };
  live("connecting");
  const show = (data) => {
    live("yes");
    view.innerHTML = data.html;
    document.title = data.title + " \\u00b7 ridec preview";
    document.body.dataset.version = String(data.version);
    status.className = data.ok ? "" : "bad";
    const when = new Date().toLocaleTimeString();
    status.textContent = data.status + " \\u00b7 " + when;
  };
  const events = new EventSource("/events");
  events.addEventListener("view", (event) => show(JSON.parse(event.data)));
  events.addEventListener("error", () => {
    live("no");
    status.className = "down";
    status.textContent = "disconnected: is ridec preview still running?";
  });
})();
"""


def page(view: View, version: int, path: Path, nonce: str) -> str:
    """The whole page, showing `view`."""
    policy = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'nonce-{nonce}'; connect-src 'self'"
    )
    state = "" if view.ok else ' class="bad"'
    status = escape(view.state)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<link rel="icon" href="data:,">\n'
        f"<title>{escape(view.title)} · ridec preview</title>\n"
        f"<style>{compiler_bridge.library_style()}{EXTRA_STYLE}</style>\n</head>\n"
        f'<body data-version="{version}">\n<header><h1>ridec preview</h1>'
        f'<p class="meta"><code title="{escape(str(path))}">{escape(path.name)}</code> · '
        f'<span id="status"{state}>{status}</span></p></header>\n'
        f'<main id="view">\n{view.html}\n</main>\n'
        "<noscript><p>This page follows the file with JavaScript: without it, reload after "
        "each save.</p></noscript>\n"
        f'<script nonce="{nonce}">{SCRIPT}</script>\n</body>\n</html>\n'
    )
