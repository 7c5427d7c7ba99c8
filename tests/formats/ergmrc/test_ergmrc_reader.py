"""The ERG/MRC reader: the corpus round trip, our own files byte for byte, every layout."""

from __future__ import annotations

import bisect
import math
from pathlib import Path

import pytest

from ridec.diagnostics import DiagnosticError
from ridec.formats.base import CompileOptions, Fidelity
from ridec.formats.ergmrc.reader import read, read_course
from ridec.model import (
    FREE,
    MAX,
    Cadence,
    Node,
    PowerUnit,
    Repeat,
    Step,
    Target,
    TargetKind,
    Workout,
)
from ridec.timeline import lower
from tests.formats.ergmrc.ergmrc_support import WRITERS
from tests.paths import CORPUS

CORPUS_FILES = sorted((CORPUS / "ergmrc").iterdir())
CUES_IN_MINUTES = {"sportloop__Sample Instructions.mrc"}
"""Files whose `[COURSE TEXT]` rows give times and durations in minutes (`0.25`): read as
minutes and written back as seconds, so not row for row (see test_ergmrc_cues.py)."""
TEXT_ONLY = [
    p
    for p in CORPUS_FILES
    if p.name not in CUES_IN_MINUTES and b"[INTERVAL DATA]" not in p.read_bytes()
]
"""Files whose texts are all `[COURSE TEXT]` rows, each written back as it was."""
GOLDEN_FILES = sorted((Path(__file__).parent / "golden").iterdir())
UNREADABLE = Path(__file__).parent / "unreadable"
UNREADABLE_CASES = sorted(p for p in UNREADABLE.iterdir() if p.suffix in (".erg", ".mrc"))

NOMINAL_FTP = 200
"""The FTP an ERG without `FTP =` is compared at: 0.5 % of it is 1 W."""
POWER_TOLERANCE = 0.005
"""Written-back power may differ from the file's by 0.5 % FTP at any second."""


def write(workout: Workout, suffix: str) -> bytes:
    """`workout` written in the format named by a file suffix."""
    writer = WRITERS[suffix.lstrip(".")]
    return writer.render(lower(workout), CompileOptions(), Fidelity(writer.name))


def _section(data: bytes, name: str) -> list[str]:
    lines = data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    marks = [line.strip().upper() for line in lines]
    if f"[{name}]" not in marks:
        return []
    start = marks.index(f"[{name}]") + 1
    return [line for line in lines[start : marks.index(f"[END {name}]")] if line.strip()]


def one_second_curve(data: bytes) -> list[float]:
    """The target at each whole second, straight from the rows (an oracle the reader
    does not share): linear between rows, the later row at a repeated time."""
    rows = []
    for line in _section(data, "COURSE DATA"):
        words = line.split()
        if words[1].upper() != "LAP":
            rows.append((float(words[0]) * 60, float(words[1])))
    if rows[0][0] > 0:
        rows.insert(0, (0.0, rows[0][1]))
    times = [t for t, _ in rows]
    end = times[-1]
    length = round(end) if abs(end - round(end)) <= 0.005 else math.ceil(end)
    curve = []
    for second in range(length):
        index = bisect.bisect_right(times, second + 0.005) - 1
        (t0, v0), (t1, v1) = rows[index], rows[min(index + 1, len(rows) - 1)]
        curve.append(v0 if t1 <= t0 else v0 + (v1 - v0) * (second - t0) / (t1 - t0))
    return curve


def cue_rows(data: bytes) -> list[tuple[int, str, int]]:
    """(second, text, duration) of each `[COURSE TEXT]` row, in any of the spaced layouts."""
    found = []
    for line in _section(data, "COURSE TEXT"):
        words = line.split()
        found.append((round(float(words[0])), " ".join(words[1:-1]), int(words[-1])))
    return found


def _ftp(data: bytes) -> int | None:
    for line in _section(data, "COURSE HEADER"):
        key, _, value = line.partition("=")
        if key.strip().upper() == "FTP":
            return int(value)
    return None


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_corpus_file_writes_back_the_same_curve(path: Path) -> None:
    original = path.read_bytes()
    written = write(read(original, path.name), path.suffix)
    before, after = one_second_curve(original), one_second_curve(written)
    assert len(after) == len(before)
    if path.suffix == ".mrc":
        tolerance = POWER_TOLERANCE * 100
    else:
        tolerance = POWER_TOLERANCE * (_ftp(original) or NOMINAL_FTP)
    assert max(abs(a - b) for a, b in zip(before, after, strict=True)) <= tolerance


