"""ERG and MRC share one `[COURSE TEXT]` pass per timeline; each still gets its own report.

The second format of a timeline reuses the first one's text rows and replays the losses they
reported. Whatever order the formats are rendered in, each file and each fidelity report must
be exactly what a render of that format alone gives.
"""

from __future__ import annotations

import pytest
from bench.generate import generate

from ridec.formats.base import CompileOptions, Fidelity
from ridec.formats.ergmrc import writer as ergmrc_writer
from ridec.formats.ergmrc.writer import ErgWriter, MrcWriter
from ridec.language import bind, parse
from ridec.timeline import Timeline, lower

OPTIONS = CompileOptions()


def _alone(writer: ErgWriter | MrcWriter, timeline: Timeline) -> tuple[bytes, Fidelity]:
    ergmrc_writer._last_text = None  # nothing to share: the format rendered on its own
    report = Fidelity(writer.name)
    return writer.render(timeline, OPTIONS, report), report


def _timelines() -> list[Timeline]:
    sources = generate(25, seed=31)
    return [lower(bind(parse(text, f"{stem}.ride"), None), 230) for stem, text in sources]


@pytest.mark.parametrize("first", [ErgWriter(), MrcWriter()], ids=["erg-first", "mrc-first"])
def test_second_format_gets_its_own_bytes_and_losses(first: ErgWriter | MrcWriter) -> None:
    second = MrcWriter() if isinstance(first, ErgWriter) else ErgWriter()
    shared = 0
    for timeline in _timelines():
        expected, expected_report = _alone(second, timeline)
        first.render(timeline, OPTIONS, Fidelity(first.name))
        report = Fidelity(second.name)
        assert second.render(timeline, OPTIONS, report) == expected
        assert report.entries == expected_report.entries
        assert report.entries  # every generated workout reports something (cues, cadence)
        shared += ergmrc_writer._last_text is not None and ergmrc_writer._last_text[0] is timeline
    assert shared == 25


def test_another_timeline_is_never_given_the_last_ones_text() -> None:
    one, two = _timelines()[:2]
    expected, _ = _alone(MrcWriter(), two)
    ErgWriter().render(one, OPTIONS, Fidelity("erg"))
    assert MrcWriter().render(two, OPTIONS, Fidelity("mrc")) == expected
