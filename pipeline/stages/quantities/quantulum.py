"""quantulum3, wrapped: deterministic, told about our units, and never raising.

Two things in quantulum3 depend on the process's string hash seed (PYTHONHASHSEED): its unit
regex joins the operators of a *set* (" ", " per ", "/" ...) into one alternation, in the set's
iteration order, so "10  k" reads as 10 kibibyte in some processes and as a bare 10 in others;
and without its classifier it breaks ties between units of one surface by iterating a set of
units. ``deterministic_quantulum`` replaces both orders with sorted ones, once per process,
before quantulum3 builds its regex (the readings are those of most hash seeds).

The units quantulum3 lacks are registered through its custom-unit API (``add_custom_unit``)
from the unit table's rows (``UnitTable.custom_units``). quantulum3 keeps them in one
process-wide registry: ``Quantulum`` registers its units before it parses and takes back the
ones another unit table registered, so that two pipelines in one process never read with each
other's units, and registration happens once as long as one unit table is in use.

quantulum3's unit regex takes 0.5-0.8 s to compile, once per process; its compiled code is saved
with the pipeline (``REGEXES``, see ``pipeline.rules.regex_code``), so that a process
that loads a saved pipeline builds the same regex from that code in milliseconds.
"""

from __future__ import annotations

import copy
import re
import warnings
from functools import lru_cache
from typing import Any, Iterable, Optional

from pipeline.language.units import Unit
from pipeline.rules.caching import MethodCaches
from pipeline.rules.regex_code import RegexCode, ReWithCode

#: quantulum3's functions that return sets whose order becomes regex alternation order
#: ("negatives" only orders the alternatives of its pattern of numbers in words, which then is the
#: same in every process, as its compiled code saved with the pipeline must be)
_ORDERED_SETS = ("operators", "multiplication_operators", "division_operators", "grouping_operators", "ranges",
                 "uncertainties", "negatives")


def _sorted_longest_first(function):
    @lru_cache(maxsize=None)
    def ordered(lang: str = "en_US") -> tuple[str, ...]:
        # longest first; a letter ("x") after the signs, so that the word after a number
        # ("$20,000 tax") is not read as a unit times another
        return tuple(sorted(function(lang), key=lambda item: (-len(item), item.isalpha(), item)))
    return ordered


#: how many times quantulum3 has chosen between units or dimensions by the words of its text
_TEXT_CHOICES = [0]


def _by_name(function):
    def disambiguate(candidates: Iterable[Any], text: str, lang: str = "en_US") -> Any:
        _TEXT_CHOICES[0] += 1
        return function(sorted(candidates, key=lambda candidate: candidate.name), text, lang)
    return disambiguate


#: the compiled code of quantulum3's large regexes, which are process-wide as quantulum3 is
REGEXES = RegexCode()


@lru_cache(maxsize=1)
def deterministic_quantulum() -> Any:
    """quantulum3's parser module, made independent of the hash seed (see the module's doc)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import load, no_classifier, parser, regex
    for name in _ORDERED_SETS:
        setattr(regex, name, _sorted_longest_first(getattr(regex, name)))
    no_classifier.disambiguate_no_classifier = _by_name(no_classifier.disambiguate_no_classifier)
    regex.re = ReWithCode(REGEXES)  # its unit regex compiled from saved code when there is some
    load.clear_caches()  # a regex built before this used the old order
    return parser


#: a plain number a text starts with, after a sign or currency sign: texts that differ only in it
#: ("225 mm", "851 mm") are read alike, so quantulum3 reads one text of each shape
#: (one space then a word, a sign, or the end: "21st", "18 777s", "5/7", "1-2018" and "10  k" are read whole,
#: and so is a bare 0, which quantulum3 reads apart: "0 billion" is 1e9 to it)
_PLAIN_NUMBER = re.compile(r"([-+$\u20ac\u00a3]?)([1-9]\d*|0(?=\.))(\.\d+)?(?=$| [^\d\s]|%|\u00b0)")
_WORD = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")
#: the number that stands for all others in a shape, without and with decimals
_STAND_IN = ("7", "7.5")


def shape(text: str) -> Optional[tuple[str, int, str, float]]:
    """The shape of a text that starts with a plain number: the text with a stand-in for the
    number, where the number starts, the number as written and its value; None for any other text.

    text (str): a window of text, e.g. "225 mm of rain".
    RETURNS (Optional[tuple[str, int, str, float]]): e.g. ("7 mm of rain", 0, "225", 225.0).
    """
    m = _PLAIN_NUMBER.match(text)
    if m is None:
        return None
    rest = text[m.end():]
    if _DIGIT.search(rest):
        return None  # "6 - 8 weeks", "5 ft 2 in": another number may join it
    spelled, scales = _spelled_numbers()
    words = _WORD.findall(rest.lower())
    if spelled.intersection(words) or sum(word in scales for word in words) > 1:
        return None  # "21 trillion three hundred": numbers in words add to it
    number = m.group(2) + (m.group(3) or "")
    return m.group(1) + _STAND_IN[m.group(3) is not None] + text[m.end():], m.start(2), number, float(number)


@lru_cache(maxsize=1)
def _spelled_numbers() -> tuple[frozenset[str], frozenset[str]]:
    """quantulum3's number words (which add to a number before them) and scale words (which multiply it)."""
    deterministic_quantulum()
    from quantulum3._lang.en_US import regex

    return frozenset(regex.UNITS) | frozenset(regex.TENS) - {""} | frozenset(regex.DECIMALS), frozenset(regex.SCALES)


