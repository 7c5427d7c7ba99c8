"""What the figures were measured on: machine, load, Python and library versions, commit.

The load average is taken before and after: the machine may be shared, and a figure taken
under load is slower than the same code on an idle machine (ratios suffer less, since both
sides of each ratio run alternately).
"""

from __future__ import annotations

import dataclasses
import os
import platform
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

PACKAGES = (
    "ridec",
    "lxml",
    "typer",
    "pydantic",
    "rich",
    "python-fitparse",
    "fit-tool",
    "dask",
    "distributed",
)
"""Installed versions reported ("not installed" for an optional one that is absent)."""
ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True, slots=True)
class Environment:
    """Facts about the machine and the software, gathered when the run starts."""

    machine: str
    cpu: str
    cores: str
    memory: str
    python: str
    versions: tuple[tuple[str, str], ...]
    commit: str
    load_before: str
    load_after: str = "-"
    """Set by `finished()` when the run ends."""

    def rows(self) -> list[tuple[str, str]]:
        """(name, value) pairs for the report."""
        rows = [
            ("machine", self.machine),
            ("CPU", self.cpu),
            ("cores", self.cores),
            ("memory", self.memory),
            ("load average (1, 5, 15 min)", self._load()),
            ("Python", self.python),
        ]
        rows += list(self.versions)
        rows.append(("commit", self.commit))
        return rows

    def _load(self) -> str:
        return f"{self.load_before} at the start, {self.load_after} at the end"

    def finished(self) -> Environment:
        """The same, with the load at the end of the run."""
        return dataclasses.replace(self, load_after=load_average())


def gather() -> Environment:
    """The environment now."""
    return Environment(
        machine=f"{platform.system()} {platform.release()} {platform.machine()}",
        cpu=_cpu_model(),
        cores=_cores(),
        memory=_memory(),
        python=f"{platform.python_implementation()} {platform.python_version()}",
        versions=tuple((name, _version(name)) for name in PACKAGES),
        commit=_commit(),
        load_before=load_average(),
    )


def load_average() -> str:
    """The 1, 5 and 15 minute load averages."""
    if not hasattr(os, "getloadavg"):
        return "-"
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "-"


def _cores() -> str:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return f"{os.cpu_count()} ({usable} usable by this process)"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "-"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _commit() -> str:
    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "-"
    return head
