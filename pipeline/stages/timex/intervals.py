"""The calendar interval a TIMEX3 date value names, as two moments: the table's `period_start`
and `period_end` ("2024-05" -> 2024-05-01T00:00 up to, not including, 2024-06-01T00:00).

A pure function of the value. What each form covers: a day, a month, a year; "199" the decade
1990-1999 and "19" the century 1900-1999; "2024-W39" the ISO week (Monday to Sunday), "-WE" its
weekend (Saturday and Sunday) and "2024-W39-3" its Wednesday; "2024-Q1" and "2024-H2" quarters and
halves; seasons as the meteorologists' of the northern hemisphere (spring March-May, summer
June-August, autumn September-November, winter December to February, begun in the year named, as
the date rules resolve it); a time of day to its hour, minute or second, as written, its zone left
in the value; a part of the day ("TMO", "TNI") its whole day. Anything else -- durations, sets,
PRESENT_REF and the other references, values with unknown digits (XXXX-...) -- has none.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Optional

Interval = tuple[datetime, datetime]

#: season -> (first month, months)
SEASONS = {"SP": (3, 3), "SU": (6, 3), "FA": (9, 3), "WI": (12, 3)}

_VALUE = re.compile(
    r"(?P<year>\d{4})(?:"
    r"-(?P<month>\d{2})(?:-(?P<day>\d{2})(?:T(?:(?P<hour>\d{2})(?::(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
    r"(?:Z|[+-]\d{2}(?::?\d{2})?)?|(?P<part>MO|MI|AF|EV|NI|DT)))?)?"
    r"|-W(?P<week>\d{2})(?:-(?P<weekday>[1-7])|-(?P<weekend>WE))?"
    r"|-Q(?P<quarter>[1-4])|-H(?P<half>[12])|-(?P<season>SP|SU|FA|WI)"
    r")?")
_DECADE, _CENTURY = re.compile(r"\d{3}"), re.compile(r"\d{2}")


def timex_interval(value: Optional[str]) -> Optional[Interval]:
    """The interval a TIMEX3 value names: (first moment, moment just past it), or None when it
    names none or one outside the years 0001-9999."""
    if not value:
        return None
    try:
        if _DECADE.fullmatch(value):
            return _years(int(value) * 10, 10)
        if _CENTURY.fullmatch(value):
            return _years(int(value) * 100, 100)
        match = _VALUE.fullmatch(value)
        return _interval(match) if match else None
    except (ValueError, OverflowError):  # a day that is not (2024-02-30), or a year past 9999
        return None


def _interval(m: re.Match) -> Interval:
    year = int(m["year"])
    if m["month"] and m["day"] and m["hour"]:
        start = datetime(year, int(m["month"]), int(m["day"]), int(m["hour"]), int(m["minute"] or 0),
                         int(m["second"] or 0))
        step = timedelta(seconds=1) if m["second"] else timedelta(minutes=1) if m["minute"] else timedelta(hours=1)
        return start, start + step
    if m["day"]:
        start = datetime(year, int(m["month"]), int(m["day"]))
        return start, start + timedelta(days=1)
    if m["month"]:
        return _months(year, int(m["month"]), 1)
    if m["week"]:
        monday = datetime.combine(date.fromisocalendar(year, int(m["week"]), 1), datetime.min.time())
        if m["weekday"]:
            day = monday + timedelta(days=int(m["weekday"]) - 1)
            return day, day + timedelta(days=1)
        if m["weekend"]:
            return monday + timedelta(days=5), monday + timedelta(days=7)
        return monday, monday + timedelta(days=7)
    if m["quarter"]:
        return _months(year, 3 * int(m["quarter"]) - 2, 3)
    if m["half"]:
        return _months(year, 6 * int(m["half"]) - 5, 6)
    if m["season"]:
        return _months(year, *SEASONS[m["season"]])
    return _years(year, 1)


def _months(year: int, month: int, count: int) -> Interval:
    """`count` months from `month` of `year`."""
    after = year * 12 + month - 1 + count
    return datetime(year, month, 1), datetime(after // 12, after % 12 + 1, 1)


def _years(year: int, count: int) -> Interval:
    return datetime(max(year, 1), 1, 1), datetime(year + count, 1, 1)
