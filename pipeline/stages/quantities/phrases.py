"""The readers of the phrase patterns (``quantities/phrases.tsv``): quantities written as phrases
that quantulum3 misreads. A pattern finds the phrase and names its reader; the reader turns the
match into a ``Quantity`` (or None when the match is not one after all: "one in 2019").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Optional, Protocol

from pipeline.core.kinds import QUANTITY

from .quantity import Quantity, round_value

if TYPE_CHECKING:
    from pipeline.language.lexicon import Lexicon
    from pipeline.language.number_use import NumberUses
    from pipeline.language.units import UnitTable

#: the dimension of the ages the age readers make (their unit is the phrase's, "year")
AGE = "age"
#: the oldest age a phrase may give
OLDEST = 120


class Tables(Protocol):
    """What a reader reads of the quantity grammar (`grammar.QuantityGrammar`): its lexicon, unit
    table, number uses, cue words, vague amounts and currencies, its named patterns, and how it
    reads the unit after an amount and what a rate is per."""

    lexicon: "Lexicon"
    units: "UnitTable"
    uses: "NumberUses"
    cues: dict[str, frozenset[str]]
    vague_amounts: dict
    currencies: Any
    unit_not_per: frozenset[str]
    unit_word: re.Pattern

    def pattern(self, name: str) -> re.Pattern: ...

    def per_unit(self, m: re.Match) -> str: ...


@dataclass(frozen=True)
class Phrase:
    """One phrase pattern: where a quantity written as a phrase is, and which reader reads it."""

    id: str
    pattern: re.Pattern
    reader: str
    unit: Optional[str]  # the unit the text leaves unsaid ("a quarter point": percentage point)
    examples: tuple[str, ...]
    where: str


@dataclass(frozen=True)
class Reader:
    """A reader and the groups it reads from its pattern's match."""

    read: Callable[["Tables", "Phrase", re.Match], Optional[Quantity]]
    groups: frozenset[str]


def _count(grammar: "Tables", text: Optional[str]) -> Optional[float]:
    """A count in digits or words, with the scale words ("a thousand")."""
    if not text:
        return None
    return grammar.lexicon.parse_number(text) or grammar.lexicon.scales.get(text.lower())


def _share(grammar: "Tables", phrase: "Phrase", value: float) -> Quantity:
    """A share or a rate in the phrase's unit ("percentage"), with its SI value."""
    unit = grammar.units.units[phrase.unit]
    si_value, si_unit = grammar.units.to_si(value, unit.name)
    return Quantity(value, unit.name, unit.dimension, si_value, si_unit)


def prefixed_currency(grammar: "Tables", phrase: "Phrase", m: re.Match) -> Optional[Quantity]:
    """ "A$6.2bn" -> 6200000000 AUD, "C$20,000" -> 20000 CAD, "US$1.5 billion" -> 1500000000 USD."""
    code = grammar.units.currency_of_sign(m.group("sign"))
    if code is None:
        return None
    if m.group("suffix"):
        scale = grammar.lexicon.suffixes[m.group("suffix").lower()]
    else:
        scale = grammar.lexicon.scales.get((m.group("scale") or "").lower(), 1)
    value = round_value(float(m.group("n").replace(",", "")) * scale)
    return Quantity(value, code, "currency", value, code)


def points(grammar: "Tables", phrase: "Phrase", m: re.Match) -> Optional[Quantity]:
    """ "40 basis points" -> 0.4 %, "a quarter point" -> 0.25 % (of the phrase's unit): changes in a rate."""
    if m.group("n"):
        value = _count(grammar, m.group("n"))
        unit = grammar.units.by_word.get(re.sub(r"\s+", " ", m.group("unit").lower()))
    else:
        value = grammar.lexicon.parse_fraction(m.group("f")) if m.group("f") else \
            grammar.lexicon.parse_number(m.group("half"))
        unit = grammar.units.units[phrase.unit]
    if value is None or unit is None:
        return None
    si_value, si_unit = grammar.units.to_si(value, unit.name)
    return Quantity(value, unit.name, unit.dimension, si_value, si_unit)


def _age(grammar: "Tables", phrase: "Phrase", value: float, modifier: Optional[str] = None,
         value_max: Optional[float] = None) -> Optional[Quantity]:
    if not 0 < value < OLDEST:
        return None
    return Quantity(value, phrase.unit, AGE, None, None, modifier, value_max)


def age_bound(grammar: "Tables", phrase: "Phrase", m: re.Match) -> Optional[Quantity]:
    """ "the over-75s", "aged under 5", "adults under 65 with ...": an age and its bound, whose
    modifier is the bound word's (lexicon/modifiers.tsv)."""
    modifier = dict(grammar.lexicon.modifiers(QUANTITY)).get(m.group("bound").lower())
    return _age(grammar, phrase, float(m.group("n")), modifier)


def age_range(grammar: "Tables", phrase: "Phrase", m: re.Match) -> Optional[Quantity]:
    """ "aged 10 to 14": the ages from 10 to 14."""
    low, high = float(m.group("low")), float(m.group("high"))
    return _age(grammar, phrase, low, "RANGE", high) if low < high else None


