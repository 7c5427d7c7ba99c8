"""Where the tests find the project's files and the fixtures the repository carries.

`tests/corpus/` holds real files from public projects whose licences allow redistribution
and our own files in the dialects of those that do not; `tests/corpus/SOURCES.md` says where
each comes from and why it is there. Nothing outside the repository is read.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
WORKOUTS = ROOT / "workouts"
SCHEMAS = ROOT / "schemas"

EDGE810 = CORPUS / "fit" / "polyvertex__Edge810-Vector-2013-08-16-15-35-10.fit"
"""A real ride: Garmin Edge 810 with Garmin Vector pedals (power, cadence, left/right balance)."""
