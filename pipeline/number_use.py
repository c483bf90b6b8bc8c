"""What a number is when it is not a plain quantity, answered in one place for every stage.

"Apollo 11" and "Flight 1187" hold a number that is part of a name; "22-year-old" is an age,
not a duration; "a day" after "190,000 vehicles" is the period of a rate; "2019" is a year;
"3-2" before "win" is a score. The date and the quantity stages both ask ``NumberUses``, and
its cue words are data (``lexicon/number_cues.tsv``, the months of the lexicon, the time units).
"""

from __future__ import annotations

import re
from functools import cached_property

from spacy.tokens import Span, Token

from .lexicon import Lexicon, default_lexicon
from .resources import Column, register_schema, words_pattern
from .units import UnitTable, default_units

NUMBER_CUES = register_schema("lexicon/number_cues.tsv", Column("word"),
                              Column("role", choices=("age_after", "score_noun")))
#: a year as news writes one
YEAR = re.compile(r"1[89]\d\d|20\d\d")


class NumberUses:
    """The uses of numbers in one language."""

    def __init__(self, lexicon: Lexicon, units: UnitTable) -> None:
        """
        lexicon (Lexicon): the language's lexicon (its resources hold number_cues.tsv).
        units (UnitTable): the language's units (the time units make rates).
        """
        self.lexicon = lexicon
        self.units = units
        rows = lexicon.resources.table(NUMBER_CUES)
        self.age_after = frozenset(r["word"] for r in rows if r["role"] == "age_after")
        self.score_nouns = frozenset(r["word"] for r in rows if r["role"] == "score_noun")

    @cached_property
    def _rate(self) -> re.Pattern:
        periods = [w for u in self.units.units.values() if u.dimension == "time" and u.iso in {"TH", "D", "W", "M", "Y"}
                   and u.iso_times == 1 for w in u.surfaces]
        return re.compile(r"(?:a|an|per) " + words_pattern(periods))

    @cached_property
    def score(self) -> re.Pattern:
        """ "3-2 win", "5-4 vote": a score or tally, not a quantity."""
        return re.compile(r"\b\d+\s?[-\u2013]\s?\d+(?=\s+" + words_pattern(self.score_nouns) + r"\b)")

    def in_name(self, token: Token) -> bool:
        """A number right after a capitalised noun belongs to a name: "Apollo 11", "Flight 1187",
        "Windows 11"; not after a function word, an adverb ("Roughly 200") or a month ("May 3")."""
        if token.i == 0 or token.text[0] in "$€£¥" or not any(ch.isdigit() for ch in token.text):
            return False
        prev = token.nbor(-1)
        if not prev.whitespace_ or prev.is_stop or prev.is_punct or prev.like_num:
            return False
        if prev.pos_ not in {"PROPN", "NOUN", "X", ""}:
            return False  # "Roughly 200 people": an adverb, not a name
        if prev.lower_.rstrip(".") in self.lexicon.months:
            return False
        return any(ch.isupper() for ch in prev.text) and prev.text[0].isalpha()

    def is_age(self, span: Span) -> bool:
        """A span of time that is an age: "22-year-old", "a 6-month-old", "48 years old",
        "five years of age" (the quantity stage reads it as one)."""
        doc = span.doc
        after = doc[span.end:span.end + 2]
        if span[-1].lower_ in self.age_after or (len(after) and after[0].lower_ in self.age_after):
            return True
        return len(after) == 2 and ((after[0].text == "-" and after[1].lower_ in self.age_after)
                                    or f"{after[0].lower_} {after[1].lower_}" in self.age_after)

    def is_rate(self, span: Span) -> bool:
        """ "a day" after an amount is the period of a rate: "190,000 vehicles a day", "£1,000 a year"."""
        if not self._rate.fullmatch(span.text.lower()) or span.start == 0:
            return False
        before = span.doc[span.start - 1]
        return before.pos_ in {"NOUN", "PROPN", "NUM", "SYM"} or before.like_num

    @staticmethod
    def is_year(text: str) -> bool:
        """ "2019": a number news writes as a year."""
        return bool(YEAR.fullmatch(text))


def default_uses() -> NumberUses:
    """The installed language's number uses, built once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = NumberUses(default_lexicon(), default_units())
    return _DEFAULT


_DEFAULT: "NumberUses | None" = None
