"""FIT's workout message holds a name, a sport and a description: a workout's author, tags
and category are not written, and the fidelity report says so (briefly and in full), while
a header without them loses nothing. Read back, the file has none of them: the oracle."""

from __future__ import annotations

from ridec import api
from ridec.formats.base import LossKind
from ridec.pipeline import Compiled

FULL = (
    "name: T\nauthor: Coach\ntags: tempo, sweet-spot\ncategory: Threshold\nftp: 250\n"
    "10m 88%\n"
)


def compiled(source: str) -> Compiled:
    [result] = api.compile(api.parse(source, "t.ride"), "fit")
    return result


def test_author_tags_and_category_are_reported_dropped() -> None:
    result = compiled(FULL)
    dropped = [
        (loss.kind, loss.feature, loss.topic, loss.text())
        for loss in result.fidelity.losses()
        if loss.topic == "metadata"
    ]
    assert dropped == [
        (LossKind.DROPPED, name, "metadata", f"{name} is dropped (the format cannot express it)")
        for name in ("author", "tags", "category")
    ]
    header = api.read(result.data, "t.fit").workout.header
    assert (header.author, header.tags, header.category) == (None, (), None)
    assert header.name == "T"


def test_a_header_without_them_loses_nothing() -> None:
    result = compiled("name: T\nftp: 250\n10m 88%\n")
    assert result.fidelity.losses() == []


def test_the_bytes_do_not_depend_on_what_is_dropped() -> None:
    bare = compiled("name: T\nftp: 250\n10m 88%\n")
    assert compiled(FULL).data == bare.data
