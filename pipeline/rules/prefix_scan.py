"""A large alternation searched only where one of its alternatives can start.

The date stage looks for what NER misses with one pattern of 32 alternatives (1,300 branches once
its macros are expanded), searched at every word start of the text: most of its time went there.
Few word starts can begin a match ("the", "la", "2", "Q" ... can; "officials" cannot), and the
first characters every match must start with can be read from the pattern itself.
``PrefixScanner`` reads them once (up to five characters, from the parsed pattern) and tries
the pattern only where the text starts with one of them; everywhere else no match can start,
so it finds exactly what ``pattern.finditer`` finds.
"""

from __future__ import annotations

import re
from typing import Iterator, Optional

from .regex_code import RegexCode

try:
    from re import _constants as _sre_constants
    from re import _parser
except ImportError:  # pragma: no cover - another Python: no gate, the pattern is searched as usual
    _parser = None

#: how many first characters the gate reads
DEPTH = 5
#: more prefixes than this and the gate reads one character fewer
MAX_PREFIXES = 20_000
#: a class of more characters than this ends a prefix unless it is the first ("2", not "2024" ... "2029")
WIDE_CLASS = 3
#: marks a prefix that reads no further
_END = "\0"
_WORD_START = re.compile(r"(?<!\w)")
_DIGITS = frozenset("0123456789")
_SPACES = frozenset(" \t\n\r\f\v")


class _Open(Exception):
    """A part of the pattern that may start with any character: no gate."""


class _TooMany(Exception):
    """More prefixes than MAX_PREFIXES: read fewer characters."""


def _chars(node_op, value) -> frozenset[str]:
    """The lowercase ASCII characters one LITERAL or IN node matches; _Open if it may match others."""
    c = _sre_constants
    if node_op is c.LITERAL:
        char = chr(value)
        if not char.isascii():
            raise _Open  # under IGNORECASE a non-ASCII letter may match an ASCII one ("ſ", "s")
        return frozenset({char.lower()})
    if node_op is c.IN:
        found: set[str] = set()
        for op, arg in value:
            if op is c.LITERAL:
                found |= _chars(op, arg)
            elif op is c.RANGE:
                low, high = arg
                if high > 127:
                    raise _Open
                found |= {chr(i).lower() for i in range(low, high + 1)}
            elif op is c.CATEGORY and arg is c.CATEGORY_DIGIT:
                found |= _DIGITS
            elif op is c.CATEGORY and arg is c.CATEGORY_SPACE:
                found |= _SPACES
            else:
                raise _Open  # negated classes, \w, \S ...
        return frozenset(found)
    raise _Open


def _prefixes(items: list, starts: set[str], depth: int) -> set[str]:
    """The prefixes (at most `depth` long) of what `items`, a parsed sequence, matches after each
    of `starts`; a prefix shorter than `depth` ends a match or meets what the gate does not read."""
    c = _sre_constants
    current = set(starts)
    for op, value in items:
        growing = {s for s in current if len(s) < depth and not s.endswith(_END)}
        if not growing:
            break
        done = current - growing
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue  # zero width: "\b", lookarounds
        if op in (c.LITERAL, c.IN):
            chars = _chars(op, value)
            wide = len(chars) > WIDE_CLASS
            current = done | {s + _END if wide and s else s + ch for s in growing for ch in chars}
        elif op is c.SUBPATTERN:
            current = done | _prefixes(list(value[-1]), growing, depth)
        elif op is c.BRANCH:
            current = done.union(*(_prefixes(list(alt), growing, depth) for alt in value[1]))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            low, high, item = value
            reached, step = set(growing) if low == 0 else set(), set(growing)
            for count in range(1, min(high, depth) + 1):
                step = _prefixes(list(item), step, depth)
                if count >= low:
                    reached |= step
                if all(len(s) >= depth or s.endswith(_END) for s in step):
                    break
            # what more repeats would add starts with these (or they are shorter than need be)
            current = done | reached | step
        elif op is getattr(c, "ATOMIC_GROUP", None):
            current = done | _prefixes(list(value), growing, depth)
        else:
            raise _Open  # back-references, conditionals, ANY ...
        if len(current) > MAX_PREFIXES:
            raise _TooMany
    return current


