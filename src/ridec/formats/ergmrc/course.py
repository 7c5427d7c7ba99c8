"""An ERG/MRC course as the writer makes it, its printing, and the writer's own check of it;
with the timing of its text rows (one row per second, the default display time), which the
reader shares to take them back.

The writer builds a `Course` (header settings, the `MINUTES` word, data rows as whole
seconds and value texts, text rows) and prints it. Its own check reads the course rather
than the printed text: `proven_clean` tells from the course's values that the grammar
(`checker.problems`) can find nothing in the printed bytes. The printing fixes the layout:
the three sections in order, each marker on its own line, each header line `KEY = VALUE` at
column 0, one `MINUTES` line, rows of single-TAB-separated columns, LF line ends, UTF-8.
What it cannot fix is checked on the values, each as the grammar reads its line:

- no header key or value, and no text, holds a line break (which would make other lines)
  or a TAB (another column); no header value holds an `=` (readers cut it there);
- data rows: times are whole seconds from 0, never going back (minutes with 4 decimals
  keep that order: a second is 166 units of 1/10000 minute), values are plain numbers;
- text rows: whole seconds (time and duration, below the grammar's bound), a text that is
  not empty and not only a number once stripped.

A course that cannot be proven clean this way is checked by the grammar on its bytes, and
the grammar's messages are the ones reported.
"""

from __future__ import annotations

import itertools
import re

from ridec.formats.ergmrc.checker import FORMAT_UNITS
from ridec.formats.ergmrc.cues import MAX_CUE_S
from ridec.formats.ergmrc.syntax import DATA, HEADER, NUMBER, TEXT, is_numeric_text
from ridec.records import record

LINE_END = "\n"
MINUTE_DECIMALS = 4
_NUMBER = re.compile(NUMBER)
_BREAKS_LINE = ("\r", "\n")
"""What ends a line for the grammar (`syntax`): any of these inside a value makes two lines."""
DEFAULT_TEXT_S = 10
"""How long a cue, label or generated text shows when the coach gave no duration."""
TEXT_SEPARATOR = " | "
"""Between texts shown at the same second, joined into one row: players show one text in
place of the last, so four rows at one second would leave the rider the last one only."""


@record
class TextRow:
    """One `[COURSE TEXT]` row."""

    at_s: int
    """Seconds from the start of the course."""
    text: str
    """One line, not purely numeric."""
    duration_s: int
    """How long it shows."""


@record
class Course:
    """Everything an ERG or MRC file says, before it is printed."""

    settings: tuple[tuple[str, str], ...]
    """The header's `KEY = VALUE` lines, in order (the `MINUTES` line comes after them)."""
    unit_word: str
    """The second word of the `MINUTES` line: WATTS or PERCENT."""
    data: tuple[tuple[int, str], ...]
    """The data rows: seconds from the start, and the value as written."""
    texts: tuple[TextRow, ...]
    """The text rows, in time order; none: no `[COURSE TEXT]` section."""

    def printed(self) -> bytes:
        """The file's bytes."""
        lines = [f"[{HEADER}]", *(f"{key} = {value}" for key, value in self.settings)]
        lines += [f"MINUTES {self.unit_word}", f"[END {HEADER}]", f"[{DATA}]"]
        lines += [f"{minutes_text(seconds)}\t{value}" for seconds, value in self.data]
        lines.append(f"[END {DATA}]")
        if self.texts:
            lines.append(f"[{TEXT}]")
            lines += [f"{row.at_s}\t{row.text}\t{row.duration_s}" for row in self.texts]
            lines.append(f"[END {TEXT}]")
        return (LINE_END.join(lines) + LINE_END).encode("utf-8")

    def proven_clean(self, unit: str) -> bool:
        """Whether the grammar, expecting `MINUTES unit`, finds no problem in `printed()`
        (see the module's note); False means only that the bytes must be read to tell."""
        return (
            self.unit_word == unit
            and unit in FORMAT_UNITS
            and all(_plain_setting(key, value) for key, value in self.settings)
            and _clean_data(self.data)
            and all(_clean_text(row) for row in self.texts)
        )


def minutes_text(seconds: int) -> str:
    """Whole seconds as minutes with 4 decimals, rounded half up in integer arithmetic."""
    scale = 10**MINUTE_DECIMALS
    units = (seconds * scale * 2 + 60) // 120
    return f"{units // scale}.{units % scale:0{MINUTE_DECIMALS}d}"


def _one_column(text: str) -> bool:
    return "\t" not in text and not any(end in text for end in _BREAKS_LINE)


def _plain_setting(key: str, value: str) -> bool:
    """A `KEY = VALUE` line the grammar takes as it is: the key at column 0, neither side
    holding an `=`, a TAB or a line break."""
    at_column_0 = bool(key) and key == key.strip(" \t")
    return at_column_0 and _one_column(key) and _one_column(value) and "=" not in key + value


def _clean_data(rows: tuple[tuple[int, str], ...]) -> bool:
    last = 0
    for seconds, value in rows:
        if seconds < last or not _NUMBER.fullmatch(value):
            return False
        last = seconds
    return bool(rows) and rows[0][0] == 0


def _clean_text(row: TextRow) -> bool:
    text = row.text.strip()
    return (
        0 <= row.at_s < MAX_CUE_S
        and 0 <= row.duration_s < MAX_CUE_S
        and _one_column(row.text)
        and bool(text)
        and not is_numeric_text(text)
    )


def merge_same_second(rows: list[TextRow], end_s: int) -> list[TextRow]:
    """One row per second: the texts that show for the default time joined in order,
    `TEXT_SEPARATOR` between them. A text the coach gave its own time stays a row of its
    own, before the joined one (the language allows one such cue per second), so a reader
    still finds the cadence and target notes at the end of the last row."""
    merged: list[TextRow] = []
    for at_s, group in itertools.groupby(rows, key=lambda row: row.at_s):
        parts = list(group)
        usual = default_duration(end_s - at_s)
        own = [row for row in parts if row.duration_s != usual]
        joined = [row.text for row in parts if row.duration_s == usual]
        merged.extend(own)
        if joined:
            merged.append(TextRow(at_s, TEXT_SEPARATOR.join(joined), usual))
    return merged


def default_duration(remaining_s: int) -> int:
    """A text's display time when the coach gave none: 10 s, cut short at the step's end."""
    return max(1, min(DEFAULT_TEXT_S, remaining_s))
