"""`--dask local[:N]`, the README's recipe on a LocalCluster, and what `--dask` says when it
cannot run: dask not installed, a scheduler nobody answers at, a malformed value."""

from __future__ import annotations

import contextlib
import io
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from distributed import Client, get_task_stream

import ridec
from ridec.library.dask_runner import local_cluster
from tests.paths import ROOT, WORKOUTS

README = ROOT / "README.md"
PRIVATE = ".ridec/stamps.json"


def _ridec(*args: str, before: str = "") -> subprocess.CompletedProcess[str]:
    code = f"{before}\nfrom ridec.cli import main\nmain()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, check=False
    )


def _files(dist: Path) -> dict[str, bytes]:
    return {
        path.relative_to(dist).as_posix(): path.read_bytes()
        for path in sorted(dist.rglob("*"))
        if path.is_file() and path.relative_to(dist).as_posix() != PRIVATE
    }


def test_a_local_cluster_builds_what_a_local_build_does(tmp_path: Path) -> None:
    on_cluster, local = tmp_path / "cluster", tmp_path / "local"
    done = _ridec("build", str(WORKOUTS), "-o", str(on_cluster), "-q", "--dask", "local:2")
    assert done.returncode == 0, done.stderr
    assert _ridec("build", str(WORKOUTS), "-o", str(local), "-q", "-j", "2").returncode == 0
    ours, theirs = _files(on_cluster), _files(local)
    manifest = ours.pop("manifest.json").decode("utf-8")
    expected = theirs.pop("manifest.json").decode("utf-8")
    assert ours == theirs
    where = '  "runner": {"kind": "dask", "scheduler": "local", "workers": 2},\n'
    assert where in manifest
    here = '  "runner": {"kind": "process-pool", "jobs": 2},\n'
    assert manifest.replace(where, here) == expected


def readme_recipe() -> str:
    """The Python block of the README's "At scale" section."""
    section = README.read_text(encoding="utf-8").split("\n## At scale\n", 1)[1]
    found = re.search(r"```python\n(.*?)```", section.split("\n## ", 1)[0], re.DOTALL)
    assert found, "the README has no Python recipe under 'At scale'"
    return found.group(1)


def test_the_readme_recipe_runs_on_a_local_cluster(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the recipe names workouts/standing.ride
    namespace: dict[str, object] = {"__name__": "recipe"}
    with (
        local_cluster(2) as cluster,
        Client(cluster) as client,  # the default client, as the platform's would be
        get_task_stream(client) as stream,
        contextlib.redirect_stdout(io.StringIO()) as out,
    ):
        exec(compile(readme_recipe(), str(README), "exec"), namespace)
    assert out.getvalue() == ""
    assert any("personalise" in str(task["key"]) for task in stream.data)  # on the workers
    files = namespace["files"]
    assert isinstance(files, dict) and sorted(files) == ["ana", "ben", "chloe"]
    workout = ridec.parse_file(WORKOUTS / "standing.ride")
    for name, ftp in (("ana", 250), ("ben", 310), ("chloe", 195)):
        outputs = ridec.compile(ridec.bind(workout, ftp=ftp), ["erg", "fit"])
        assert files[name] == {output.format: output.data for output in outputs}
    assert files["ana"]["erg"] != files["ben"]["erg"]


def test_without_dask_installed_dask_is_an_error_naming_the_extra(tmp_path: Path) -> None:
    hide = "import sys; sys.modules['distributed'] = None  # as if not installed"
    dist = tmp_path / "dist"
    done = _ridec("build", str(WORKOUTS), "-o", str(dist), "--dask", "local:2", before=hide)
    assert done.returncode == 1
    assert done.stderr.startswith("ridec: error: --dask needs the packages dask and distributed")
    assert "  hint: install them with pip install 'ridec[dask]'" in done.stderr
    assert "Traceback" not in done.stderr
    assert not dist.exists()


def _closed_port() -> int:
    """A port of 127.0.0.1 nothing listens on (just released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_a_scheduler_that_does_not_answer_is_an_error_naming_it(tmp_path: Path) -> None:
    address = f"tcp://127.0.0.1:{_closed_port()}"
    dist = tmp_path / "dist"
    args = ("build", str(WORKOUTS), "-o", str(dist), "--dask", address, "--dask-timeout", "1")
    done = _ridec(*args)
    assert done.returncode == 1
    assert done.stderr.startswith(
        f"ridec: error: cannot reach the Dask scheduler at {address} within 1 s ("
    )
    assert "hint: check the address, and that `dask scheduler` runs there" in done.stderr
    assert "Traceback" not in done.stderr
    assert not dist.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--dask", "nowhere"], "--dask nowhere: expected a scheduler address (tcp://host:port)"),
        (["--dask", "local:0"], "--dask local:0: a local cluster has 1 to 256 workers"),
        (["--dask", "local", "-j", "2"], "-j sets local worker processes and --dask runs on a"),
    ],
)
def test_a_malformed_dask_option_is_a_usage_error(
    tmp_path: Path, args: list[str], message: str
) -> None:
    done = _ridec("build", str(WORKOUTS), "-o", str(tmp_path / "d"), *args)
    assert done.returncode == 2
    assert done.stderr.startswith(f"ridec: error: {message}")
    assert not (tmp_path / "d").exists()
