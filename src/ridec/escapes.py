"""Text from inputs made safe to show on a terminal: control characters become escapes.

A workout name, a cue or a file name may hold ESC (the start of every terminal control
sequence), BEL, backspace, the 8-bit C1 controls (U+009B is CSI on some terminals) or
the bidirectional overrides that make text read differently from how it is stored. Shown
raw, `name: "\\x1b]0;...\\x07"` retitles the window and `\\x1b[2J` clears the screen.
Every message ridec prints that echoes an input goes through `escape_controls`, which
spells those characters the way Python does (`\\x1b`, `\\u202e`) and keeps everything
else, Unicode letters and emoji included.
"""

from __future__ import annotations

import re

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROLS = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
_CONTROLS_AND_LINES = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")


def _spelled(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape_controls(text: str, *, keep_lines: bool = True) -> str:
    """`text` with every control character spelled as an escape.

    Line feeds and tabs stay when `keep_lines` is set (a message of several lines); a value
    shown on one line (a name in a table title) passes `keep_lines=False`.
    """
    pattern = _CONTROLS if keep_lines else _CONTROLS_AND_LINES
    if pattern.search(text) is None:
        return text
    return pattern.sub(_spelled, text)