def first_characters(pattern: re.Pattern, depth: int = DEPTH) -> Optional[dict[int, frozenset[str]]]:
    """The lowercase prefixes every match of `pattern` starts with, by length; None when some
    alternative may start with any character (then every position must be tried).

    pattern (re.Pattern): a compiled pattern (its flags are read; case is ignored either way).
    depth (int): the longest prefix read.
    RETURNS (Optional[dict[int, frozenset[str]]]): length -> prefixes of that length.
    """
    if _parser is None:
        return None
    try:
        items = list(_parser.parse(pattern.pattern, pattern.flags))
    except Exception:  # a parser that differs: no gate
        return None
    for reach in range(depth, 0, -1):
        try:
            found = _prefixes(items, {""}, reach)
        except _TooMany:
            continue
        except (_Open, RecursionError):
            return None
        except Exception:  # a parse tree that differs: no gate
            return None
        found = {prefix.rstrip(_END) for prefix in found}
        if "" in found:
            return None  # an alternative that may match nothing, or starts with what is not read
        # a prefix that starts with a shorter one adds nothing ("5pm" where "5" is one)
        found = {prefix for prefix in found if not any(prefix[:k] in found for k in range(1, len(prefix)))}
        by_length: dict[int, set[str]] = {}
        for prefix in found:
            by_length.setdefault(len(prefix), set()).add(prefix)
        return {length: frozenset(found) for length, found in sorted(by_length.items())}
    return None


def trie_pattern(words: list[str]) -> str:
    """One regex for a set of strings, sharing their prefixes ("ja", "jb" -> "j[ab]"); where one
    string begins another, the longer is tried first."""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        ends = "" in node
        children = [(char, child) for char, child in sorted(node.items()) if char]
        if not children:
            return ""
        if all(set(child) == {""} for _, child in children):
            body = re.escape(children[0][0]) if len(children) == 1 else \
                "[" + "".join(re.escape(char) for char, _ in children) + "]"
        else:
            body = "(?:" + "|".join(re.escape(char) + pattern(child) for char, child in children) + ")"
        return f"(?:{body})?" if ends else body

    return pattern(tree)


class PrefixScanner:
    """`pattern.finditer(text)`, with the pattern tried only where a match can start."""

    def __init__(self, pattern: re.Pattern, regexes: Optional[RegexCode] = None) -> None:
        """
        pattern (re.Pattern): the pattern to search, e.g. the date stage's candidate pattern.
        regexes (Optional[RegexCode]): where the prefixes and the gate's code are kept and saved
            (reading them from the pattern takes 0.1 s for the date stage's).
        """
        regexes = regexes or RegexCode()
        self.pattern = pattern
        found = regexes.derived("prefixes", pattern, lambda p: {str(n): sorted(s) for n, s in
                                                                (first_characters(p) or {}).items()})
        self.prefixes = {int(n): frozenset(s) for n, s in found.items()} or None
        #: where a match may start: where the text starts with one of the prefixes (ignoring case),
        #: or has a non-ASCII character among as many first characters (which the prefixes do not
        #: read); after a non-word character if the pattern says so
        self.starts: Optional[re.Pattern] = None
        if self.prefixes is not None:
            prefixes = sorted(p for found in self.prefixes.values() for p in found)
            depth = max(self.prefixes)
            before = _WORD_START.pattern if pattern.pattern.startswith(_WORD_START.pattern) else ""
            self.starts = regexes.compile(f"{before}(?={trie_pattern(prefixes)}|.{{0,{depth - 1}}}[^\\x00-\\x7f])",
                                          re.IGNORECASE | re.DOTALL)

    def finditer(self, text: str) -> Iterator[re.Match]:
        """The matches `pattern.finditer(text)` gives, in order.

        text (str): the text to search.
        YIELDS (re.Match): each match.
        """
        if self.starts is None:
            yield from self.pattern.finditer(text)
            return
        match = self.pattern.match
        after = 0  # matches do not overlap: the next starts at or after the last one's end
        for start in self.starts.finditer(text):
            position = start.start()
            if position < after:
                continue
            found = match(text, position)
            if found is not None:
                yield found
                after = found.end()  # never empty: a pattern that may match nothing has no gate
