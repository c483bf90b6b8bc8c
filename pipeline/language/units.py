"""The unit table: units of measurement, their dimensions and SI conversions, as data.

Loaded from ``models/<lang>/units/units.tsv`` (and ``currencies.tsv``: ISO codes, names, signs
and minor units). The quantity stage converts values to SI with it and registers the units
quantulum3 does not know through quantulum3's custom-unit API; the date stage reads its time
units (words and ISO 8601 designators) from the same rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Optional

from pipeline.rules.resources import Resources, built_from, register_schema
from pipeline.rules.tsv import Column, ResourceError

UNITS = register_schema(
    "units/units.tsv", Column("name"), Column("dimension"), Column("si_unit", required=False),
    Column("factor", "float", required=False), Column("offset", "float", required=False, default=0.0),
    Column("quantulum", "list", required=False, default=()), Column("surfaces", "list", required=False, default=()),
    Column("plurals", "list", required=False, default=()), Column("symbols", "list", required=False, default=()),
    Column("iso", required=False, choices=("TS", "TM", "TH", "D", "W", "M", "Y")),
    Column("iso_times", "int", required=False, default=1), Column("iso_unknown", required=False),
    Column("adverbs", "list", required=False, default=()), Column("examples", "list", required=False, default=()))
CURRENCIES = register_schema(
    "units/currencies.tsv", Column("code"), Column("names", "list", required=False, default=()),
    Column("signs", "list", required=False, default=()), Column("prefixed", "list", required=False, default=()),
    Column("minor", required=False), Column("examples", "list", required=False, default=()))


@dataclass(frozen=True)
class Unit:
    """One unit of measurement: how it is written and how it converts to SI."""

    name: str
    dimension: str
    si_unit: Optional[str]
    factor: Optional[float]
    offset: float
    quantulum: tuple[str, ...]
    surfaces: tuple[str, ...]
    plurals: tuple[str, ...]
    symbols: tuple[str, ...]
    iso: Optional[str]  # a duration's ISO 8601 designator; a leading T marks a time designator
    iso_times: int
    iso_unknown: Optional[str]
    examples: tuple[str, ...]
    where: str
    adverbs: tuple[str, ...] = ()  # "yearly", "per annum": per one of this unit, after an amount

    @property
    def words(self) -> tuple[str, ...]:
        """Every written form: surfaces, plurals and symbols."""
        return self.surfaces + self.plurals + self.symbols


@dataclass(frozen=True)
class Currency:
    """One currency: its ISO 4217 code, names, signs and the unit of its hundredth."""

    code: str
    names: tuple[str, ...]
    signs: tuple[str, ...]  # "$", "€"
    prefixed: tuple[str, ...]  # "A$", "HK$"
    minor: Optional[str]  # the unit name of its hundredth ("cent", "penny")
    examples: tuple[str, ...]
    where: str


def _round(x: float) -> float:
    return float(f"{x:.12g}")


def _fmt_number(n: float) -> str:
    """A number as an ISO 8601 duration writes it: digits and a decimal point, no exponent
    ("1000002.5", "0.0000001"), to twelve significant digits."""
    return str(int(n)) if float(n).is_integer() else format(Decimal(f"{n:.12g}"), "f")


class UnitTable:
    """The units of one language, by name, by quantulum3's name and by written form."""

    def __init__(self, resources: Resources) -> None:
        """
        resources (Resources): the language's resources (at least `units/`).
        RAISES ResourceError: naming the file and line of a bad or repeated unit.
        """
        self.resources = resources
        self.units: dict[str, Unit] = {}
        for row in resources.table(UNITS):
            unit = Unit(**{k: row.get(k, None) for k in ("name", "dimension", "si_unit", "factor", "quantulum",
                                                         "surfaces", "plurals", "symbols", "iso", "iso_unknown")},
                        offset=row.get("offset", 0.0), iso_times=row.get("iso_times", 1),
                        examples=row.get("examples", ()), where=row.where, adverbs=row.get("adverbs", ()))
            if unit.name in self.units:
                raise ResourceError(f"{row.where}: unit {unit.name!r} is already defined at {self.units[unit.name].where}")
            if (unit.si_unit is None) != (unit.factor is None):
                raise ResourceError(f"{row.where}: give both si_unit and factor, or neither")
            if unit.dimension == "time" and unit.iso is None:
                raise ResourceError(f"{row.where}: a time unit needs its ISO 8601 designator (iso)")
            self.units[unit.name] = unit

    @cached_property
    def by_quantulum(self) -> dict[str, Unit]:
        """quantulum3's unit name -> our unit; a unit quantulum3 does not know is registered
        with it under its own name (see `custom_units`)."""
        found = {name: unit for unit in self.units.values() for name in unit.quantulum}
        for unit in self.custom_units:
            found.setdefault(unit.name, unit)
        return found

    @cached_property
    def custom_units(self) -> tuple[Unit, ...]:
        """The units quantulum3 does not know (no `quantulum` names) but that are written
        somehow (surfaces or symbols): registered with quantulum3 so that it reads them."""
        return tuple(u for u in self.units.values() if not u.quantulum and (u.surfaces or u.symbols)
                     and u.dimension != "time")

    @cached_property
    def currencies(self) -> dict[str, Currency]:
        """ISO code -> currency, in file order (units/currencies.tsv).

        RAISES ResourceError: naming the line of a repeated code or of a minor unit that is
            not a currency unit of units.tsv.
        """
        found: dict[str, Currency] = {}
        for row in self.resources.table(CURRENCIES):
            currency = Currency(row["code"], row.get("names", ()), row.get("signs", ()), row.get("prefixed", ()),
                                row.get("minor"), row.get("examples", ()), row.where)
            if currency.code in found:
                raise ResourceError(f"{row.where}: currency {currency.code!r} is already defined at "
                                    f"{found[currency.code].where}")
            minor = self.units.get(currency.minor) if currency.minor else None
            if currency.minor and (minor is None or minor.dimension != "currency"):
                raise ResourceError(f"{row.where}: minor unit {currency.minor!r} is not a currency unit of "
                                    f"units/units.tsv")
            found[currency.code] = currency
        return found

    @cached_property
    def currency_names(self) -> dict[str, str]:
        """A currency's name or sign, or a minor unit's written form (lowercase) -> its code, or
        the minor unit's name ("dollar" -> "USD", "a$" -> "AUD", "pence" -> "penny")."""
        found: dict[str, str] = {}
        for currency in self.currencies.values():
            for word in currency.names + currency.signs + currency.prefixed:
                found.setdefault(word.lower(), currency.code)
        for unit in self.units.values():
            if unit.dimension == "currency":
                for word in (unit.name,) + unit.words:
                    found.setdefault(word.lower(), unit.name)
        return found

    def currency_of_sign(self, sign: str) -> Optional[str]:
        """The code a sign stands for ("A$" -> "AUD", "$" -> "USD"), or None."""
        for currency in self.currencies.values():
            if sign in currency.signs or sign in currency.prefixed or sign == currency.code:
                return currency.code
        return None

    @cached_property
    def by_word(self) -> dict[str, Unit]:
        """A written form (lowercase) -> its unit; the first row that writes it wins."""
        found: dict[str, Unit] = {}
        for unit in self.units.values():
            for word in unit.words:
                found.setdefault(word, unit)
        return found

    @cached_property
    def by_adverb(self) -> dict[str, Unit]:
        """An adverb that says "per one of a unit" (lowercase: "yearly", "per annum") -> that unit."""
        return {adverb: unit for unit in self.units.values() for adverb in unit.adverbs}

    def to_si(self, value: float, name: Optional[str]) -> tuple[Optional[float], Optional[str]]:
        """Convert `value` in the named unit to SI: (1935.3, "gram") -> (1.9353, "kg").

        value (float): the number as written.
        name (Optional[str]): a unit name ("gram", "mile per hour").
        RETURNS (tuple): the SI value and SI unit, or (None, None) for a unit we cannot convert.
        """
        unit = self.units.get(name) if name else None
        if unit is None or unit.factor is None:
            return None, None
        return _round(value * unit.factor + unit.offset), unit.si_unit

    def time_unit(self, word: str) -> Unit:
        """The time unit written as `word` ("hours", "yr"); KeyError when it is none."""
        unit = self.by_word.get(word.lower())
        if unit is None or unit.dimension != "time":
            raise KeyError(word)
        return unit

    def duration_value(self, n: Optional[float], word: str) -> str:
        """ISO 8601 duration for `n` units written as `word` ("P53D", "PT49H", "P10Y");
        `n` None gives the unknown duration ("PXD", "PXDE")."""
        unit = self.time_unit(word)
        timed = unit.iso.startswith("T")
        designator = unit.iso[-1]
        prefix = "PT" if timed else "P"
        if n is None:
            return unit.iso_unknown or f"{prefix}X{designator}"
        n = n * unit.iso_times
        if timed and designator in {"H", "M"} and not float(n).is_integer():
            whole, part = divmod(n, 1)  # a part of an hour in minutes, of a minute in seconds
            smaller = "M" if designator == "H" else "S"
            head = f"{_fmt_number(whole)}{designator}" if whole else ""
            return f"PT{head}{_fmt_number(round(part * 60, 6))}{smaller}"  # "half an hour" is PT30M
        return f"{prefix}{_fmt_number(n)}{designator}"

    @cached_property
    def by_designator(self) -> dict[str, Unit]:
        """An ISO 8601 duration designator ("Y", "TH") -> its time unit; "DE"/"CE" -> decade, century."""
        found: dict[str, Unit] = {}
        for unit in self.units.values():
            if unit.dimension == "time" and unit.iso and unit.iso_times == 1:
                found.setdefault(unit.iso, unit)
            if unit.iso_unknown:
                found.setdefault(unit.iso_unknown.lstrip("PX"), unit)
        return found

    def duration_amount(self, value: str) -> Optional[tuple[Optional[float], str, Optional[float]]]:
        """A TIMEX3 duration as a quantity: (number, unit, seconds). "P53D" -> (53, "day", 4579200);
        a duration of several units counts in the smallest ("PT1M12S" -> 72 second); an unknown
        number keeps its unit ("PXY" -> (None, "year", None)). None for what is no duration."""
        unknown = _UNKNOWN_DURATION.fullmatch(value)
        if unknown:
            key = ("T" + unknown.group("d")) if value.startswith("PT") else unknown.group("d")
            unit = self.by_designator.get(key)
            return (None, unit.name, None) if unit else None
        m = _ISO_DURATION.fullmatch(value)
        if m is None or not any(m.groupdict().values()):
            return None
        parts = [(self.by_designator[key], float(amount)) for key, amount in m.groupdict().items() if amount]
        seconds = sum(unit.factor * amount for unit, amount in parts)
        smallest = parts[-1][0]
        return _round(seconds / smallest.factor), smallest.name, _round(seconds)


_ISO_DURATION = re.compile(r"P(?:(?P<Y>[\d.]+)Y)?(?:(?P<M>[\d.]+)M)?(?:(?P<W>[\d.]+)W)?(?:(?P<D>[\d.]+)D)?"
                           r"(?:T(?:(?P<TH>[\d.]+)H)?(?:(?P<TM>[\d.]+)M)?(?:(?P<TS>[\d.]+)S)?)?")
_UNKNOWN_DURATION = re.compile(r"PT?X(?P<d>[A-Z]{1,2})")


def default_units() -> UnitTable:
    """The installed language's unit table, built once per process."""
    return built_from(UnitTable)


def to_si(value: float, unit: Optional[str]) -> tuple[Optional[float], Optional[str]]:
    """`UnitTable.to_si` with the installed unit table."""
    return default_units().to_si(value, unit)
