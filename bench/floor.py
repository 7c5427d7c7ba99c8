"""The floor of a library build: a plain Python script writing the same bytes to the same paths.

`pack` stores every file a build wrote in one payload file; `python bench/floor.py PAYLOAD
DEST` reads it and writes each file under DEST, folders made as needed: no parsing, no
checking, no hashing. What ridec build does beyond this is the cost of compiling. With
`--sync` it ends with `os.sync()`, as `ridec build` does.
Standard library only, so the script starts as fast as Python does.
"""

from __future__ import annotations

import os
import struct
import sys
from collections.abc import Iterator
from pathlib import Path

_LENGTHS = struct.Struct("<IQ")
"""Each record: path length, data length; then the UTF-8 path and the data."""


def pack(folder: Path, payload: Path) -> tuple[int, int]:
    """Store every file under `folder` into `payload`; (files, bytes of data) stored."""
    files = size = 0
    with payload.open("wb") as out:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            name = path.relative_to(folder).as_posix().encode("utf-8")
            data = path.read_bytes()
            out.write(_LENGTHS.pack(len(name), len(data)) + name)
            out.write(data)
            files += 1
            size += len(data)
    return files, size


def records(blob: bytes) -> Iterator[tuple[str, memoryview]]:
    """The (relative path, data) records of a payload."""
    view = memoryview(blob)
    offset = 0
    while offset < len(view):
        name_size, data_size = _LENGTHS.unpack_from(view, offset)
        offset += _LENGTHS.size
        name = bytes(view[offset : offset + name_size]).decode("utf-8")
        offset += name_size
        yield name, view[offset : offset + data_size]
        offset += data_size


def write_all(payload: Path, dest: Path) -> int:
    """Write every file of `payload` under `dest`; how many."""
    made: set[str] = set()
    count = 0
    for name, data in records(payload.read_bytes()):
        path = os.path.join(dest, name)
        folder = os.path.dirname(path)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        with open(path, "wb") as out:
            out.write(data)
        count += 1
    return count


def main() -> None:
    """`python bench/floor.py PAYLOAD DEST [--sync]`: `--sync` flushes to disk at the end."""
    payload, dest = sys.argv[1:3]
    write_all(Path(payload), Path(dest))
    if "--sync" in sys.argv[3:]:
        os.sync()


if __name__ == "__main__":
    main()
