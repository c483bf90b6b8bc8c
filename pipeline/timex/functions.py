"""The functions a date rule's value template may call: the one piece of code that turns an
underspecified value ("two weeks ago", "the weekend", "May 3") into a TIMEX3 value against
the anchor (the publication date), the last date the story mentioned, and the direction the
sentence looks. Each takes the `Scope` of the match and its arguments, and returns the value,
or None when the rule does not apply."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Optional

from . import periods
from .templates import UNKNOWN

if TYPE_CHECKING:
    from .grammar import DateGrammar


@dataclass
class Scope:
    """What a rule's template is evaluated in."""

    grammar: "DateGrammar"
    text: str  # the whole expression, normalised
    anchor: Optional[date]  # dct: the publication date
    reference: Optional[date]  # ref: the last date the story mentioned (else the anchor)
    future: Optional[bool]  # the clause looks forward (True), back (False) or neither (None)
    mod: Optional[str]  # the modifier read off the front


def _int(value: Any) -> Optional[int]:
    if value is None or value is UNKNOWN:
        return None
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def _period(format_value: Callable[[date, int], str], unknown: str):
    def function(scope: Scope, base: Optional[date], n: Any = 0) -> Optional[str]:
        step = _int(n)
        if step is None:
            return None
        return unknown if base is None else format_value(base, step)
    return function


