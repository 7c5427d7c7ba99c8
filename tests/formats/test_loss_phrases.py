"""The one-line loss summaries read as English in the singular and the plural."""

from __future__ import annotations

import pytest

from ridec.formats.losses import Counted, summary, topic


@pytest.mark.parametrize(
    ("name", "count", "phrase"),
    [
        ("cadence-cue", 1, "1 cadence as a cue"),
        ("cadence-cue", 3, "3 cadences as cues"),
        ("lap-fixed", 1, "1 lap-button step as a fixed 300 s step"),
        ("lap-fixed", 2, "2 lap-button steps as fixed 300 s steps"),
        ("ramp-steps", 1, "1 ramp as short steady steps"),
    ],
)
def test_counted_phrases_agree_with_their_count(name: str, count: int, phrase: str) -> None:
    assert Counted(topic(name), count, ()).phrase() == phrase


def test_listed_topics_name_their_features_and_warnings_come_first() -> None:
    metadata = Counted(topic("metadata"), 2, ("author", "tags"))
    lap = Counted(topic("lap-fixed"), 1, ())
    expected = "1 lap-button step as a fixed 300 s step; author, tags dropped"
    assert summary([metadata, lap]) == expected
