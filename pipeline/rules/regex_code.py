"""Large regexes compiled once, at build time, and rebuilt from their code in every later process.

Python compiles a regex in two steps: it parses the pattern into the regex engine's code (in
Python: 0.5-0.8 s for quantulum3's unit regex, 150 KB of pattern with its 3,000 unit names eight
times over; 0.1 s for its pattern of numbers in words) and builds the matcher from that code (in
C: a few milliseconds). The code depends only on the pattern, its flags and the engine, so
``RegexCode`` keeps the code of the large patterns it compiled, saves it with the pipeline
(``to_bytes``), and after ``from_bytes`` builds the same matcher from it. A pattern it holds no
code for, code saved by another Python version or engine, or an engine without this two-step
interface, is compiled by ``re`` as usual: the result is always what ``re.compile`` gives.
"""

from __future__ import annotations

import hashlib
import re
import sys
from array import array
from typing import Any, Callable

import srsly

try:  # the engine's two steps (CPython 3.11 and later); without them, re.compile does both
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - another Python implementation
    _sre = None

#: what the saved code is valid for: Python's version and the regex engine's code format
ENGINE = f"{sys.version} {getattr(_sre, 'MAGIC', None)} {getattr(_sre, 'CODESIZE', None)}"
#: patterns shorter than this compile quickly enough: their code is not kept (quantulum3's pattern of
#: numbers in words, 4,780 characters, takes 0.1 s)
MIN_LENGTH = 4_000


def _key(pattern: str, flags: int) -> str:
    return hashlib.sha256(f"{flags}\0{pattern}".encode()).hexdigest()


class RegexCode:
    """Compiled regexes, with the engine code of the large ones, to save and reuse."""

    def __init__(self, min_length: int = MIN_LENGTH) -> None:
        """
        min_length (int): the shortest pattern whose code is kept.
        """
        self.min_length = min_length
        #: pattern key -> (flags, code as bytes, groups, group index); only for this ENGINE
        self.code: dict[str, tuple[int, bytes, int, dict[str, int]]] = {}
        #: what was read from a pattern's text by `derived`, by name and pattern key
        self.derived_values: dict[str, Any] = {}
        self.reused = 0  # matchers built from saved code, and values from saved ones (for tests)

    def compile(self, pattern: Any, flags: int = 0) -> re.Pattern:
        """`re.compile(pattern, flags)`, from saved code when there is some for it.

        pattern (Any): as for re.compile (a str, bytes or compiled pattern).
        flags (int): as for re.compile.
        RETURNS (re.Pattern): the compiled pattern, the same as re.compile's.
        """
        flags = int(flags)
        if _sre is None or not isinstance(pattern, str) or len(pattern) < self.min_length:
            return re.compile(pattern, flags)
        key = _key(pattern, flags)
        saved = self.code.get(key)
        if saved is not None:
            try:
                matcher = self._build(pattern, *saved)
                self.reused += 1
                return matcher
            except Exception:  # code the engine refuses: compile it afresh
                del self.code[key]
        try:
            parsed = _parser.parse(pattern, flags)
            code = _compiler._code(parsed, flags)
            entry = (flags | parsed.state.flags, array("I", code).tobytes(), parsed.state.groups,
                     dict(parsed.state.groupdict))
            matcher = self._build(pattern, *entry)
        except Exception:  # the engine's interface differs: let re do it
            return re.compile(pattern, flags)
        self.code[key] = entry
        return matcher

    def derived(self, name: str, pattern: re.Pattern, read: Callable[[re.Pattern], Any]) -> Any:
        """`read(pattern)`, a value read from the pattern's text alone (msgpack-able), kept and saved
        like its code: e.g. the prefixes a `PrefixScanner` reads from the parsed pattern."""
        key = f"{name} {_key(pattern.pattern, pattern.flags)}"
        if key in self.derived_values:
            self.reused += 1
        else:
            self.derived_values[key] = read(pattern)
        return self.derived_values[key]

    @staticmethod
    def _build(pattern: str, flags: int, code: bytes, groups: int, groupindex: dict[str, int]) -> re.Pattern:
        indexgroup: list = [None] * groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        return _sre.compile(pattern, flags, array("I", code).tolist(), groups - 1, groupindex, tuple(indexgroup))

    def to_bytes(self) -> bytes:
        """The code of the large patterns compiled so far, with the engine it is valid for."""
        return srsly.msgpack_dumps({"engine": ENGINE, "code": {key: list(entry) for key, entry in self.code.items()},
                                    "derived": self.derived_values})

    def from_bytes(self, data: bytes) -> "RegexCode":
        """Take the code saved by `to_bytes`, unless another engine wrote it."""
        try:
            saved = srsly.msgpack_loads(data)
            if saved.get("engine") == ENGINE:
                for key, (flags, code, groups, groupindex) in saved["code"].items():
                    self.code.setdefault(key, (flags, bytes(code), groups, dict(groupindex)))
                for key, value in saved.get("derived", {}).items():
                    self.derived_values.setdefault(key, value)
        except Exception:  # a damaged file costs a compile, nothing more
            pass
        return self


class ReWithCode:
    """The `re` module as another module sees it, with `compile` going through a `RegexCode`."""

    def __init__(self, regexes: RegexCode) -> None:
        self.regexes = regexes

    def compile(self, pattern: Any, flags: int = 0) -> re.Pattern:
        return self.regexes.compile(pattern, flags)

    def __getattr__(self, name: str) -> Any:
        return getattr(re, name)
