"""What a number is when it is not a plain quantity, answered in one place for every stage.

"Apollo 11" and "Flight 1187" hold a number that is part of a name; "22-year-old" is an age,
not a duration; "a day" after "190,000 vehicles" is the period of a rate; "2019" is a year;
"3-2" before "win" is a score. The date and the quantity stages both ask ``NumberUses``, and
its cue words are data (``lexicon/number_cues.tsv``, the months of the lexicon, the time units).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Optional

from spacy.tokens import Span, Token

from pipeline.rules.macros import words_pattern
from pipeline.rules.resources import register_schema
from pipeline.rules.tsv import Column

from .lexicon import Lexicon
from .units import UnitTable

NUMBER_CUES = register_schema("lexicon/number_cues.tsv", Column("word"),
                              Column("role", choices=("age_after", "score_noun", "age_before", "age_owner", "age_in",
                                                      "pronoun")))
#: a year as news writes one
YEAR = re.compile(r"1[89]\d\d|20\d\d")
_AGE_IN_DIGITS = re.compile(r"\d{1,3}")
#: the most tokens an age phrase takes: "ninety - five years of age"
_AGE_PHRASE_TOKENS = 10


@dataclass(frozen=True)
class AgePhrase:
    """An age written with its unit: "22-year-old", "five years of age" (offsets of characters
    in the text asked, or of tokens in its document)."""

    value: float
    unit: str  # the time unit's name ("year")
    start: int
    end: int  # past the cue ("old", "of age")


@dataclass(frozen=True)
class Age:
    """An age the way news writes one, as tokens of its document: "aged 48", "Sheila Ambrose,
    68,", "in her 30s" (the years 30 to 39)."""

    start: int
    end: int
    value: float
    modifier: Optional[str] = None
    value_max: Optional[float] = None
    unit: str = "year"
    written_with_unit: bool = False  # "22-year-old" (an AgePhrase), not "aged 48"