def age_and_over(grammar: "Tables", phrase: "Phrase", m: re.Match) -> Optional[Quantity]:
    """ "aged 65 and over": 65 or older."""
    return _age(grammar, phrase, float(m.group("n")), "EQUAL_OR_MORE")


def ratio(grammar: "Tables", phrase: "Phrase", m: re.Match) -> Optional[Quantity]:
    """ "one in five" -> 20 %, "one train in five" -> 20 %: X in Y as a share."""
    part_words = m.group("part")
    part, whole = _count(grammar, part_words), _count(grammar, m.group("whole"))
    if part_words.isalpha() and (part or 0) >= 100 or grammar.uses.is_year(m.group("whole")):
        return None  # "thousand in ...", "one in 2019" (a date)
    if part is None or whole is None or not 0 < part < whole or \
            (m.group("noun") or "").lower() in grammar.cues["not_counted"]:
        return None
    return _share(grammar, phrase, round_value(100 * part / whole))


def share(grammar: "Tables", phrase: "Phrase", m: re.Match) -> Optional[Quantity]:
    """ "a third of revenue", "cut by a third", "half the squad", "in half": a share.

    Not "the third quarter" (a date), "half an hour" (a duration), "a third term" (an ordinal),
    "a quarter point" (a rate change), "the second half" (a part of a game).
    """
    text = m.string
    words, rest = m.group("q"), text[m.end():]
    if m.group("period") or grammar.pattern("fraction_not_share").match(rest):
        return None
    before = text[max(0, m.start("q") - 12):m.start("q")].lower()
    if words.isalpha() and words.lower() in grammar.lexicon.fractions:  # "half" alone
        found = grammar.pattern("half_share_after").match(rest) or \
            (grammar.pattern("half_in_before").search(before) and grammar.pattern("clause_end").match(rest))
        found = found and not grammar.pattern("half_part_before").search(before)
    elif grammar.pattern("partitive_after").match(rest):
        found = grammar.pattern("share_after").match(rest)
    else:
        found = m.group("prep") and grammar.pattern("share_clause_after").match(rest)
    fraction = grammar.lexicon.parse_fraction(words)
    if not found or fraction is None:
        return None
    return _share(grammar, phrase, round_value(100 * fraction))


def vague_amount(grammar: "Tables", phrase: "Phrase", m: re.Match) -> Optional[Quantity]:
    """ "dozens", "hundreds of", "tens of thousands of dollars", "a handful", "a few hundred million
    US dollars": a range with modifier APPROX (quantities/vague_amounts.tsv); of money when a
    currency is named, else a count."""
    first = grammar.vague_amounts[m.group("w1").lower()]
    low, high = first["low"], first["high"]
    if m.group("w2"):
        second = grammar.vague_amounts[m.group("w2").lower()]
        if not second.get("value"):
            return None
        low, high = low * second["value"], (high + 1) * second["value"] - 1
    elif first["needs_of"] and not m.group("of"):
        return None  # "the scores were level"
    if m.group("scale"):  # "a few hundred million": both ends in millions
        scale = grammar.lexicon.scales[m.group("scale").lower()]
        low, high = round_value(low * scale), round_value(high * scale)
    code = grammar.units.currency_names.get((m.group("cur") or "").lower())
    if code in grammar.currencies:
        if m.group("rate") and "currency" not in grammar.unit_not_per:  # "billions of dollars annually"
            code = f"{code} per {grammar.per_unit(m)}"
        return Quantity(low, code, "currency", low, code, "APPROX", high, high)
    text, end = m.string, m.end("q")
    unit_word = grammar.unit_word.match(text, end + len(text[end:end + 3]) - len(text[end:end + 3].lstrip()))
    unit = grammar.units.by_word[unit_word.group(0).lower()] if unit_word and end < len(text) and text[end].isspace() else None
    if unit is not None and unit.factor is not None and not unit.iso:  # "a few hundred metres": a length
        si_low, si_unit = grammar.units.to_si(low, unit.name)
        return Quantity(low, unit.name, unit.dimension, si_low, si_unit, "APPROX", high, grammar.units.to_si(high, unit.name)[0])
    return Quantity(low, None, "count", low, None, "APPROX", high, high)


#: reader name (the `reader` column of phrases.tsv) -> the reader and the groups it reads
READERS: dict[str, Reader] = {
    "prefixed_currency": Reader(prefixed_currency, frozenset({"sign", "n", "suffix", "scale"})),
    "points": Reader(points, frozenset({"n", "unit", "f", "half"})),
    "age_bound": Reader(age_bound, frozenset({"bound", "n"})),
    "age_range": Reader(age_range, frozenset({"low", "high"})),
    "age_and_over": Reader(age_and_over, frozenset({"n"})),
    "ratio": Reader(ratio, frozenset({"part", "noun", "whole"})),
    "share": Reader(share, frozenset({"prep", "q", "period"})),
    "vague_amount": Reader(vague_amount, frozenset({"w1", "w2", "scale", "cur", "of", "rate"})),
}
