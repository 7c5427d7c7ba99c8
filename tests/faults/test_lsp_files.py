"""The language server reads the files a plan names as the commands do: bounded, regular only.

Each server runs in a child under the memory cap of `bounded`. Before: a plan naming a FIFO
hung the server for ever (it read the pipe), one naming a link to /dev/zero read until the
memory ran out, and a request about a file the editor had not opened read it from the disk
with no bound at all.
"""

from __future__ import annotations

import os
from pathlib import Path

from tests.faults.lsp_client import RawClient

PLAN = 'name: P\nweeks: 1\n\nworkout "{name}"\n'


def plan_problems(tmp_path: Path, name: str) -> list[str]:
    """The messages the server publishes for a plan naming `name` (without their hints)."""
    plan = tmp_path / "p.plan"
    with RawClient(tmp_path) as client:
        client.initialize(tmp_path)
        client.open(plan, PLAN.format(name=name), "plan")
        found = client.diagnostics(plan)
        assert "Traceback" not in client.stderr, client.stderr
    return [str(d["message"]).partition("\nhint: ")[0] for d in found]


def test_a_plan_naming_a_fifo_is_answered_without_waiting_for_a_writer(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "f.ride")
    problems = plan_problems(tmp_path, "f.ride")
    assert problems == ["cannot read `f.ride`: it is a named pipe (FIFO), not a regular file"]


def test_a_plan_naming_a_link_to_dev_zero_is_refused_without_reading_it(tmp_path: Path) -> None:
    # A link out of the plan's folder is refused before it is opened, as `ridec check` does.
    (tmp_path / "z.ride").symlink_to("/dev/zero")
    problems = plan_problems(tmp_path, "z.ride")
    out = "it is a link out of the plan's folder (to /dev/zero)"
    assert problems == [f"cannot read `z.ride`: {out}"]


def test_a_plan_naming_a_huge_file_reads_no_more_than_the_input_limit(tmp_path: Path) -> None:
    with (tmp_path / "huge.ride").open("wb") as huge:
        huge.truncate(17 * 1024 * 1024)  # sparse: costs no disk
    problems = plan_problems(tmp_path, "huge.ride")
    assert problems == ["cannot read `huge.ride`: it is larger than 16 MiB, the most ridec reads"]


def test_the_hint_never_suggests_the_name_that_cannot_be_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "f.ride")
    plan = tmp_path / "p.plan"
    with RawClient(tmp_path) as client:
        client.initialize(tmp_path)
        client.open(plan, PLAN.format(name="f.ride"), "plan")
        (found,) = client.diagnostics(plan)
    assert str(found["message"]).endswith(
        "\nhint: ridec reads workout files; give the path of a regular file"
    )


def test_a_plan_naming_a_folder_says_so(tmp_path: Path) -> None:
    (tmp_path / "d.ride").mkdir()
    assert plan_problems(tmp_path, "d.ride") == [
        "cannot read `d.ride`: it is a folder, not a regular file"
    ]
