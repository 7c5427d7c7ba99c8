"""A small least-recently-used cache: the analyses a keystroke can reuse."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

_V = TypeVar("_V")

DEFAULT_SIZE = 256
"""Entries kept: every workout of a large library, a few versions each."""


class LruCache(Generic[_V]):
    """Values by key; the least recently used is dropped past `size` entries."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, _V] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, make: Callable[[], _V]) -> _V:
        """The value for `key`, made (and kept) on the first request."""
        if key in self._items:
            self.hits += 1
            self._items.move_to_end(key)
            return self._items[key]
        self.misses += 1
        value = make()
        self._items[key] = value
        if len(self._items) > self.size:
            self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget everything (a file changed on disk)."""
        self._items.clear()