class NumberUses:
    """The uses of numbers in one language."""

    def __init__(self, lexicon: Lexicon, units: UnitTable) -> None:
        """
        lexicon (Lexicon): the language's lexicon (its resources hold number_cues.tsv).
        units (UnitTable): the language's units (the time units make rates and ages).
        """
        self.lexicon = lexicon
        self.units = units
        rows = lexicon.resources.table(NUMBER_CUES)
        cues = {role: frozenset(r["word"] for r in rows if r["role"] == role)
                for role in ("age_after", "score_noun", "age_before", "age_owner", "age_in", "pronoun")}
        self.age_after = cues["age_after"]
        self.score_nouns = cues["score_noun"]
        self.age_before = cues["age_before"]
        self.age_owners = cues["age_owner"]
        self.age_in = cues["age_in"]
        #: number words that are pronouns unless they count a noun ("one of the largest")
        self.pronouns = cues["pronoun"]

    @cached_property
    def _rate(self) -> re.Pattern:
        periods = [w for u in self.units.units.values() if u.dimension == "time" and u.iso in {"TH", "D", "W", "M", "Y"}
                   and u.iso_times == 1 for w in u.surfaces]
        return re.compile(r"(?:a|an|per) " + words_pattern(periods))

    @cached_property
    def _age_phrase(self) -> re.Pattern:
        # the number, its time unit, and a cue: "22-year-old", "48 years old", "five years of age"
        cues = "|".join(r"(?:\s?-?\s?)" + re.escape(cue) + r"\b" if " " not in cue
                        else r"\s+" + r"\s+".join(map(re.escape, cue.split())) + r"\b"
                        for cue in sorted(self.age_after, key=lambda c: (-len(c), c)))
        return self.lexicon.macros.compile(rf"(?P<n>%num)\s?-?\s?(?P<unit>%time_unit)(?:{cues})",
                                           "lexicon/number_cues.tsv (age_after)", re.I)

    @cached_property
    def _decade_of_life(self) -> re.Pattern:
        return self.lexicon.macros.compile("%decade_of_life", "lexicon/macros.tsv")

    @cached_property
    def score(self) -> re.Pattern:
        """ "3-2 win", "5-4 vote": a score or tally, not a quantity."""
        return re.compile(r"\b\d+\s?[-\u2013]\s?\d+(?=\s+" + words_pattern(self.score_nouns) + r"\b)")

    @cached_property
    def _currency_signs(self) -> str:
        return "".join(sign for c in self.units.currencies.values() for sign in c.signs)

    def in_name(self, token: Token) -> bool:
        """A number right after a capitalised noun belongs to a name: "Apollo 11", "Flight 1187",
        "Windows 11"; not after a function word, an adverb ("Roughly 200") or a month ("May 3")."""
        if token.i == 0 or token.text[0] in self._currency_signs or not any(ch.isdigit() for ch in token.text):
            return False
        prev = token.nbor(-1)
        if not prev.whitespace_ or prev.is_stop or prev.is_punct or prev.like_num:
            return False
        if prev.pos_ not in {"PROPN", "NOUN", "X", ""}:
            return False  # "Roughly 200 people": an adverb, not a name
        if prev.lower_.rstrip(".") in self.lexicon.months:
            return False
        return any(ch.isupper() for ch in prev.text) and prev.text[0].isalpha()

    def age_phrase(self, text: str, start: int = 0) -> Optional[AgePhrase]:
        """The age written at `start` of `text` with its unit and a cue: "22-year-old", "a
        6-month-old", "48 years old", "five years of age", "two decades old"; else None."""
        m = self._age_phrase.match(text, start)
        if m is None:
            return None
        value = self.lexicon.parse_number(m.group("n"))
        unit = self.units.by_word.get(m.group("unit").lower())
        if value is None or unit is None:
            return None
        return AgePhrase(value, unit.name, m.start(), m.end())

    def age(self, token: Token) -> Optional[Age]:
        """The age a number token starts or is: "22-year-old", "five years of age" (an
        `age_phrase`), "aged 48", "Sheila Ambrose, 68, who ...", "a woman in her 30s"; else None."""
        doc, i = token.doc, token.i
        phrase = self._phrase_at(token)
        if phrase is not None:
            return Age(phrase.start, phrase.end, phrase.value, unit=phrase.unit, written_with_unit=True)
        if i > 0 and doc[i - 1].lower_ in self.age_before and token.like_num and not token.is_sent_start:
            value = self.lexicon.parse_number(token.text)
            if value is not None:
                return Age(i - 1, i + 1, value)
        if _AGE_IN_DIGITS.fullmatch(token.text) and 0 < int(token.text) < 120 and i >= 2 \
                and doc[i - 1].text == "," and doc[i - 2].ent_type_ == "PERSON" \
                and (i + 1 == len(doc) or doc[i + 1].text in {",", ".", ";", ")"}):
            return Age(i, i + 1, float(token.text))
        decade = self._decade_of_life.fullmatch(token.text)
        if decade and i >= 2 and doc[i - 1].lower_ in self.age_owners and doc[i - 2].lower_ in self.age_in:
            low = float(decade.group("decade")) * 10
            return Age(i, i + 1, low, "RANGE", low + 9)
        return None

    def _phrase_at(self, token: Token) -> Optional[AgePhrase]:
        """The age phrase that starts at `token`, in token offsets (a few tokens are read, not the
        whole text, so that asking costs the same in a long document)."""
        if not (token.like_num or token.lower_ in self.lexicon.numbers):
            return None
        doc = token.doc
        around = doc[token.i:min(len(doc), token.i + _AGE_PHRASE_TOKENS)]
        phrase = self.age_phrase(around.text)
        if phrase is None:
            return None
        span = around.char_span(phrase.start, phrase.end, alignment_mode="expand")
        if span is None:
            return None
        return AgePhrase(phrase.value, phrase.unit, span.start, span.end)

    def is_age(self, span: Span) -> bool:
        """A span of time that is an age: "22-year-old", "a 6-month-old", "48 years old",
        "five years of age", "her 30s" (the quantity stage reads it as one)."""
        for token in span:
            phrase = self._phrase_at(token)
            if phrase is not None and phrase.end >= span.end:
                return True
        return len(span) == 1 and self.age(span[0]) is not None

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
