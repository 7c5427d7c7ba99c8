"""Streamed atomic output, for the files a build writes piece by piece (index, manifest).

Same guarantee as `ridec.fileio.write_atomic`, which takes the whole content at once: the
file is written under a temporary name beside its destination and renamed over it only when
complete, so a reader sees the old file or the new one, never a part.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

TEMP_SUFFIX = ".tmp"
"""Suffix of every temporary file (`write_atomic` uses the same `.<name>.<random>.tmp` form)."""


@contextlib.contextmanager
def atomic_text_writer(path: Path) -> Iterator[IO[str]]:
    """A UTF-8 text handle whose content replaces `path` when the block ends without error."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def is_temporary(name: str) -> bool:
    """Whether a file name is one of the temporary names atomic writes use."""
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


def sweep_temporaries(folder: Path) -> int:
    """Remove temporary files a killed build left under `folder`; how many were removed."""
    removed = 0
    for here, _dirs, files in os.walk(folder):
        for name in files:
            if is_temporary(name):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(os.path.join(here, name))
                    removed += 1
    return removed
