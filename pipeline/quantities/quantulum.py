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
"""

from __future__ import annotations

import warnings
from functools import lru_cache
from typing import Any, Iterable

from ..units import Unit

#: quantulum3's functions that return sets whose order becomes regex alternation order
_ORDERED_SETS = ("operators", "multiplication_operators", "division_operators", "grouping_operators", "ranges",
                 "uncertainties")


def _sorted_longest_first(function):
    @lru_cache(maxsize=None)
    def ordered(lang: str = "en_US") -> tuple[str, ...]:
        # longest first; a letter ("x") after the signs, so that the word after a number
        # ("$20,000 tax") is not read as a unit times another
        return tuple(sorted(function(lang), key=lambda item: (-len(item), item.isalpha(), item)))
    return ordered


def _by_name(function):
    def disambiguate(candidates: Iterable[Any], text: str, lang: str = "en_US") -> Any:
        return function(sorted(candidates, key=lambda candidate: candidate.name), text, lang)
    return disambiguate


@lru_cache(maxsize=1)
def deterministic_quantulum() -> Any:
    """quantulum3's parser module, made independent of the hash seed (see the module's doc)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import load, no_classifier, parser, regex
    for name in _ORDERED_SETS:
        setattr(regex, name, _sorted_longest_first(getattr(regex, name)))
    no_classifier.disambiguate_no_classifier = _by_name(no_classifier.disambiguate_no_classifier)
    load.clear_caches()  # a regex built before this used the old order
    return parser


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


class Quantulum:
    """quantulum3's reading of short texts with a unit table's custom units; cached."""

    def __init__(self, custom_units: Iterable[Unit] = ()) -> None:
        """
        custom_units (Iterable[Unit]): the units to register with quantulum3 (UnitTable.custom_units).
        """
        self.definitions = tuple(_definition(unit) for unit in custom_units)
        self.calls = 0  # texts quantulum3 was asked to read: a cost that grows with the text, for tests
        self.parse = lru_cache(maxsize=16384)(self._parse)

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

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("parse", None)  # a cache: rebuilt on the other side
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.parse = lru_cache(maxsize=16384)(self._parse)
