"""The functions a date rule's value template may call: the one piece of code that turns an
underspecified value ("two weeks ago", "the weekend", "May 3") into a TIMEX3 value against
the anchor (the publication date), the last date the story mentioned, and the direction the
sentence looks. Each takes the `Scope` of the match and its arguments, and returns the value,
or None when the rule does not apply (a number that is none, or too large to count with, such
as infinity). A period outside the years 0001..9999 follows the one rule of `periods`: it raises
`periods.BeyondCalendar`, and the rule's value becomes PAST_REF or FUTURE_REF."""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Optional, Protocol

from pipeline.rules.templates import UNKNOWN

from . import periods
from .story import FUNCTIONS as STORY_FUNCTIONS
from .story import Story

if TYPE_CHECKING:
    from pipeline.language.lexicon import Lexicon
    from pipeline.language.units import UnitTable


class Tables(Protocol):
    """What a template function reads of the date grammar (`grammar.DateGrammar`): its lexicon and
    unit table, the offset of a time zone, and the resolution of another expression (a TIMEX3
    value and its rule's id, or None)."""

    lexicon: "Lexicon"
    units: "UnitTable"

    def zone_offset(self, zone: Optional[str], day: str) -> str: ...

    def resolve(self, text: str, anchor: Optional[date], future: Optional[bool], story: Story) -> Optional[tuple]: ...


@dataclass
class Scope:
    """What a rule's template is evaluated in."""

    grammar: Tables  # the DateGrammar whose rule is evaluated
    text: str  # the whole expression, normalised
    anchor: Optional[date]  # dct: the publication date
    story: Story  # what the story has said so far
    future: Optional[bool]  # the clause looks forward (True), back (False) or neither (None)
    mod: Optional[str]  # the modifier read off the front

    @property
    def reference(self) -> Optional[date]:
        """ref: the last full day the story mentioned, else the anchor."""
        return self.story.day or self.anchor


