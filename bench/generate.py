"""A deterministic generator of synthetic coach libraries for benchmarks.

`generate(n, seed)` yields `(stem, source)` pairs of `.ride` text: 5-80 steps each, nested
repeats, ramps, ranges, zones, watts and %, cadence, flags, cues and activation blocks, so a
benchmark exercises every part of the compiler. The same seed always gives the same library.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from pathlib import Path

INTENSITIES = ("", "warmup ", "active ", "interval ", "recovery ", "rest ", "cooldown ")
FLAGS = ("standing", "seated", "upstroke", "downstroke")
WORDS = ("Hands", "Core", "Feet", "Smooth", "Breathe", "Cadence up", "Hold it", "Relax")


class _Library:
    """Builds one workout's lines; methods return how many timeline steps they add."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.lines: list[str] = []

    def duration(self) -> str:
        seconds = self.rng.choice((30, 45, 60, 90, 120, 180, 240, 300, 600))
        return f"{seconds // 60}m" if seconds % 60 == 0 else f"{seconds}s"

    def target(self) -> str:
        rng = self.rng
        kind = rng.randrange(7)
        low = rng.randrange(40, 110)
        if kind == 0:
            return f"{low}%->{low + rng.randrange(5, 40)}%"
        if kind == 1:
            return f"{low}-{low + rng.randrange(2, 15)}%"
        if kind == 2:
            return f"z{rng.randrange(1, 8)}"
        if kind == 3:
            return f"{rng.randrange(100, 400)}w"
        return f"{low}%"

    def step(self, indent: str, duration: str | None = None) -> int:
        rng = self.rng
        parts = [f"{rng.choice(INTENSITIES)}{duration or self.duration()}", self.target()]
        if rng.random() < 0.5:
            low = rng.randrange(50, 100)
            parts.append(f"{low}-{low + 10}rpm" if rng.random() < 0.5 else f"{low}rpm")
        if rng.random() < 0.3:
            parts.append(rng.choice(FLAGS))
        if rng.random() < 0.6:
            parts.append(f'"{rng.choice(WORDS)} {{i}}"' if "  " in indent else '"Step"')
        self.lines.append(indent + " ".join(parts))
        if rng.random() < 0.3:
            self.lines.append(f'{indent}  @0:10 "{rng.choice(WORDS)}"')
        return 1

    def block(self, indent: str, depth: int, budget: int) -> int:
        """A repeat of 2-4 iterations; returns how many steps it unrolls to (<= budget)."""
        rng = self.rng
        count = rng.randrange(2, 5)
        self.lines.append(f'{indent}repeat {count} "Set {{i}}/{{n}}":')
        inner, per_iteration = indent + "  ", 0
        for _ in range(rng.randrange(1, 4)):
            room = budget // count - per_iteration
            if room < 1 and per_iteration:
                break
            if depth < 2 and rng.random() < 0.3 and room >= 4:
                per_iteration += self.block(inner, depth + 1, room)
            else:
                per_iteration += self.step(inner)
        return count * per_iteration


def workout(index: int, rng: random.Random) -> str:
    """One synthetic `.ride` source."""
    lib = _Library(rng)
    lib.lines += [f"name: Synthetic {index:05d}", "author: bench"]
    lib.lines += [f"ftp: {rng.randrange(150, 350)}", "description: Generated for benchmarks."]
    if rng.random() < 0.5:
        lib.lines += ['activation "Before":', '  "Glute bridge" 15 reps', '  "Dead bug" 45s']
    target = rng.randrange(5, 81)
    lib.lines.append("warmup 10m 45%->70%")
    steps = 2
    while steps < target:
        if rng.random() < 0.35 and target - steps >= 2:
            steps += lib.block("", 0, target - steps)
        else:
            steps += lib.step("")
    lib.lines.append("cooldown 5m 60%->40%")
    return "\n".join(lib.lines) + "\n"


def generate(count: int, seed: int = 2026) -> Iterator[tuple[str, str]]:
    """`count` workouts as (file stem, source text), the same for the same seed."""
    rng = random.Random(seed)
    for index in range(count):
        yield f"synthetic-{index:05d}", workout(index, rng)


def write_library(folder: Path, count: int, seed: int = 2026) -> list[Path]:
    """Write a generated library of `.ride` files into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for stem, source in generate(count, seed):
        path = folder / f"{stem}.ride"
        path.write_text(source, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    """`python -m bench.generate N OUT [--seed S]`."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    write_library(args.folder, args.count, args.seed)


if __name__ == "__main__":
    main()