@pytest.mark.parametrize("path", TEXT_ONLY, ids=lambda p: p.name)
def test_corpus_file_writes_back_the_same_cues(path: Path) -> None:
    original = path.read_bytes()
    written = write(read(original, path.name), path.suffix)
    assert cue_rows(written) == cue_rows(original)


def test_interval_names_in_the_datas_minutes_come_back_at_their_minute() -> None:
    """sportloop's sample times `[INTERVAL DATA]` in the minutes of its data rows."""
    path = CORPUS / "ergmrc" / "sportloop__Interval Data.mrc"
    original = path.read_bytes()
    rows = [line.split("\t") for line in _section(original, "INTERVAL DATA")]
    expected = [(round(float(start) * 60), name) for start, _end, name in rows]
    written = write(read(original, path.name), path.suffix)
    assert [(second, text) for second, text, _ in cue_rows(written)] == expected
    assert expected[1] == (300, "First Climb")


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_corpus_file_reads_back_from_its_own_output_byte_for_byte(path: Path) -> None:
    once = write(read(path.read_bytes(), path.name), path.suffix)
    assert write(read(once, path.name), path.suffix) == once


@pytest.mark.parametrize("path", GOLDEN_FILES, ids=lambda p: p.name)
def test_our_own_files_read_back_to_the_same_bytes(path: Path) -> None:
    data = path.read_bytes()
    assert write(read(data, path.name), path.suffix) == data


@pytest.mark.parametrize("case", UNREADABLE_CASES, ids=lambda p: p.name)
def test_unreadable_file_is_refused_with_a_located_diagnostic(case: Path) -> None:
    with pytest.raises(DiagnosticError) as caught:
        read(case.read_bytes(), case.name)
    rendered = "\n".join(d.render() for d in caught.value.diagnostics) + "\n"
    assert rendered == case.with_name(case.name + ".expected").read_text()


def test_every_unreadable_case_has_its_expected_output() -> None:
    expected = {p.name.removesuffix(".expected") for p in UNREADABLE.glob("*.expected")}
    assert expected == {p.name for p in UNREADABLE_CASES}
    assert len(UNREADABLE_CASES) >= 12


def test_a_file_larger_than_the_limit_is_refused_before_parsing() -> None:
    with pytest.raises(DiagnosticError, match="larger than"):
        read(b" " * (16 * 1024 * 1024 + 1), "huge.erg")


def _target(node: Node) -> Target:
    """The target of a step read from a file (never a reference)."""
    assert isinstance(node, Step) and isinstance(node.target, Target)
    return node.target


def _plain(node: Node) -> tuple[object, ...]:
    """A step as (seconds, kind, start, end) for short assertions."""
    assert isinstance(node, Step)
    target = _target(node)
    low, high = target.low, target.high
    return (
        node.duration,
        target.kind.value,
        low.value if low else None,
        high.value if high else None,
    )


HEADER = "[COURSE HEADER]\nFTP = 250\nMINUTES WATTS\n[END COURSE HEADER]\n"


def _read(text: str, path: str = "t.erg") -> Workout:
    return read(text.encode(), path)


def test_both_header_styles_and_every_line_end_read_the_same() -> None:
    tabbed = "[COURSE HEADER]\nVERSION = 2\nFTP = 250\nFILE NAME = Tempo.erg\nMINUTES WATTS\n"
    tabbed += "[END COURSE HEADER]\n[COURSE DATA]\n0.00\t150\n10.00\t150\n[END COURSE DATA]\n"
    spaced = tabbed.replace(" = ", "= ").replace("\t", "    ").replace("MINUTES ", "MINUTES  ")
    models = {
        _read(text.replace("\n", end)) for text in (tabbed, spaced) for end in ("\n", "\r\n", "\r")
    }
    assert len(models) == 1
    (workout,) = models
    assert workout.header.name == "Tempo"
    assert workout.header.ftp == 250
    assert [_plain(n) for n in workout.body] == [(600, "steady", 150.0, None)]


