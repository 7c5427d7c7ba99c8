"""Text from inputs made safe to show on a terminal: control characters become escapes.

A workout name, a cue or a file name may hold ESC (the start of every terminal control
sequence), BEL, backspace, the 8-bit C1 controls (U+009B is CSI on some terminals), the
line and paragraph separators (U+2028, U+2029) or the bidirectional overrides that make
text read differently from how it is stored. Shown
raw, `name: "\\x1b]0;...\\x07"` retitles the window and `\\x1b[2J` clears the screen.
Every message ridec prints that echoes an input goes through `escape_controls`, which
spells those characters the way Python does (`\\x1b`, `\\u202e`) and keeps everything
else, Unicode letters and emoji included.
"""

from __future__ import annotations

_BIDI = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_SEPARATORS = (0x2028, 0x2029)
"""Line and paragraph separators: some terminals and editors break the line there, so an
excerpt shown as one line (a diagnostic's source line, its caret under it) would not be.
U+0085 (next line) is among the C1 controls already."""
_LINES = (0x09, 0x0A)
"""Tab and line feed: kept in a message of several lines."""
_CONTROLS = (*range(0x00, 0x20), *range(0x7F, 0xA0), *_BIDI, *_SEPARATORS)


def _spelled(code: int) -> str:
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


# Translation tables rather than a regular expression: a character class with these ranges
# took about 1.5 ms to compile at every start.
_ESCAPES = {code: _spelled(code) for code in _CONTROLS if code not in _LINES}
_ESCAPES_AND_LINES = {code: _spelled(code) for code in _CONTROLS}


def escape_controls(text: str, *, keep_lines: bool = True) -> str:
    """`text` with every control character spelled as an escape.

    Line feeds and tabs stay when `keep_lines` is set (a message of several lines); a value
    shown on one line (a name in a table title) passes `keep_lines=False`.
    """
    return text.translate(_ESCAPES if keep_lines else _ESCAPES_AND_LINES)
