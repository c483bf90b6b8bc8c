"""Calendar arithmetic for TIMEX3 values: pure functions from an anchor date to the period a
relative expression names ("last week" -> 2024-W38, "three months ago" -> 2024-06).

**The calendar's range, one rule for every value.** A period (a day, week, month, quarter,
season, year, decade or century) is written only when it holds a day of 0001-01-01..9999-12-31:
what Python's `datetime.date` holds, and the four-digit year of ISO 8601 and TIMEX3 values. A
period wholly before that becomes TIMEX3's `PAST_REF`, one wholly after it `FUTURE_REF`, of type
DATE ("350,000 weeks ago" said in 2024 is PAST_REF; "900,000 years from now" FUTURE_REF).
Durations are no periods and keep their size (P350000W). The arithmetic here is on whole
numbers (day ordinals, month counts, years), which cannot overflow; every function that makes
a period passes its year through `within_calendar`, the rule, which raises `BeyondCalendar`
outside the range, and the date grammar turns that into the rule's value where a rule's value
is rendered (`DateGrammar._resolve`), so the whole value ("...T09:00", "...-WE") is replaced.
"""

from __future__ import annotations

import calendar
import math
from datetime import date, datetime, timedelta
from typing import Optional

#: TIMEX3 value of a day, week ... when there is no anchor to resolve against
UNKNOWN_DAY = "XXXX-XX-XX"
#: the years a period may be in: what `datetime.date` holds, the four digits of an ISO year
FIRST_YEAR, LAST_YEAR = date.min.year, date.max.year
#: what a period before / after those years becomes (TIMEX3's far past and future)
PAST_REF, FUTURE_REF = "PAST_REF", "FUTURE_REF"
_LAST_ORDINAL = date.max.toordinal()


class BeyondCalendar(ArithmeticError):
    """A period outside the calendar's range; `value` is what it becomes (PAST_REF, FUTURE_REF)."""

    def __init__(self, before: bool) -> None:
        self.value = PAST_REF if before else FUTURE_REF
        super().__init__(f"the period lies {'before year' if before else 'after year'} "
                         f"{FIRST_YEAR if before else LAST_YEAR}: {self.value}")


def within_calendar(first_year: int, last_year: Optional[int] = None) -> int:
    """The rule: `first_year` when the period of the years first_year..last_year (default: the
    one year) holds a year of 0001..9999; else raise BeyondCalendar (PAST_REF before, FUTURE_REF
    after)."""
    last = first_year if last_year is None else last_year
    if last < FIRST_YEAR:
        raise BeyondCalendar(before=True)
    if first_year > LAST_YEAR:
        raise BeyondCalendar(before=False)
    return first_year


def year_value(year: int) -> str:
    """ "2024": a year, in four digits."""
    return f"{within_calendar(year):04d}"


def decade_value(decade: int) -> str:
    """ "202": a decade (the years 2020-2029), in three digits."""
    within_calendar(10 * decade, 10 * decade + 9)
    return f"{decade:03d}"


def century_value(century: int) -> str:
    """ "20": a century (the years 2000-2099), in two digits."""
    within_calendar(100 * century, 100 * century + 99)
    return f"{century:02d}"


def add_days(d: date, days: int) -> date:
    """The day `days` after `d` (before it when negative), by the rule outside the calendar."""
    ordinal = d.toordinal() + days
    if not 1 <= ordinal <= _LAST_ORDINAL:
        within_calendar(FIRST_YEAR - 1 if ordinal < 1 else LAST_YEAR + 1)  # raises
    return date.fromordinal(ordinal)


def add_minutes(moment: datetime, minutes: float) -> datetime:
    """The moment `minutes` after `moment`, by the rule outside the calendar; ValueError for a
    number that is not one (nan, infinity)."""
    if not math.isfinite(minutes):
        raise ValueError(f"not a number of minutes: {minutes}")
    add_days(moment.date(), math.floor(minutes / 1440))  # the rule, before timedelta can overflow
    try:
        return moment + timedelta(minutes=minutes)
    except OverflowError:  # within a day of the calendar's ends
        raise BeyondCalendar(before=minutes < 0) from None


def iso_week(d: date) -> str:
    """ "2024-W39": the ISO week of a day."""
    year, week, _ = d.isocalendar()
    return f"{year:04d}-W{week:02d}"