day = _period(lambda d, n: periods.shift(d, n, "day"), periods.UNKNOWN_DAY)
week = _period(lambda d, n: periods.shift(d, n, "week"), "XXXX-WXX")
month = _period(lambda d, n: periods.shift(d, n, "month"), "XXXX-XX")
decade = _period(lambda d, n: str(d.year // 10 + n), "XXX")
century = _period(lambda d, n: str(d.year // 100 + n), "XX")
quarter = _period(periods.quarter_of, "XXXX-QX")


def year(scope: Scope, base: Optional[date], n: Any = 0) -> Optional[Any]:
    step = _int(n)
    if step is None:
        return None
    return "XXXX" if base is None else base.year + step


def shift(scope: Scope, base: Optional[date], n: Any, unit: Optional[str]) -> Optional[str]:
    """The period `n` units of `unit` from `base` ("two weeks ago": shift(dct, -2, weeks))."""
    if unit is None or _int(n) is None:
        return None
    return periods.shift(base, _int(n), unit)


def neg(scope: Scope, n: Any) -> Optional[float]:
    return None if n is None or n is UNKNOWN else -float(n)


def add(scope: Scope, a: Any, b: Any) -> Optional[float]:
    return None if a is None or b is None else float(a) + float(b)


def sub(scope: Scope, a: Any, b: Any) -> Optional[int]:
    return None if _int(a) is None or _int(b) is None else _int(a) - _int(b)


def when_past(scope: Scope, if_past: Any, otherwise: Any) -> Any:
    """`if_past` in a clause that looks back, else `otherwise` ("overnight": last night)."""
    return if_past if scope.future is False else otherwise


def weekday(scope: Scope, number: Any, step: Any = None) -> Optional[str]:
    """A weekday's date: in the week a relation names ("last Tuesday"), else the nearest in the
    clause's direction."""
    if _int(number) is None:
        return None
    if scope.anchor is None:
        return f"XXXX-WXX-{_int(number)}"
    return periods.weekday_date(scope.anchor, _int(number), scope.future, _int(step)).isoformat()


def month_of_year(scope: Scope, number: Any, step: Any = None) -> Optional[str]:
    """A month named without its year: "May" -> the May the clause points to."""
    if _int(number) is None:
        return None
    if scope.anchor is None:
        return f"XXXX-{_int(number):02d}"
    return f"{periods.month_year(scope.anchor, _int(number), scope.future, _int(step)):04d}-{_int(number):02d}"


def date_of(scope: Scope, y: Any, mo: Any, d: Any) -> Optional[str]:
    """A calendar day; without a year, the year the clause points to ("May 3" said in
    September of a story looking back is this May)."""
    month_number, day_number = _int(mo), _int(d)
    if month_number is None or day_number is None:
        return None
    if y is None:
        if scope.anchor is None:
            return f"XXXX-{month_number:02d}-{day_number:02d}"
        y = periods.day_month_year(scope.anchor, month_number, day_number, scope.future)
    if _int(y) is None:
        return None
    if not periods.valid_date(_int(y), month_number, day_number):
        return None
    return f"{_int(y):04d}-{month_number:02d}-{day_number:02d}"


def weekend(scope: Scope) -> Optional[str]:
    """ "the weekend": the coming one in a clause that looks forward, else the last."""
    if scope.anchor is None:
        return "XXXX-WXX-WE"
    return periods.weekend_week(scope.anchor, scope.future, None) + "-WE"


def season(scope: Scope, code: Optional[str], step: Any = None) -> Optional[str]:
    """A season named without its year ("last winter")."""
    if code is None:
        return None
    if scope.anchor is None:
        return f"XXXX-{code}"
    months = scope.grammar.lexicon.season_months
    year_number = periods.season_year(scope.anchor, months[code], code == "WI", scope.future, _int(step))
    return f"{year_number}-{code}"


def boundary_year(scope: Scope) -> Optional[Any]:
    """ "the end of the year": this year, or the one just gone when a past clause says it in the
    first half, or the next when a forward clause speaks of the start late in the year."""
    if scope.mod not in {"START", "MID", "END"}:
        return None  # a bare "year" refers to nothing by itself
    anchor = scope.anchor
    if anchor is None:
        return "XXXX"
    if scope.mod == "END" and scope.future is False and anchor.month <= 6:
        return anchor.year - 1
    if scope.mod == "START" and scope.future is True and anchor.month > 6:
        return anchor.year + 1
    return anchor.year


def holiday(scope: Scope, name: Optional[str], y: Any = None, step: Any = None) -> Optional[str]:
    """A holiday's date: in the year written, else the one the relation or clause points to."""
    lexicon = scope.grammar.lexicon
    key = next((h for h in lexicon.holidays if h.lower() == (name or "").lower()), None)
    if key is None:
        return None
    if _int(y) is not None:
        return lexicon.holiday_date(key, _int(y)).isoformat()
    anchor = scope.anchor
    if anchor is None:
        return "XXXX" + lexicon.holiday_date(key, 2001).isoformat()[4:]
    options = [lexicon.holiday_date(key, anchor.year + k) for k in (-1, 0, 1)]
    relation = _int(step)
    if relation == -1 or (relation is None and scope.future is False):
        return max(d for d in options if d <= anchor).isoformat()
    if relation == 1 or (relation is None and scope.future is True):
        return min(d for d in options if d >= anchor).isoformat()
    return min(options, key=lambda d: abs((d - anchor).days)).isoformat()


def duration(scope: Scope, n: Any, unit: Optional[str]) -> Optional[str]:
    """An ISO 8601 duration ("P53D"); `x` gives the unknown one ("PXY")."""
    if unit is None or n is None:
        return None
    try:
        return scope.grammar.units.duration_value(None if n is UNKNOWN else float(n), unit)
    except KeyError:
        return None


def clock(scope: Scope, hour: Any, minute: Any, ampm: Optional[str]) -> Optional[str]:
    """ "HH:MM" from a clock time as written; None for what is no clock time ("5" alone)."""
    h = _int(hour)
    m = _int(minute) if minute is not None else 0
    ampm = (ampm or "").replace(".", "")
    if h is None:
        return None
    if ampm == "pm" and h < 12:
        h += 12
    elif ampm == "am" and h == 12:
        h = 0
    if h > 24 or m > 59 or (not ampm and minute is None):
        return None
    return f"{h:02d}:{m:02d}"


def _resolved_day(scope: Scope, text: Optional[str], pattern: str) -> Optional[str]:
    if not text:
        return None
    found = scope.grammar.resolve(text, scope.anchor, scope.future, scope.reference)
    if found is None or found[0].type != "DATE" or not re.fullmatch(pattern, found[0].value):
        return None
    return found[0].value


def day_of(scope: Scope, text: Optional[str]) -> Optional[str]:
    """The day an expression names, resolved in full ("noon on Saturday")."""
    return _resolved_day(scope, text, r"\d{4}-\d{2}-\d{2}")


def day_of_any(scope: Scope, text: Optional[str]) -> Optional[str]:
    """The day an expression names, perhaps with unknown parts ("the morning of June 2")."""
    return _resolved_day(scope, text, r"[\dX]{4}-[\dX]{2}-[\dX]{2}")


def full_year(scope: Scope, y: Optional[str]) -> Optional[str]:
    """A fiscal year: "24" is 2024."""
    if y is None:
        return None
    return y if len(y) == 4 else f"20{y}"


def decade_century(scope: Scope, d: Any) -> Optional[str]:
    """The century of a decade written without it: the 90s are the 1990s, the 20s the 2020s."""
    return None if _int(d) is None else ("19" if _int(d) >= 3 else "20")


def dateparser(scope: Scope) -> Optional[str]:
    """Last resort for written dates the rules do not cover ("23/09/2024"), by dateparser."""
    found = _dateparser(scope.text, scope.anchor, scope.future)
    if found is None:
        return None
    moment, period = found
    anchor = scope.anchor
    if anchor is not None and abs(moment.year - anchor.year) > 100:
        return None  # "15 and 16 August next year" is not 2116
    if anchor is not None and abs(moment.year - anchor.year) > 1 and str(moment.year) not in scope.text:
        return None  # "March 11 and 12" is not 11 March 2012
    if period == "year":
        return f"{moment.year:04d}"
    if period == "month":
        return f"{moment.year:04d}-{moment.month:02d}"
    if period == "time" and (moment.hour or moment.minute):
        return moment.strftime("%Y-%m-%dT%H:%M")
    return moment.date().isoformat()


@lru_cache(maxsize=64)
def _date_parser(anchor: Optional[date], future: bool):
    from dateparser.date import DateDataParser  # imported lazily: it is slow to import

    settings = {"PREFER_DATES_FROM": "future" if future else "past", "RETURN_AS_TIMEZONE_AWARE": False,
                "PREFER_DAY_OF_MONTH": "first", "STRICT_PARSING": False}
    if anchor is not None:
        settings["RELATIVE_BASE"] = datetime(anchor.year, anchor.month, anchor.day)
    return DateDataParser(languages=["en"], settings=settings)


@lru_cache(maxsize=8192)
def _dateparser(text: str, anchor: Optional[date], future: Optional[bool]) -> Optional[tuple[datetime, str]]:
    try:
        data = _date_parser(anchor, bool(future)).get_date_data(text)
    except Exception:  # dateparser raises on odd input; a date we cannot read is no date
        return None
    if data is None or data.date_obj is None:
        return None
    return data.date_obj, data.period or "day"


#: the functions a template may call, by name
FUNCTIONS: dict[str, Callable[..., Any]] = {
    "day": day, "week": week, "month": month, "year": year, "quarter": quarter, "decade": decade,
    "century": century, "shift": shift, "neg": neg, "add": add, "sub": sub, "when_past": when_past,
    "weekday": weekday, "month_of_year": month_of_year, "date": date_of, "weekend": weekend,
    "season": season, "boundary_year": boundary_year, "holiday": holiday, "duration": duration,
    "clock": clock, "day_of": day_of, "day_of_any": day_of_any, "full_year": full_year,
    "decade_century": decade_century, "dateparser": dateparser,
}
