"""The shared lexicon: the words with which every stage reads numbers, dates and modifiers.

Loaded from ``models/<lang>/lexicon/`` (months, weekdays, seasons, parts of the day,
holidays, numbers, modifiers, time zones, abbreviations, places) and its macros; each
vocabulary has this one source. ``Lexicon`` answers the questions the stages ask of it
("what number is 'twenty-five'?", "which words modify a duration?").
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import cached_property
from typing import Optional

from pipeline.core.kinds import DATE, QUANTITY
from pipeline.rules.macros import Macros, load_macros
from pipeline.rules.resources import Resources, built_from, register_schema
from pipeline.rules.tsv import Column, ResourceError

_NAME_KINDS = ("name", "abbreviation")
_MODS = ("MORE_THAN", "LESS_THAN", "EQUAL_OR_MORE", "EQUAL_OR_LESS", "APPROX", "START", "MID", "END",
         "BEFORE", "AFTER", "-")

#: what a modifier may modify: a quantity, a duration, a date or time, a time counted back or
#: forward ("ago"), a clock time: the columns of modifiers.tsv
MODIFIER_CONTEXTS = (QUANTITY, "duration", DATE, "ago", "clock")
MONTHS = register_schema("lexicon/months.tsv", Column("word"), Column("month", "int"),
                         Column("kind", choices=_NAME_KINDS), Column("lowercase", "flag"))
WEEKDAYS = register_schema("lexicon/weekdays.tsv", Column("word"), Column("weekday", "int"),
                           Column("kind", choices=_NAME_KINDS), Column("lowercase", "flag"))
SEASONS = register_schema("lexicon/seasons.tsv", Column("word"), Column("code", choices=("SP", "SU", "FA", "WI")),
                          Column("month", "int"))
PARTS_OF_DAY = register_schema("lexicon/parts_of_day.tsv", Column("word"),
                               Column("code", choices=("MO", "AF", "EV", "NI", "MI")), Column("stretch", "flag"))
HOLIDAYS = register_schema("lexicon/holidays.tsv", Column("name"), Column("rule"))
NUMBERS = register_schema("lexicon/numbers.tsv", Column("word"), Column("value", "float", required=False),
                          Column("kind", choices=("cardinal", "scale", "suffix", "ordinal", "fraction", "vague")),
                          Column("article", "flag"), Column("part", required=False, choices=("tens", "ones", "denominator")))
MODIFIERS = register_schema("lexicon/modifiers.tsv", Column("words"),
                            *(Column(context, required=False, choices=_MODS)
                              for context in MODIFIER_CONTEXTS),
                            Column("in_date", "flag", required=False))
TIMEZONES = register_schema("lexicon/timezones.tsv", Column("word"), Column("utc_offset", required=False),
                            Column("zone", required=False))
ABBREVIATIONS = register_schema("lexicon/abbreviations.tsv", Column("word"))
PLACES = register_schema("lexicon/places.tsv", Column("name"), Column("kind", choices=("country", "state", "city")),
                         Column("country"), Column("abbreviation", required=False))

_DIGITS = re.compile(r"\d{1,3}(,\d{3})+|\d+(\.\d+)?")
_MIXED_FRACTION = re.compile(r"(\d+) ([1-9])/([1-9]\d?)")  # "1 1/2"
_WORD_BREAK = re.compile(r"[- ]")
_ONE_PREFIX = re.compile(r"^(?:a|one)[ -]")
_HOLIDAY_RULE = re.compile(r"(?P<month>\d{2})-(?P<day>\d{2})|easter(?P<easter>[+-]\d+)|"
                           r"(?P<nth_month>\d{2})/(?P<weekday>[1-7])#(?P<n>-1|[1-5])(?P<shift>[+-]\d+)?")


def easter(year: int) -> date:
    """Western Easter Sunday (the Meeus/Jones/Butcher computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 (the computus's own name)
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    return date(year, month, (h + l - 7 * m + 114) % 31 + 1)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th (1-based; -1 = last) given weekday (Monday = 1) of a month."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)


class Lexicon:
    """The words of one language, read from its resources."""

    def __init__(self, resources: Resources) -> None:
        """
        resources (Resources): the language's resources (at least its `lexicon/` and `units/`).
        RAISES ResourceError: naming the file and line of an entry that does not fit its table.
        """
        self.resources = resources
        self.months = {r["word"]: r["month"] for r in resources.table(MONTHS)}
        self.weekdays = {r["word"]: r["weekday"] for r in resources.table(WEEKDAYS)}
        #: lowercase words that are not names when written in lowercase ("march", "sat")
        self.ambiguous_names = frozenset(r["word"] for r in resources.table(MONTHS) + resources.table(WEEKDAYS)
                                         if not r["lowercase"])
        #: month names that are common words in lowercase ("march", "may")
        self.ambiguous_months = frozenset(r["word"] for r in resources.table(MONTHS)
                                          if r["kind"] == "name" and not r["lowercase"])
        self.seasons = {r["word"]: r["code"] for r in resources.table(SEASONS)}
        self.season_months = {r["code"]: r["month"] for r in resources.table(SEASONS)}
        self.parts_of_day = {r["word"]: r["code"] for r in resources.table(PARTS_OF_DAY)}
        self.holidays = {}
        for row in resources.table(HOLIDAYS):
            if not _HOLIDAY_RULE.fullmatch(row["rule"]):
                raise ResourceError(f"{row.where}: holiday rule {row['rule']!r} is not MM-DD, easter+N or MM/W#N[+D]")
            self.holidays[row["name"]] = row["rule"]
        numbers = resources.table(NUMBERS)
        by_kind = lambda kind: {r["word"]: r["value"] for r in numbers if r["kind"] == kind}  # noqa: E731
        self.numbers = by_kind("cardinal")
        self.scales = by_kind("scale")
        self.suffixes = by_kind("suffix")
        self.ordinals = {word: int(value) for word, value in by_kind("ordinal").items()}
        self.fractions = by_kind("fraction")
        self.vague = frozenset(by_kind("vague"))
        #: time zone -> (its fixed UTC offset, or the IANA zone whose offset changes with the date)
        self.timezones = {r["word"]: (r["utc_offset"], r.get("zone")) for r in resources.table(TIMEZONES)}
        self.places = resources.table(PLACES)

    @cached_property
    def macros(self) -> Macros:
        """The shared macros (lexicon/macros.tsv)."""
        return load_macros(self.resources, ["lexicon"])

    def modifiers(self, context: str, in_date: Optional[bool] = None) -> list[tuple[str, Optional[str]]]:
        """The modifier words of a context (quantity, duration, date, ago, clock) in file order,
        each with its code (None: read past it, no modifier); with `in_date`, only those that a
        time expression's extent does (True) or does not (False) include."""
        return [(row["words"], None if row[context] == "-" else row[context])
                for row in self.resources.table(MODIFIERS)
                if row.get(context) and (in_date is None or row.get("in_date") is in_date)]

    @cached_property
    def abbreviations(self) -> frozenset[str]:
        """Tokens after which a sentence never ends: the listed abbreviations, the month and
        weekday abbreviations with a full stop ("Sept.", "Tue."), AP state abbreviations."""
        words = {r["word"] for r in self.resources.table(ABBREVIATIONS)}
        for table in (MONTHS, WEEKDAYS):
            words.update(r["word"].capitalize() + "." for r in self.resources.table(table) if r["kind"] == "abbreviation")
        words.update(r["abbreviation"] for r in self.places if r["abbreviation"])
        return frozenset(words)

    def names_place_in(self, text: str, country: str) -> bool:
        """Whether `text` names a place of `country` (its ISO code): "FLAGSTAFF, Ariz." is in the US."""
        names = [r["name"] for r in self.places if r["country"] == country]
        abbreviations = [r["abbreviation"] for r in self.places if r["country"] == country and r["abbreviation"]]
        pattern = re.compile(r"\b(?i:" + "|".join(re.escape(n) for n in names) + r")\b|\b(?:"
                             + "|".join(re.escape(a) for a in abbreviations) + ")")
        return bool(pattern.search(text))

    def parse_number(self, text: str) -> Optional[float]:
        """A number written in digits or words ("49", "1,000", "two", "twenty-five", "half an")."""
        text = text.strip().lower()
        if _DIGITS.fullmatch(text):
            return float(text.replace(",", ""))
        mixed = _MIXED_FRACTION.fullmatch(text)
        if mixed:  # "1 1/2 hours"
            whole, over, under = map(int, mixed.groups())
            return whole + over / under if over < under else None
        if text in self.numbers:
            return float(self.numbers[text])
        parts = _WORD_BREAK.split(text)
        if len(parts) == 2 and parts[0].endswith("ty") and parts[0] in self.numbers and parts[1] in self.numbers:
            return float(self.numbers[parts[0]] + self.numbers[parts[1]])
        return None

    def parse_fraction(self, text: str) -> Optional[float]:
        """A fraction in words as a share of one ("a third" -> 0.333..., "three-quarters" -> 0.75)."""
        text = _ONE_PREFIX.sub("", text.strip().lower())
        return self.fractions.get(text)

    def holiday_date(self, name: str, year: int) -> date:
        """The date of the holiday `name` (as in holidays.tsv) in `year`."""
        m = _HOLIDAY_RULE.fullmatch(self.holidays[name])
        if m.group("month"):
            return date(year, int(m.group("month")), int(m.group("day")))
        if m.group("easter"):
            return easter(year) + timedelta(days=int(m.group("easter")))
        found = nth_weekday(year, int(m.group("nth_month")), int(m.group("weekday")), int(m.group("n")))
        return found + timedelta(days=int(m.group("shift") or 0))


def default_lexicon() -> Lexicon:
    """The installed language's lexicon, built once per process."""
    return built_from(Lexicon)
