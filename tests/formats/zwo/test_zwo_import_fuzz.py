"""An imported ZWO never ends in "internal error": random files in Zwift's dialect, with odd
values and odd text, either import to `.ride` source or fail with a located diagnostic."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ridec.commands.importer import to_source
from ridec.diagnostics import DiagnosticError
from ridec.formats.normalize import normalize
from ridec.formats.zwo.dialect import ENTRIES
from ridec.formats.zwo.reader import read
from ridec.language import bind, parse
from ridec.timeline import lower

WORKOUT_ELEMENTS = sorted(
    {e.element for e in ENTRIES if e.place == "workout" and e.attribute is None} - {"*"}
)
ATTRIBUTES = sorted({e.attribute for e in ENTRIES if e.place == "workout" and e.attribute})
TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12)
NUMBER = st.sampled_from(["0", "1", "2", "7", "60", "0.5", ".5", "1.2", "300.5", "-1", "", "x"])


@st.composite
def element(draw: st.DrawFn, depth: int = 0) -> str:
    name = draw(st.sampled_from(WORKOUT_ELEMENTS))
    values = draw(st.dictionaries(st.sampled_from(ATTRIBUTES), NUMBER | TEXT, max_size=6))
    attributes = "".join(f" {key}={quoteattr(value)}" for key, value in values.items())
    children = "" if depth else "".join(draw(st.lists(element(depth + 1), max_size=2)))
    return f"<{name}{attributes}>{children}</{name}>"


@st.composite
def files(draw: st.DrawFn) -> bytes:
    tags = "".join(f"<tag name={quoteattr(tag)}/>" for tag in draw(st.lists(TEXT, max_size=3)))
    header = "".join(
        f"<{key}>{escape(draw(TEXT))}</{key}>" for key in ("name", "author", "description")
    )
    if draw(st.booleans()):
        header += f"<ftpOverride>{draw(NUMBER)}</ftpOverride>"
    body = "".join(draw(st.lists(element(), max_size=5)))
    text = f"<workout_file>{header}<tags>{tags}</tags><workout>{body}</workout></workout_file>"
    return text.encode()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files())
def test_an_import_succeeds_or_fails_with_a_located_diagnostic(data: bytes) -> None:
    try:
        workout, _ = normalize(read(data, "f.zwo"))
        source = to_source(workout, Path("f.zwo"))
    except DiagnosticError as exc:
        assert exc.diagnostics
        for diagnostic in exc.diagnostics:
            assert not diagnostic.message.startswith("f.zwo: internal error"), diagnostic.render()
        return
    assert source.startswith("name: ")
    # `to_source` checks the model, not the text: the text must still compile back the same.
    again = bind(parse(source, "f.ride"))
    assert lower(again).steps == lower(workout).steps


def test_a_workout_with_nothing_to_ride_is_an_error_not_an_internal_error() -> None:
    data = b"<workout_file><name>Rest</name><workout><RestDay/></workout></workout_file>"
    try:
        to_source(read(data, "rest.zwo"), Path("rest.zwo"))
    except DiagnosticError as exc:
        (diagnostic,) = exc.diagnostics
        assert diagnostic.render().startswith("ridec: error: rest.zwo: the workout has no steps")
    else:
        raise AssertionError("an empty workout must not import")