#: the custom units quantulum3 holds now, as (name, properties), in registration order
_REGISTERED: tuple[tuple[str, tuple], ...] = ()
_ENTITIES_ADDED: set[str] = set()


def _definition(unit: Unit) -> tuple[str, tuple]:
    return unit.name, (("surfaces", unit.surfaces + unit.plurals), ("symbols", unit.symbols),
                       ("entity", unit.dimension))


def register(definitions: tuple[tuple[str, tuple], ...]) -> None:
    """Make quantulum3's custom units exactly `definitions` (what `Quantulum` was built with)."""
    global _REGISTERED
    if definitions == _REGISTERED:
        return
    deterministic_quantulum()
    from quantulum3 import load

    for name, _ in _REGISTERED:
        load.remove_custom_unit(name)
    entities = load.entities().names
    for name, properties in definitions:
        fields = dict(properties)
        if fields["entity"] not in entities and fields["entity"] not in _ENTITIES_ADDED:
            load.add_custom_entity(fields["entity"], dimensions=[])
            _ENTITIES_ADDED.add(fields["entity"])
        # a unit of its own dimension, so that it never takes the place of quantulum3's
        # dimensionless unit among the units derived from dimensions
        load.add_custom_unit(name, surfaces=list(fields["surfaces"]), symbols=list(fields["symbols"]),
                             entity=fields["entity"], dimensions=[{"base": name, "power": 1}])
    _REGISTERED = definitions


class Quantulum(MethodCaches):
    """quantulum3's reading of short texts with a unit table's custom units; cached."""

    def __init__(self, custom_units: Iterable[Unit] = ()) -> None:
        """
        custom_units (Iterable[Unit]): the units to register with quantulum3 (UnitTable.custom_units).
        """
        self.definitions = tuple(_definition(unit) for unit in custom_units)
        self.calls = 0  # texts quantulum3 was asked to read: a cost that grows with the text, for tests
        self.build_caches()

    CACHED = {"_read": "_reading"}

    def parse(self, text: str) -> tuple:
        """quantulum3's quantities in `text` (cached), or () when it fails.

        A text that starts with a plain number is read through its shape: quantulum3 reads the
        shape once, and its first quantity is carried over to the number as written (its value
        scaled alike, its span moved by the difference in length); every other text, and a shape
        whose first quantity does not start with the number, is read as it is.
        """
        found = shape(text)
        if found is None:
            return self._read(text)[0]
        shaped, start, number, value = found
        stand_in = _STAND_IN["." in number]
        read, chose_by_text = self._read(shaped)
        if chose_by_text or not read or read[0].span[0] > start or read[0].span[1] < start + len(stand_in):
            # its first quantity is not the number's, or quantulum3 chose its unit by the words
            # of the text, number included ("10 k": kibibyte, "7 k": kelvin)
            return self._read(text)[0]
        first = copy.copy(read[0])
        first.value = read[0].value / float(stand_in) * value
        first.span = (read[0].span[0], read[0].span[1] + len(number) - len(stand_in))
        first.surface = text[first.span[0]:first.span[1]]
        return (first,)

    def compile_regexes(self) -> None:
        """Build quantulum3's large regexes (units with these units, numbers in words) through
        `REGEXES`, so that their code can be saved with the pipeline."""
        deterministic_quantulum()
        register(self.definitions)
        from quantulum3 import regex

        regex.units_regex("en_US")
        regex.text_pattern_reg("en_US")

    def cache_clear(self) -> None:
        """Forget every reading (for tests that change quantulum3 under it)."""
        self._read.cache_clear()

    def _reading(self, text: str) -> tuple[tuple, bool]:
        """quantulum3's quantities in `text`, and whether it chose a unit by the text's words."""
        before = _TEXT_CHOICES[0]
        return self._parse(text), _TEXT_CHOICES[0] != before

    def _parse(self, text: str) -> tuple:
        """quantulum3's quantities in `text`, or () when it fails: no input may crash the pipeline."""
        self.calls += 1
        try:
            parser = deterministic_quantulum()
            register(self.definitions)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return tuple(parser.parse(text))
        except Exception:  # e.g. its unit classifier with an incompatible scikit-learn
            return ()
