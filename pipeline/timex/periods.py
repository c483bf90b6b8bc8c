"""Calendar arithmetic for TIMEX3 values: pure functions from an anchor date to the period a
relative expression names ("last week" -> 2024-W38, "three months ago" -> 2024-06)."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from typing import Optional

#: TIMEX3 value of a day, week ... when there is no anchor to resolve against
UNKNOWN_DAY = "XXXX-XX-XX"


def iso_week(d: date) -> str:
    """ "2024-W39": the ISO week of a day."""
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def add_months(d: date, months: int) -> date:
    """The same day `months` later (the last day of the month when it is shorter)."""
    month = d.month - 1 + months
    year = d.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def valid_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def shift(d: Optional[date], n: int, unit: str) -> str:
    """The period `n` units from `d`, at the unit's granularity: years give a year, weeks an
    ISO week, hours a time on a day ("2024-09-24TXX:XX"); no anchor gives "XXXX-XX-XX"."""
    if d is None:
        return UNKNOWN_DAY
    unit = unit.lower().rstrip("s")
    if unit in {"year", "yr"}:
        return str(d.year + n)
    if unit == "decade":
        return str((d.year + 10 * n) // 10)
    if unit == "month":
        return add_months(d, n).strftime("%Y-%m")
    if unit in {"week", "fortnight"}:
        return iso_week(d + timedelta(weeks=n * (2 if unit == "fortnight" else 1)))
    if unit in {"day", "night"}:
        return (d + timedelta(days=n)).isoformat()
    if unit in {"hour", "hr"}:
        moment = datetime(d.year, d.month, d.day, 12) + timedelta(hours=n)
        return moment.date().isoformat() + "TXX:XX"
    return d.isoformat()


def weekday_date(anchor: date, weekday: int, future: Optional[bool], step: Optional[int] = None) -> date:
    """The date of `weekday` (Monday = 1) relative to `anchor`: in the week `step` weeks away
    when a relation is said ("last Tuesday": -1, "this Friday": 0, "next Monday": 1), else the
    nearest in the direction the sentence looks (`future` None: the nearest either way)."""
    delta = weekday - anchor.isoweekday()
    if step == -1:
        return anchor + timedelta(days=delta - 7 if delta >= 0 else delta)
    if step == 1:
        return anchor + timedelta(days=delta + 7 if delta <= 0 else delta)
    if step == 0:
        return anchor + timedelta(days=delta)
    if delta == 0:
        return anchor
    if future is None:
        return anchor + timedelta(days=delta - 7 if delta > 3 else delta + 7 if delta < -3 else delta)
    if future:
        return anchor + timedelta(days=delta if delta > 0 else delta + 7)
    return anchor + timedelta(days=delta if delta < 0 else delta - 7)


def month_year(anchor: date, month: int, future: Optional[bool], step: Optional[int] = None) -> int:
    """The year of a month named without one, relative to `anchor`: by the relation said
    (`step` -1, 0, 1), else the nearest in the sentence's direction."""
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
    return iso_week(anchor + timedelta(weeks=step))


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
    return year


def quarter_of(anchor: date, step: int) -> str:
    """ "2024-Q3": the quarter `step` quarters from the anchor's."""
    q = (anchor.month - 1) // 3 + step
    return f"{anchor.year + q // 4}-Q{q % 4 + 1}"
