"""`ridec preview`: a local page that follows a workout or plan file as the coach edits it.

`render` turns the file into the page's content (chart, stats, steps, per-format fidelity,
or the located errors); `server` serves it on 127.0.0.1 and pushes every new version to the
open pages with server-sent events; `watch` re-renders when the file (or, for a plan, a
workout it uses) is saved.
"""
