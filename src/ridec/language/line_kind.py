"""What kind of source line failed to parse: the parser passes it to the coach's reading.

Apart from `ridec.language.coach` so that the parser, which names the kind of every line it
attempts, does not import the coach's word lists and patterns until a line fails.
"""

from __future__ import annotations

from enum import StrEnum


class LineKind(StrEnum):
    """What kind of line failed: it decides which habits apply."""

    NODE = "node"
    """A step or a block line in the body."""
    CUE = "cue"
    """A cue under a step."""
    EXERCISE = "exercise"
    """An exercise of the activation routine."""
    LET = "let"
    """A `let` line."""
    SERIES = "series"
    """A plan's parameter line (`on: 2m -> 3m`)."""
    HEADER = "header"
    """A header line without its colon (`name Tempo`, `ftp 250`)."""
