"""Macros: named pieces of regular expression ("%month", "%num") shared by the stages' patterns, as
HeidelTime's repattern files: defined in `macros.tsv` files from other macros or from the words of
a table, expanded into the patterns that use them."""

from __future__ import annotations

import re
from typing import Callable, Iterable, Optional

from .prefix_scan import trie_pattern
from .resources import Resources, register_schema
from .tsv import Column, ResourceError

_MACRO = re.compile(r"%([a-z][a-z0-9_]*)")


def words_pattern(words: Iterable[str]) -> str:
    """A regular expression for any of `words`, where the longest one that fits wins.

    Written as a trie ("seven", "seventeen", "seventy" -> "seven(?:t(?:een|y))?"), which the regex
    engine tries in a few steps where an alternation of every word is tried word by word at each
    position: the same matches, in the same order of preference (at one position the words that
    fit are prefixes of each other, and both forms prefer the longest). Where two words differ
    only in case along a shared beginning ("Ab", "abc"), a pattern searched ignoring case could
    prefer otherwise, so such lists stay an alternation, longest first.
    """
    unique = sorted(set(words), key=lambda w: (-len(w), w))
    if _case_apart(unique):
        return "(?:" + "|".join(re.escape(word) for word in unique) + ")"
    return "(?:" + trie_pattern(unique) + ")"


def _case_apart(words: list[str]) -> bool:
    """Whether two of `words` begin with the same letters written in different case."""
    seen: dict[str, str] = {}
    for word in words:
        for end in range(1, len(word) + 1):
            prefix = word[:end]
            if seen.setdefault(prefix.lower(), prefix) != prefix:
                return True
    return False


class Macros:
    """Named pieces of regular expression ("%month", "%num"), defined from other macros and
    from word lists, and expanded into the patterns that use them (as HeidelTime's repattern)."""

    def __init__(self, definitions: Optional[dict[str, tuple[str, str]]] = None) -> None:
        """
        definitions (dict): name -> (regular expression, where it was defined).
        """
        self.definitions: dict[str, tuple[str, str]] = dict(definitions or {})
        self._expanded: dict[str, str] = {}

    def define(self, name: str, pattern: str, where: str) -> None:
        if name in self.definitions:
            raise ResourceError(f"{where}: macro %{name} is already defined at {self.definitions[name][1]}")
        self.definitions[name] = (pattern, where)
        self._expanded.clear()

    def define_words(self, name: str, words: Iterable[str], where: str) -> None:
        self.define(name, words_pattern(words), where)

    def expand(self, pattern: str, where: str = "", _seen: tuple[str, ...] = ()) -> str:
        """`pattern` with every %name replaced by its definition (a literal % is written \\%).

        RAISES ResourceError: for an unknown or circular macro, naming `where`.
        """
        def replace(match: re.Match) -> str:
            name = match.group(1)
            if name in _seen:
                raise ResourceError(f"{where}: macro %{name} refers to itself")
            if name not in self.definitions:
                raise ResourceError(f"{where}: unknown macro %{name}; define it in a macros.tsv")
            if name not in self._expanded:
                body, origin = self.definitions[name]
                self._expanded[name] = "(?:" + self.expand(body, origin, _seen + (name,)) + ")"
            return self._expanded[name]

        return re.sub(r"(?<!\\)" + _MACRO.pattern, replace, pattern).replace("\\%", "%")

    def compile(self, pattern: str, where: str, flags: int = 0,
                compiler: Callable[[str, int], re.Pattern] = re.compile) -> re.Pattern:
        """Expand and compile `pattern` (with `compiler`, e.g. a `RegexCode`'s);
        RAISES ResourceError naming `where` when it is invalid."""
        expanded = self.expand(pattern, where)
        try:
            return compiler(expanded, flags)
        except re.error as err:
            raise ResourceError(f"{where}: invalid pattern ({err}): {pattern}") from None


def _macro_schema(name: str) -> str:
    return register_schema(name, Column("name"), Column("kind", choices=("words", "regex")), Column("definition"))


#: the macro files, in the order they are read: shared first, then each stage's
MACRO_FILES = tuple(_macro_schema(f"{folder}/macros.tsv") for folder in ("lexicon", "dates", "quantities", "entities"))


_CONDITION = re.compile(r"(?P<column>\w+)(?P<op>!?=)(?P<value>.*)")


def table_words(resources: Resources, spec: str, where: str = "") -> list[str]:
    """The words a "words" macro stands for: `spec` is TABLE[.COLUMN[,COLUMN...]] [CONDITION ...],
    each condition COLUMN=VALUE or COLUMN!=VALUE on the cell as written (an empty VALUE: an empty
    cell), e.g. "lexicon/months kind=name", "lexicon/modifiers duration!= duration!=-",
    "units/units.surfaces,plurals dimension=length"."""
    source, *conditions = spec.split()
    table, _, column_list = source.partition(".")
    tests = []
    for condition in conditions:
        m = _CONDITION.fullmatch(condition)
        if m is None:
            raise ResourceError(f"{where}: a condition is COLUMN=VALUE or COLUMN!=VALUE, not {condition!r}")
        tests.append((m.group("column"), m.group("op") == "=", m.group("value")))
    rows = resources.table(f"{table}.tsv")
    if not rows:
        return []
    columns = column_list.split(",") if column_list else [next(iter(rows[0].values))]
    unknown = [name for name in columns + [c for c, _, _ in tests] if name not in rows[0].values]
    if unknown:
        raise ResourceError(f"{where}: {table}.tsv has no column {unknown[0]!r}")
    words = []
    for row in rows:
        if not all((row.raw.get(name, "") == value) == equal for name, equal, value in tests):
            continue
        for column in columns:
            value = row.get(column)
            if isinstance(value, tuple):
                words.extend(value)
            elif value is not None:
                words.append(str(value))
    return words


def load_macros(resources: Resources, folders: Iterable[str] = ("lexicon",)) -> Macros:
    """The macros of the `folders`' macros.tsv files (shared lexicon first)."""
    macros = Macros()
    for name in (f"{folder}/macros.tsv" for folder in folders):
        if name not in resources.files:
            continue
        for row in resources.table(name):
            if row["kind"] == "words":  # "TABLE ... + TABLE ...": the words of both
                words = [word for spec in row["definition"].split(" + ")
                         for word in table_words(resources, spec, row.where)]
                macros.define_words(row["name"], words, row.where)
            else:
                macros.define(row["name"], row["definition"], row.where)
    return macros
