"""Where the tests find the project's files and the shared corpus beside the repository."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
WORKOUTS = ROOT / "workouts"
SCHEMAS = ROOT / "schemas"