def add_months(d: date, months: int) -> date:
    """The same day `months` later (the last day of the month when it is shorter)."""
    month = d.month - 1 + months
    year = within_calendar(d.year + month // 12)
    month = month % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def valid_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def shift(d: Optional[date], n: int, unit: str) -> Optional[str]:
    """The period `n` units from `d`, at the unit's granularity: years give a year, weeks an
    ISO week, quarters a quarter, hours a time on a day ("2024-09-24TXX:XX"), minutes and
    seconds the day they land on; no anchor gives "XXXX-XX-XX". `unit` is a time unit's name
    in units.tsv ("week"); None for one the calendar does not count in."""
    if d is None:
        return UNKNOWN_DAY
    if unit == "year":
        return year_value(d.year + n)
    if unit == "decade":
        return decade_value(d.year // 10 + n)
    if unit == "century":
        return century_value(d.year // 100 + n)
    if unit == "quarter":
        return quarter_of(d, n)
    if unit == "month":
        moved = add_months(d, n)
        return f"{moved.year:04d}-{moved.month:02d}"
    if unit in {"week", "fortnight"}:
        return iso_week(add_days(d, 7 * n * (2 if unit == "fortnight" else 1)))
    if unit in {"day", "night"}:
        return add_days(d, n).isoformat()
    seconds = {"hour": 3600, "minute": 60, "second": 1}.get(unit)
    if seconds is None:
        return None
    # counted from noon: the day it lands on; an hour's count also says the time is unknown
    day = add_days(d, (12 * 3600 + n * seconds) // (24 * 3600)).isoformat()
    return day + "TXX:XX" if unit == "hour" else day


def weekday_date(anchor: date, weekday: int, future: Optional[bool], step: Optional[int] = None) -> date:
    """The date of `weekday` (Monday = 1) relative to `anchor`: in the week `step` weeks away
    when a relation is said ("last Tuesday": -1, "this Friday": 0, "next Monday": 1), else the
    nearest in the direction the sentence looks (`future` None: the nearest either way)."""
    delta = weekday - anchor.isoweekday()
    if step == -1:
        return add_days(anchor, delta - 7 if delta >= 0 else delta)
    if step == 1:
        return add_days(anchor, delta + 7 if delta <= 0 else delta)
    if step == 0:
        return add_days(anchor, delta)
    if delta == 0:
        return anchor
    if future is None:
        return add_days(anchor, delta - 7 if delta > 3 else delta + 7 if delta < -3 else delta)
    if future:
        return add_days(anchor, delta if delta > 0 else delta + 7)
    return add_days(anchor, delta if delta < 0 else delta - 7)


def month_year(anchor: date, month: int, future: Optional[bool], step: Optional[int] = None) -> int:
    """The year of a month named without one, relative to `anchor`: by the relation said
    (`step` -1, 0, 1), else the nearest in the sentence's direction."""
    return within_calendar(_month_year(anchor, month, future, step))


def _month_year(anchor: date, month: int, future: Optional[bool], step: Optional[int]) -> int:
    if step == -1:
        return anchor.year if month < anchor.month else anchor.year - 1
    if step == 1:
        return anchor.year if month > anchor.month else anchor.year + 1
    if step == 0 or month == anchor.month:
        return anchor.year
    if future is None:
        if month - anchor.month > 6:
            return anchor.year - 1
        return anchor.year + 1 if anchor.month - month > 6 else anchor.year
    if future:
        return anchor.year if month > anchor.month else anchor.year + 1
    return anchor.year if month < anchor.month else anchor.year - 1


def day_month_year(anchor: date, month: int, day: int, future: Optional[bool]) -> int:
    """The year of a day and month named without one ("May 3"): this year's in the month of the
    anchor; the nearest such day when the sentence looks neither way; else as `month_year`."""
    if month == anchor.month:
        return anchor.year
    if future is None:
        options = [y for y in (anchor.year - 1, anchor.year, anchor.year + 1) if valid_date(y, month, day)]
        if options:
            return min(options, key=lambda y: abs((date(y, month, day) - anchor).days))
    return month_year(anchor, month, future)


def weekend_week(anchor: date, future: Optional[bool], step: Optional[int]) -> str:
    """The ISO week of "the weekend": the coming one in a forward sentence (next week's when said
    on a Sunday), else the last one (this week's when said on the weekend)."""
    if step is None:
        if future:
            step = 1 if anchor.isoweekday() == 7 else 0
        else:
            step = -1 if anchor.isoweekday() < 6 else 0
    return iso_week(add_days(anchor, 7 * step))


def season_year(anchor: date, season_month: int, is_winter: bool, future: Optional[bool],
                step: Optional[int]) -> int:
    """The year of a season named without one ("last winter"): a winter said in January or
    February is the one that began the year before; otherwise by the relation said, or the
    sentence's direction (a past season that has not begun yet this year is last year's)."""
    year = anchor.year
    early_winter = is_winter and anchor.month <= 2
    if early_winter:
        year -= 1
    if step == -1 or (step is None and not future and season_month > anchor.month and not early_winter):
        year -= 1
    elif step == 1 or (step is None and future and season_month < anchor.month):
        year += 1
    return within_calendar(year)


def quarter_of(anchor: date, step: int) -> str:
    """ "2024-Q3": the quarter `step` quarters from the anchor's."""
    q = (anchor.month - 1) // 3 + step
    return f"{year_value(anchor.year + q // 4)}-Q{q % 4 + 1}"