@pytest.mark.parametrize("word", ["PERCENT", "FTP", "percent"])
def test_mrc_units_read_as_percent(word: str) -> None:
    text = f"[COURSE HEADER]\nMINUTES {word}\n[END COURSE HEADER]\n"
    workout = _read(text + "[COURSE DATA]\n0\t60\n5\t60\n[END COURSE DATA]\n", "t.mrc")
    assert _target(workout.body[0]).unit is PowerUnit.PERCENT


def test_points_on_one_line_are_one_ramp_and_a_kink_starts_another() -> None:
    rows = "0\t100\n1\t120\n2\t140\n3\t160\n4\t170\n5\t180\n"
    workout = _read(HEADER + f"[COURSE DATA]\n{rows}[END COURSE DATA]\n")
    assert [_plain(n) for n in workout.body] == [
        (180, "ramp", 100.0, 160.0),
        (120, "ramp", 160.0, 180.0),
    ]


def test_a_level_change_at_a_fraction_of_a_second_moves_to_the_next_second() -> None:
    rows = "0\t100\n0.51\t100\n0.51\t200\n1\t200\n"
    workout = _read(HEADER + f"[COURSE DATA]\n{rows}[END COURSE DATA]\n")
    # 0.51 min is 30.6 s: seconds 0-30 are at 100 W and second 31 is at 200 W.
    assert [_plain(n) for n in workout.body] == [
        (31, "steady", 100.0, None),
        (29, "steady", 200.0, None),
    ]


def test_goldencheetah_lap_rows_split_steps_and_percent_values_use_the_ftp() -> None:
    rows = "0\t40%\n2\t40%\n2\tLAP\n4\t40%\n"
    workout = _read(HEADER + f"[COURSE DATA]\n{rows}[END COURSE DATA]\n")
    (repeat,) = workout.body
    assert isinstance(repeat, Repeat) and repeat.count == 2
    assert [_plain(n) for n in repeat.body] == [(120, "steady", 100.0, None)]


DATA = "[COURSE DATA]\n0\t50\n10\t50\n[END COURSE DATA]\n"
MRC_HEADER = "[COURSE HEADER]\nMINUTES PERCENT\n[END COURSE HEADER]\n"


def _cues(workout: Workout) -> list[tuple[object, str, object]]:
    (step,) = workout.body
    assert isinstance(step, Step)
    return [(c.offset, c.text, c.duration) for c in step.cues]


@pytest.mark.parametrize(
    "row",
    [
        "60\tStand up\t5",  # GoldenCheetah and ridec
        "60\t5\tStand up",  # TrainerRoad's older layout
        "60\tStand up\t5\t0\t0\t72\t16777215\t0",  # TrainerRoad's font columns
        "60 Stand up 5",  # spaces, as GoldenCheetah's pattern allows
        "60.2\t  Stand up  \t5",
    ],
)
def test_cue_layouts(row: str) -> None:
    text = MRC_HEADER + DATA + f"[COURSE TEXT]\n{row}\n[END COURSE TEXT]\n"
    assert _cues(_read(text, "t.mrc")) == [(60, "Stand up", 5)]


def test_a_cue_without_duration_is_kept_with_the_default() -> None:
    text = MRC_HEADER + DATA + "[COURSE TEXT]\n60\tStand up\n[END COURSE TEXT]\n"
    assert _cues(_read(text, "t.mrc")) == [(60, "Stand up", None)]


def test_a_cue_past_the_end_goes_to_the_last_second() -> None:
    text = MRC_HEADER + DATA + "[COURSE TEXT]\n9000\tWell done\t10\n[END COURSE TEXT]\n"
    assert _cues(_read(text, "t.mrc")) == [(599, "Well done", 10)]


def test_trainerroad_intervals_split_and_name_steps() -> None:
    intervals = "0\t600\tWorkout\n0\t300\tWarm up\n300\t600\tMain set\n"
    text = MRC_HEADER + DATA + f"[INTERVAL DATA]\n{intervals}[END INTERVAL DATA]\n"
    text += "[MODE DATA]\n[END MODE DATA]\n"
    workout = _read(text, "t.mrc")
    assert [(_plain(n), getattr(n, "label", None)) for n in workout.body] == [
        ((300, "steady", 50.0, None), "Warm up"),
        ((300, "steady", 50.0, None), "Main set"),
    ]


