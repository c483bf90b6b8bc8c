"""What a story has said so far, for the expressions that point back into it: "the quarter",
"the year-ago quarter", "the same period last year", "the prior year", "the same day".

``Story`` records the last period of each granularity the story named (a day also names its
week, month, quarter, half and year); the functions here are the ones a rule's template calls
to point back. Where the story named none, the part that cannot be known stays X
("2024-QX"), as TimeML writes it, rather than a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Optional

from . import periods

_YEAR_AND_REST = re.compile(r"(\d{4})(.*)")
_MONTH_AND_DAY = re.compile(r"-\d{2}-\d{2}")

#: granularities, coarsest first
UNITS = ("year", "half", "quarter", "month", "week", "day")
_VALUE = {
    "day": re.compile(r"(\d{4})-(\d{2})-(\d{2})"),
    "week": re.compile(r"(\d{4})-W(\d{2})"),
    "month": re.compile(r"(\d{4})-(\d{2})"),
    "quarter": re.compile(r"(\d{4})-Q([1-4])"),
    "half": re.compile(r"(\d{4})-H([12])"),
    "year": re.compile(r"(\d{4})"),
}


@dataclass(frozen=True)
class Story:
    """The story so far, as a relative expression sees it (hashable: it is part of a cache key)."""

    day: Optional[date] = None  # the last full day mentioned: "two days later" counts from it
    last: tuple[tuple[str, str], ...] = ()  # (granularity, value) of the last mention of each
    latest: Optional[str] = None  # the last period (a week or longer) the story mentioned
    month_first: bool = True  # "5/6/09" is May 6 (as in the US), else June 5

    def told(self, value: str) -> "Story":
        """The story after it mentions the DATE value `value` ("2024-Q3", "2024-03-12", "2019")."""
        found = granularity(value)
        if found is None:
            return self
        known = dict(self.last)
        for unit in UNITS[:UNITS.index(found) + 1] if found != "week" else ("week",):
            known[unit] = convert(value, found, unit)
        day = date.fromisoformat(value[:10]) if found == "day" else self.day
        latest = value if found != "day" else self.latest
        return replace(self, day=day, last=tuple(sorted(known.items())), latest=latest)

    def period(self, unit: str) -> Optional[str]:
        return dict(self.last).get(unit)


def granularity(value: str) -> Optional[str]:
    """The granularity of a DATE value: "2024-Q3" -> "quarter"; None for others ("PRESENT_REF")."""
    for unit in ("day", "week", "quarter", "half", "month", "year"):
        if _VALUE[unit].fullmatch(value[:10] if unit == "day" else value):
            return unit
    return None


def convert(value: str, found: str, unit: str) -> Optional[str]:
    """A value of granularity `found` as the coarser `unit` that holds it ("2024-03-12" as a quarter
    is "2024-Q1")."""
    m = _VALUE[found].fullmatch(value[:10] if found == "day" else value)
    year = int(m.group(1))
    if unit == "year":
        return f"{year:04d}"
    if found in {"day", "month"}:
        month = int(m.group(2))
        if unit == "month":
            return f"{year:04d}-{month:02d}"
        if unit == "quarter":
            return f"{year:04d}-Q{(month - 1) // 3 + 1}"
        if unit == "half":
            return f"{year:04d}-H{(month - 1) // 6 + 1}"
        if unit == "week":
            return periods.iso_week(date(year, month, int(m.group(3))))
        return value[:10]
    if found == "quarter" and unit == "half":
        return f"{year:04d}-H{(int(m.group(2)) - 1) // 2 + 1}"
    return value if unit == found else None


def shift_years(value: Optional[str], years: int) -> Optional[str]:
    """The same period `years` years away: "2024-Q3", -1 -> "2023-Q3"; 29 February a year away
    is 28 February."""
    if value is None:
        return None
    m = _YEAR_AND_REST.match(value)
    if m is None:
        return None
    rest = m.group(2)
    if _MONTH_AND_DAY.fullmatch(rest):
        return periods.add_months(date.fromisoformat(value), 12 * years).isoformat()
    return f"{periods.year_value(int(m.group(1)) + years)}{rest}"


_UNKNOWN_PART = {"year": "", "half": "-HX", "quarter": "-QX", "month": "-XX", "week": "-WXX"}


def last(scope: Any, unit: Optional[str], years: Any = 0) -> Optional[str]:
    """The last period of `unit` the story named ("the quarter"), `years` years away ("the
    year-ago quarter"); where it named none, this year's with the rest unknown ("2024-QX")."""
    if unit not in UNITS:
        return None
    story: Story = scope.story
    found = story.period(unit)
    if found is None:
        if unit == "day":
            base = story.day or scope.anchor
            found = base.isoformat() if base else periods.UNKNOWN_DAY
        else:
            found = (f"{scope.anchor.year:04d}" if scope.anchor else "XXXX") + _UNKNOWN_PART[unit]
            if unit == "year" and scope.anchor is None:
                return "XXXX"
    years = int(years or 0)
    return shift_years(found, years) if years and not found.startswith("X") else found


def same_period(scope: Any, years: Any = 0) -> Optional[str]:
    """The period (a week or longer) the story named last, `years` years away ("the same period
    last year"); the anchor's year when it named none."""
    story: Story = scope.story
    found = story.latest or (f"{scope.anchor.year:04d}" if scope.anchor else None)
    if found is None:
        return "XXXX"
    return shift_years(found, int(years or 0))


def same_period_in(scope: Any, year: Any) -> Optional[str]:
    """The period the story named last, in the year written ("the same period of 2019" after "the
    first half of 2023" is 2019-H1); the year itself when the story named none."""
    if year is None:
        return None
    found = scope.story.latest
    return f"{int(year):04d}{found[4:]}" if found else f"{int(year):04d}"


FUNCTIONS = {"last": last, "same_period": same_period, "same_period_in": same_period_in}
