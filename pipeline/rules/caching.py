"""Per-instance caches of pure methods that survive pickling (forked workers, Dask): a cache is
dropped when its object is pickled and built again, empty, when it is unpickled."""

from __future__ import annotations

from functools import lru_cache

#: entries each cache keeps: bounded, so that a long run's memory stays flat
CACHE_SIZE = 16384


class MethodCaches:
    """Give a class cached methods: ``CACHED = {"resolve": "_resolve"}`` makes `self.resolve` a
    bounded cache of `self._resolve`. Call `build_caches()` in `__init__`."""

    CACHED: dict[str, str] = {}

    def build_caches(self) -> None:
        """(Re)build every cache, empty."""
        for name, method in self.CACHED.items():
            setattr(self, name, lru_cache(maxsize=CACHE_SIZE)(getattr(self, method)))

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        for name in self.CACHED:
            state.pop(name, None)  # a cache: rebuilt on the other side
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.build_caches()