def test_trainerroad_intervals_in_the_datas_minutes_are_read_as_minutes() -> None:
    """Rows that fall on the data's minutes only when read as minutes are minutes."""
    data = "[COURSE DATA]\n0\t50\n5\t50\n5\t85\n20\t85\n[END COURSE DATA]\n"
    intervals = "0.00\t5.00\tWarm up\n5.00\t20.00\tClimb\n"
    text = MRC_HEADER + data + f"[INTERVAL DATA]\n{intervals}[END INTERVAL DATA]\n"
    workout = _read(text, "t.mrc")
    assert [(_plain(n), getattr(n, "label", None)) for n in workout.body] == [
        ((300, "steady", 50.0, None), "Warm up"),
        ((900, "steady", 85.0, None), "Climb"),
    ]


def test_the_writers_own_notes_become_cadence_range_free_and_max_again() -> None:
    rows = "[COURSE DATA]\n0\t125\n1\t125\n1\t125\n2\t125\n2\t138\n3\t138\n[END COURSE DATA]\n"
    texts = "0\tFree ride\t10\n0\tCadence 85-95 rpm\t10\n60\tSprint\t10\n60\tMax effort\t10\n"
    texts += "120\tPower 50-60%\t10\n120\tCadence 90 rpm\t10\n"
    workout = _read(HEADER + rows + f"[COURSE TEXT]\n{texts}[END COURSE TEXT]\n")
    steps = [n for n in workout.body if isinstance(n, Step)]
    assert [(_target(s).kind, s.cadence, s.label, s.cues) for s in steps] == [
        (TargetKind.FREE, Cadence(85, 95), None, ()),
        (TargetKind.MAX, None, "Sprint", ()),
        (TargetKind.RANGE, Cadence(90, 90), None, ()),
    ]
    assert steps[0].target == FREE and steps[1].target == MAX


def test_notes_that_do_not_match_the_step_stay_cues() -> None:
    # 150 W is not 50 % of 250 W, and a cadence note away from the start is a plain cue.
    rows = "[COURSE DATA]\n0\t150\n1\t150\n[END COURSE DATA]\n"
    texts = "0\tFree ride\t10\n30\tCadence 90 rpm\t10\n"
    workout = _read(HEADER + rows + f"[COURSE TEXT]\n{texts}[END COURSE TEXT]\n")
    (step,) = workout.body
    assert isinstance(step, Step)
    assert (_target(step).kind, step.cadence, step.label) == (TargetKind.STEADY, None, "Free ride")
    assert [c.text for c in step.cues] == ["Cadence 90 rpm"]


def test_a_latin1_file_reads() -> None:
    text = "[COURSE HEADER]\nDESCRIPTION = Caf\xe9\nMINUTES WATTS\n[END COURSE HEADER]\n" + DATA
    workout = read(text.encode("latin-1"), "cafe.erg")
    assert workout.header.description == "Caf\xe9"
    assert workout.header.name == "cafe"


@pytest.mark.parametrize("path", GOLDEN_FILES, ids=lambda p: p.name)
def test_our_own_files_read_without_warnings(path: Path) -> None:
    assert read_course(path.read_bytes(), path.name).diagnostics == ()


def test_what_the_reader_approximates_is_reported_where_it_is() -> None:
    text = (
        "[COURSE HEADER]\nVERSION 2\n[END COURSE HEADER]\nstray\n[COURSE DATA]\n0.5\t100\n"
        "1.01\t100\n[END COURSE DATA]\n[COURSE TEXT]\n900\tlate\t10\n[END COURSE TEXT]\n"
        "[FOO]\n[END FOO]\n"
    )
    found = read_course(text.encode("latin-1") + b"\xe9", "w.erg").diagnostics
    assert [d.render().splitlines()[0] for d in found] == [
        "w.erg: warning: the file is not UTF-8: read as Latin-1",
        "w.erg: warning: no `MINUTES ...` line: values read as watts",
        "w.erg:2:1: warning: ignored: not a `KEY = VALUE` line",
        "w.erg:4:1: warning: ignored: text outside every section",
        "w.erg:6:1: warning: the data starts after minute 0: its first value holds from 0",
        "w.erg:7:1: warning: a time between whole seconds: steps start and end on whole seconds",
        "w.erg:10:1: warning: a cue after the end of the course moves to its last second",
        "w.erg:12:1: warning: the [FOO] section is not read",
        "w.erg:14:1: warning: ignored: text outside every section",
    ]