def _int(value: Any) -> Optional[int]:
    """A whole number (a decimal cut to it); None for none, nan or infinity."""
    if value is None or value is UNKNOWN:
        return None
    try:
        return int(float(value))
    except (TypeError, ValueError, OverflowError):
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
decade = _period(lambda d, n: periods.decade_value(d.year // 10 + n), "XXX")
century = _period(lambda d, n: periods.century_value(d.year // 100 + n), "XX")
quarter = _period(periods.quarter_of, "XXXX-QX")


def year(scope: Scope, base: Optional[date], n: Any = 0) -> Optional[str]:
    step = _int(n)
    if step is None:
        return None
    return "XXXX" if base is None else periods.year_value(base.year + step)


def shift(scope: Scope, base: Optional[date], n: Any, unit: Optional[str]) -> Optional[str]:
    """The period `n` units of `unit` from `base` ("two weeks ago": shift(dct, -2, weeks))."""
    if unit is None or _int(n) is None:
        return None
    try:
        name = scope.grammar.units.time_unit(unit).name
    except KeyError:
        return None
    return periods.shift(base, _int(n), name)


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


def date_of(scope: Scope, y: Any, mo: Any, d: Any, weekday: Any = None) -> Optional[str]:
    """A calendar day; without a year, the year the clause points to ("May 3" said in
    September of a story looking back is this May), or the one whose day is the weekday written
    with it ("Friday, March 7" is the March 7 that falls on a Friday)."""
    month_number, day_number = _int(mo), _int(d)
    if month_number is None or day_number is None:
        return None
    if y is None:
        if scope.anchor is None:
            return f"XXXX-{month_number:02d}-{day_number:02d}"
        y = periods.day_month_year(scope.anchor, month_number, day_number, scope.future)
        if _int(weekday) is not None:
            fits = [k for k in (y, y - 1, y + 1) if periods.valid_date(k, month_number, day_number)
                    and date(k, month_number, day_number).isoweekday() == _int(weekday)]
            y = fits[0] if fits else y
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
    return f"{year_number:04d}-{code}"


def boundary_year(scope: Scope) -> Optional[Any]:
    """ "the end of the year": this year, or the one just gone when a past clause says it in the
    first half, or the next when a forward clause speaks of the start late in the year."""
    if scope.mod not in {"START", "MID", "END"}:
        return None  # a bare "year" refers to nothing by itself
    anchor = scope.anchor
    if anchor is None:
        return "XXXX"
    if scope.mod == "END" and scope.future is False and anchor.month <= 6:
        return periods.year_value(anchor.year - 1)
    if scope.mod == "START" and scope.future is True and anchor.month > 6:
        return periods.year_value(anchor.year + 1)
    return periods.year_value(anchor.year)


def holiday(scope: Scope, name: Optional[str], y: Any = None, step: Any = None) -> Optional[str]:
    """A holiday's date: in the year written, else the one the relation or clause points to."""
    lexicon = scope.grammar.lexicon
    key = next((h for h in lexicon.holidays if h.lower() == (name or "").lower()), None)
    if key is None:
        return None
    if _int(y) is not None:
        return lexicon.holiday_date(key, periods.within_calendar(_int(y))).isoformat()
    anchor = scope.anchor
    if anchor is None:
        return "XXXX" + lexicon.holiday_date(key, 2001).isoformat()[4:]
    years = [anchor.year + k for k in (-1, 0, 1) if periods.FIRST_YEAR <= anchor.year + k <= periods.LAST_YEAR]
    options = [lexicon.holiday_date(key, k) for k in years]
    relation = _int(step)
    if relation == -1 or (relation is None and scope.future is False):
        options = [d for d in options if d <= anchor]
        if not options:  # the last one was before the calendar's first year
            raise periods.BeyondCalendar(before=True)
        return max(options).isoformat()
    if relation == 1 or (relation is None and scope.future is True):
        options = [d for d in options if d >= anchor]
        if not options:
            raise periods.BeyondCalendar(before=False)
        return min(options).isoformat()
    return min(options, key=lambda d: abs((d - anchor).days)).isoformat()


def duration(scope: Scope, n: Any, unit: Optional[str]) -> Optional[str]:
    """An ISO 8601 duration ("P53D"); `x` gives the unknown one ("PXY")."""
    if unit is None or n is None:
        return None
    if n is not UNKNOWN and not math.isfinite(float(n)):
        return None  # a number too large to write ("1" and 400 zeros is infinity as a float)
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


def time_of(scope: Scope, day: Optional[str], hour: Any, minute: Any, ampm: Optional[str],
            zone: Optional[str] = None) -> Optional[str]:
    """A clock time on a day, with its zone: "Z" for UTC and GMT, the offset of a fixed zone
    ("-05:00" for EST), the offset on that day of a zone with daylight saving ("ET")."""
    moment = clock(scope, hour, minute, ampm)
    if day is None or moment is None:
        return None
    return f"{day}T{moment}{scope.grammar.zone_offset(zone, day)}"


def zone(scope: Scope, name: Optional[str], day: Optional[str] = None) -> Optional[str]:
    """What a value carries of the time zone `name` on `day` ("Z" for GMT; "" for none)."""
    return scope.grammar.zone_offset(name, day or "")


def week_of_month(scope: Scope, n: Any, mo: Any, y: Any = None) -> Optional[str]:
    """The ISO week of "the first/second/last week of April": the week that holds the middle
    of those seven days."""
    month_number = _int(mo)
    if month_number is None:
        return None
    if _int(y) is None:
        if scope.anchor is None:
            return None
        y = periods.month_year(scope.anchor, month_number, scope.future)
    year_number = periods.within_calendar(_int(y))
    if n in {"last", "final"}:  # the last seven days of the month
        middle = date(year_number, month_number, calendar.monthrange(year_number, month_number)[1] - 3)
    elif _int(n) is not None and 1 <= _int(n) <= 4:
        middle = date(year_number, month_number, 7 * _int(n) - 3)
    else:
        return None
    return periods.iso_week(middle)


def two_digit_year(scope: Scope, yy: Any) -> Optional[str]:
    """ "'91" or "09" as a year: the latest such year no more than ten years after the anchor."""
    if _int(yy) is None:
        return None
    limit = (scope.anchor.year if scope.anchor else 2000) + 10
    year = limit // 100 * 100 + _int(yy)
    return periods.year_value(year if year <= limit else year - 100)


def numeric_date(scope: Scope, first: Any, second: Any, y: Any) -> Optional[str]:
    """ "5/6/09": month first where the story's locale writes it so (the US), else day first;
    a number over 12 settles it either way."""
    a, b = _int(first), _int(second)
    if a is None or b is None:
        return None
    year = _int(y) if y is not None and len(str(y)) == 4 else two_digit_year(scope, y)
    month, day = (a, b) if (scope.story.month_first and a <= 12) or b > 12 else (b, a)
    return date_of(scope, year, month, day)


def spelled_year(scope: Scope, hundreds: Any, rest: Any = 0) -> Optional[int]:
    """ "nineteen ninety-one": hundreds and the rest (0 for "nineteen hundred")."""
    if _int(hundreds) is None or _int(rest) is None:
        return None
    return _int(hundreds) * 100 + _int(rest)


def _resolved_day(scope: Scope, text: Optional[str], pattern: str) -> Optional[str]:
    if not text:
        return None
    found = scope.grammar.resolve(text, scope.anchor, scope.future, scope.story)
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
        return moment.replace(tzinfo=None).isoformat(timespec="minutes")
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
    "decade_century": decade_century, "dateparser": dateparser, "time_of": time_of,
    "week_of_month": week_of_month, "two_digit_year": two_digit_year, "numeric_date": numeric_date,
    "spelled_year": spelled_year, "zone": zone, **STORY_FUNCTIONS,
}
