"""Stage 3: temporal expressions with TIMEX3 type and value.

``resolve_timex`` is a pure function from a candidate string and an anchor date (the
publication date) to a ``Timex``; the ``TimexTagger`` component finds candidates (the
statistical DATE/TIME entities plus patterns for what NER misses), drops those inside
names ("Long March 5"), works out from the parse whether the sentence looks forward, and
writes the resolved spans to ``doc.spans["timex"]`` with ``span._.timex``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Iterable, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .attrs import TIMEX, in_name, name_spans
from .guard import guarded
from .numbers import NUM_RE, NUMBER_WORDS, parse_number as _number


@dataclass(frozen=True)
class Timex:
    """TIMEX3 attributes of one temporal expression."""

    type: str  # DATE, TIME, DURATION or SET
    value: str  # e.g. 2024-09-23, 2019-01, P53D, PT49H, 2024-06-02TMO, PRESENT_REF
    mod: Optional[str] = None  # APPROX, MORE_THAN, LESS_THAN, START, MID, END, ...

    def as_dict(self) -> dict:
        return asdict(self)


# ---------------------------------------------------------------------------- vocabulary

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}
WEEKDAYS = {
    "monday": 1, "mon": 1, "tuesday": 2, "tue": 2, "tues": 2, "wednesday": 3, "wed": 3,
    "thursday": 4, "thu": 4, "thur": 4, "thurs": 4, "friday": 5, "fri": 5, "saturday": 6,
    "sat": 6, "sunday": 7, "sun": 7,
}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI",
                "overnight": "NI", "noon": "MI", "midday": "MI"}
VAGUE_NUMBERS = {"a few", "few", "several", "some", "many", "a couple", "couple of", "recent",
                 "the past few", "numerous", "multiple", "the next few", "the last few"}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3,
            "4th": 4}
# unit -> (ISO 8601 designator, needs the time "T" prefix, multiplier)
DURATION_UNITS = {
    "second": ("S", True, 1), "sec": ("S", True, 1), "minute": ("M", True, 1),
    "min": ("M", True, 1), "hour": ("H", True, 1), "hr": ("H", True, 1), "day": ("D", False, 1),
    "night": ("D", False, 1), "week": ("W", False, 1), "fortnight": ("W", False, 2),
    "month": ("M", False, 1), "quarter": ("Q", False, 1), "year": ("Y", False, 1),
    "yr": ("Y", False, 1), "decade": ("Y", False, 10), "century": ("Y", False, 100),
}
DURATION_MODS = [
    ("more than", "MORE_THAN"), ("over", "MORE_THAN"), ("longer than", "MORE_THAN"),
    ("at least", "EQUAL_OR_MORE"), ("no less than", "EQUAL_OR_MORE"),
    ("less than", "LESS_THAN"), ("under", "LESS_THAN"), ("nearly", "LESS_THAN"),
    ("almost", "LESS_THAN"), ("just under", "LESS_THAN"), ("fewer than", "LESS_THAN"),
    ("at most", "EQUAL_OR_LESS"), ("up to", "EQUAL_OR_LESS"), ("no more than", "EQUAL_OR_LESS"),
    ("about", "APPROX"), ("around", "APPROX"), ("approximately", "APPROX"), ("some", "APPROX"),
    ("roughly", "APPROX"), ("an estimated", "APPROX"), ("a mere", None), ("just", None),
    ("only", None), ("a full", None), ("another", None), ("the", None),
]
DATE_MODS = [
    ("early", "START"), ("earlier", None), ("the start of", "START"),
    ("the beginning of", "START"), ("the end of", "END"), ("late", "END"), ("later", None),
    ("the middle of", "MID"), ("mid", "MID"), ("about", "APPROX"), ("around", "APPROX"),
    ("end of", "END"), ("start of", "START"), ("beginning of", "START"), ("middle of", "MID"),
]
PRESENT = {"now", "currently", "at present", "nowadays", "presently", "right now", "at the moment",
           "present", "the present", "these days", "today's"}
PAST = {"recently", "lately", "the past", "in the past", "previously", "formerly", "once",
        "at the time", "back then", "earlier", "before"}
FUTURE = {"the future", "in the future", "soon", "later", "in the coming years", "shortly"}
SET_ADVERBS = {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M", "annual": "P1Y",
               "quarterly": "P3M", "annually": "P1Y", "yearly": "P1Y", "hourly": "PT1H"}

def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th (1-based; -1 = last) given weekday (Monday = 1) of a month."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)


def _easter(year: int) -> date:
    """Western Easter Sunday (the Meeus/Jones/Butcher computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    return date(year, month, (h + l - 7 * m + 114) % 31 + 1)


#: holidays used as times: name -> the date in a given year
HOLIDAYS = {
    "New Year's Day": lambda y: date(y, 1, 1), "New Year's Eve": lambda y: date(y, 12, 31),
    "Valentine's Day": lambda y: date(y, 2, 14), "St Patrick's Day": lambda y: date(y, 3, 17),
    "St. Patrick's Day": lambda y: date(y, 3, 17), "Good Friday": lambda y: _easter(y) - timedelta(days=2),
    "Easter Sunday": _easter, "Easter Monday": lambda y: _easter(y) + timedelta(days=1), "Easter": _easter,
    "May Day": lambda y: date(y, 5, 1), "Memorial Day": lambda y: _nth_weekday(y, 5, 1, -1),
    "Independence Day": lambda y: date(y, 7, 4), "Bastille Day": lambda y: date(y, 7, 14),
    "Labor Day": lambda y: _nth_weekday(y, 9, 1, 1), "Halloween": lambda y: date(y, 10, 31),
    "Bonfire Night": lambda y: date(y, 11, 5), "Guy Fawkes Night": lambda y: date(y, 11, 5),
    "Veterans Day": lambda y: date(y, 11, 11), "Remembrance Day": lambda y: date(y, 11, 11),
    "Thanksgiving Day": lambda y: _nth_weekday(y, 11, 4, 4), "Thanksgiving": lambda y: _nth_weekday(y, 11, 4, 4),
    "Black Friday": lambda y: _nth_weekday(y, 11, 4, 4) + timedelta(days=1),
    "Christmas Eve": lambda y: date(y, 12, 24), "Christmas Day": lambda y: date(y, 12, 25),
    "Christmas": lambda y: date(y, 12, 25), "Boxing Day": lambda y: date(y, 12, 26),
}
_HOLIDAY_KEYS = {name.lower(): name for name in HOLIDAYS}

MONTH_RE = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?)"
WEEKDAY_RE = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?\.?|(?:tues|wednes|thurs|satur)day"
UNIT_RE = r"(?:second|sec|minute|min|hour|hr|day|night|week|fortnight|month|quarter|year|yr|decade|century|centurie)s?"
TZ_RE = r"local time|gmt|utc|bst|cet|cest|et|est|edt|ct|cst|cdt|mt|mst|mdt|pt|pst|pdt|jst|ist|aest|hkt|z\b"
TIME_RE = (r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ap>a\.?m\.?|p\.?m\.?)?"
           r"(?:\s*(?P<tz>" + TZ_RE + r"))?")

_SPACES = re.compile(r"\s+")


# ---------------------------------------------------------------------------- helpers


def _fmt_number(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def duration_value(n: Optional[float], unit: str) -> str:
    """ISO 8601 duration for `n` units ("P53D", "PT49H", "P10Y"); `None` gives "PXD" etc."""
    unit = unit.lower().rstrip("s") if unit.lower() not in {"hrs", "mins", "secs"} else unit[:-1]
    if unit == "centurie":
        unit = "century"
    designator, timed, factor = DURATION_UNITS[unit]
    prefix = "PT" if timed else "P"
    if n is None:
        return f"{prefix}X{'DE' if unit == 'decade' else 'CE' if unit == 'century' else designator}"
    if unit == "quarter":
        n, designator = n * 3, "M"
    n = n * factor
    if not float(n).is_integer() and designator in {"H", "M", "D", "Y", "W"}:
        # half an hour -> PT30M, 1.5 days -> P36H would change unit; keep decimals otherwise
        if designator == "H" and timed:
            return f"PT{_fmt_number(n * 60)}M"
    return f"{prefix}{_fmt_number(n)}{designator}"


def _iso_week(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def _add_months(d: date, months: int) -> date:
    month = d.month - 1 + months
    year = d.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _shift(d: date, n: int, unit: str) -> tuple[str, str]:
    """(type, value) of the date `n` units from `d` at the granularity of the unit."""
    unit = unit.lower().rstrip("s")
    if unit in {"year", "yr"}:
        return "DATE", str(d.year + n)
    if unit == "decade":
        return "DATE", str((d.year + 10 * n) // 10)
    if unit == "month":
        return "DATE", _add_months(d, n).strftime("%Y-%m")
    if unit in {"week", "fortnight"}:
        return "DATE", _iso_week(d + timedelta(weeks=n * (2 if unit == "fortnight" else 1)))
    if unit in {"day", "night"}:
        return "DATE", (d + timedelta(days=n)).isoformat()
    if unit in {"hour", "hr"}:
        moment = datetime(d.year, d.month, d.day, 12) + timedelta(hours=n)
        return "TIME", moment.date().isoformat() + "TXX:XX"
    return "DATE", d.isoformat()


def _weekday_date(anchor: date, weekday: int, future: Optional[bool], relation: str = "") -> date:
    """The date of `weekday` nearest to `anchor` in the direction the sentence looks
    (`future` None: the nearest either way)."""
    delta = weekday - anchor.isoweekday()
    if relation == "last":
        return anchor + timedelta(days=delta - 7 if delta >= 0 else delta)
    if relation == "next":
        return anchor + timedelta(days=delta + 7 if delta <= 0 else delta)
    if relation == "this":
        return anchor + timedelta(days=delta)
    if delta == 0:
        return anchor
    if future is None:
        return anchor + timedelta(days=delta - 7 if delta > 3 else delta + 7 if delta < -3 else delta)
    if future:
        return anchor + timedelta(days=delta if delta > 0 else delta + 7)
    return anchor + timedelta(days=delta if delta < 0 else delta - 7)


def _month_year(anchor: date, month: int, future: Optional[bool], relation: str = "") -> int:
    """The year of a bare month name, nearest to `anchor` in the sentence's direction
    (`future` None: the nearest either way)."""
    if relation == "last":
        return anchor.year if month < anchor.month else anchor.year - 1
    if relation == "next":
        return anchor.year if month > anchor.month else anchor.year + 1
    if relation == "this" or month == anchor.month:
        return anchor.year
    if future is None:
        return anchor.year - 1 if month - anchor.month > 6 else anchor.year + 1 if anchor.month - month > 6 else anchor.year
    if future:
        return anchor.year if month > anchor.month else anchor.year + 1
    return anchor.year if month < anchor.month else anchor.year - 1


def _strip_mods(text: str, table: list[tuple[str, Optional[str]]]) -> tuple[str, Optional[str]]:
    mod = None
    changed = True
    while changed:
        changed = False
        for words, code in table:
            for sep in (" ", "-"):
                if text.startswith(words + sep):
                    text = text[len(words) + 1:].strip()
                    mod = mod or code
                    changed = True
    return text, mod


def _time_of_day(match: re.Match, day: str) -> Optional[tuple[str, str]]:
    hour = int(match.group("h"))
    minute = int(match.group("m") or 0)
    ampm = (match.group("ap") or "").replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 24 or minute > 59 or (not ampm and not match.group("m")):
        return None
    value = f"{day}T{hour:02d}:{minute:02d}"
    return "TIME", value


# ---------------------------------------------------------------------------- resolution


def resolve_timex(text: str, anchor: Optional[date], *, future: Optional[bool] = False,
                  reference: Optional[date] = None) -> Optional[Timex]:
    """Resolve one temporal expression to TIMEX3 type, value and modifier.

    text (str): the expression as written, e.g. "on Monday", "January 2019", "49 hours".
    anchor (Optional[date]): the publication date that relative expressions resolve against;
        without it relative dates stay underspecified ("XXXX-09-23").
    future (Optional[bool]): the sentence looks forward ("will meet on Friday"), so a bare
        weekday or month is the next one; False: back ("met on Friday"); None: the nearest
        ("the budget goes to council on 5 March").
    reference (Optional[date]): the last date the story mentioned, for "two days later".
    RETURNS (Optional[Timex]): the TIMEX3 attributes, or None when `text` is not temporal.
    """
    if re.search(r"\bmay\b(?! \d)", text) and not re.search(r"\bMay\b", text):
        return None  # lowercase "may" is the modal verb; the month is "May"
    return _resolve_cached(_normalise(text), anchor, future, reference)


def _normalise(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    text = _SPACES.sub(" ", text.strip().lower()).strip(" ,;:")
    text = re.sub(r"^(?:on|in|at|by|since|until|till|from|during|for|of|to|through|before|after|as of|within) ", "", text)
    return re.sub(r"(?:'s|')$", "", text)


@lru_cache(maxsize=8192)
def _resolve_cached(t: str, anchor: Optional[date], future: Optional[bool],
                    reference: Optional[date]) -> Optional[Timex]:
    if not t or not re.search(r"[a-z0-9]", t):
        return None
    for rule in (_holiday_rule, _set_rule, _ref_rule, _ago_rule, _duration_rule, _relative_rule,
                 _absolute_rule, _dateparser_rule):
        found = rule(t, anchor, future, reference or anchor)
        if found is not None:
            return found
    return None


def _holiday_rule(t, anchor, future, reference) -> Optional[Timex]:
    """ "Thanksgiving", "Christmas Eve 2023", "last Christmas": the holiday nearest in the
    sentence's direction, or in the year given."""
    m = re.fullmatch(r"(?:(last|next|this) )?(.+?)(?:,? (\d{4}))?", t)
    name = _HOLIDAY_KEYS.get(m.group(2)) if m else None
    if name is None:
        return None
    rule = HOLIDAYS[name]
    if m.group(3):
        return Timex("DATE", rule(int(m.group(3))).isoformat())
    if anchor is None:
        return Timex("DATE", "XXXX" + rule(2001).isoformat()[4:])
    options = [rule(anchor.year + k) for k in (-1, 0, 1)]
    relation = m.group(1)
    if relation == "last" or (relation is None and future is False):
        return Timex("DATE", max(d for d in options if d <= anchor).isoformat())
    if relation == "next" or (relation is None and future is True):
        return Timex("DATE", min(d for d in options if d >= anchor).isoformat())
    return Timex("DATE", min(options, key=lambda d: abs((d - anchor).days)).isoformat())


def _set_rule(t, anchor, future, reference) -> Optional[Timex]:
    if t in SET_ADVERBS:
        return Timex("SET", SET_ADVERBS[t])
    m = re.fullmatch(r"(?:once |twice |(?:\w+) times )?(?:a|an|per|every|each) (\w+)", t)
    if m and (t.startswith(("once", "twice")) or " times " in t):
        unit = m.group(1)
        if unit.rstrip("s") in DURATION_UNITS:
            return Timex("SET", duration_value(1, unit))
    m = re.fullmatch(r"(?:every|each) (other )?(.+)", t)
    if not m:
        return None
    rest = m.group(2)
    step = 2 if m.group(1) else 1
    if rest in WEEKDAYS or rest.rstrip("s") in WEEKDAYS:
        return Timex("SET", f"XXXX-WXX-{WEEKDAYS[rest.rstrip('s')]}")
    if rest in PARTS_OF_DAY:
        return Timex("SET", f"XXXX-XX-XXT{PARTS_OF_DAY[rest]}")
    if rest in SEASONS:
        return Timex("SET", f"XXXX-{SEASONS[rest]}")
    if rest in MONTHS:
        return Timex("SET", f"XXXX-{MONTHS[rest]:02d}")
    if rest == "season":
        return Timex("SET", "XXXX-WI")
    m2 = re.fullmatch(rf"({NUM_RE} |a few |few |several |many )?({UNIT_RE})", rest)
    if m2:
        n = _number(m2.group(1)) if m2.group(1) else step
        if m2.group(1) and m2.group(1).strip() in {"a few", "few", "several", "many"}:
            n = None  # "every few hours": PTXH
        return Timex("SET", duration_value(n, m2.group(2)))
    return None


def _ref_rule(t, anchor, future, reference) -> Optional[Timex]:
    if t in PRESENT:
        return Timex("DATE", "PRESENT_REF")
    if t in PAST:
        return Timex("DATE", "PAST_REF")
    if t in FUTURE:
        return Timex("DATE", "FUTURE_REF")
    day_words = {"today": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
                 "the day after tomorrow": 2}
    m = re.fullmatch(r"(today|yesterday|tomorrow|tonight|this|last|overnight)"
                     r"(?: (morning|afternoon|evening|night))?", t)
    if t in day_words:
        if anchor is None:
            return Timex("DATE", "XXXX-XX-XX")
        return Timex("DATE", (anchor + timedelta(days=day_words[t])).isoformat())
    if m and (m.group(2) or m.group(1) in {"tonight", "overnight"}):
        word, part = m.group(1), m.group(2)
        if word in {"this", "last"} and part is None:
            return None
        if anchor is None:
            day = "XXXX-XX-XX"
        else:
            offset = {"yesterday": -1, "tomorrow": 1, "last": -1}.get(word, 0)
            if word == "overnight" and future is False:
                offset = -1
            day = (anchor + timedelta(days=offset)).isoformat()
        code = PARTS_OF_DAY["night" if word in {"tonight", "overnight"} and not part else part]
        return Timex("TIME", f"{day}T{code}")
    if t in {"noon", "midday", "midnight"}:
        day = reference.isoformat() if reference else "XXXX-XX-XX"
        return Timex("TIME", f"{day}T{'12:00' if t != 'midnight' else '24:00'}")
    m = re.fullmatch(r"(?:the |mid-?)(morning|afternoon|evening|night)", t)
    if m:  # "the morning", "mid-afternoon": part of the story's day
        day = reference.isoformat() if reference else "XXXX-XX-XX"
        return Timex("TIME", f"{day}T{PARTS_OF_DAY[m.group(1)]}")
    m = re.fullmatch(r"(noon|midday|midnight),? (?:on|of) (.+)", t)
    if m:
        day = _resolve_cached(m.group(2), anchor, future, reference)
        if day and day.type == "DATE" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", day.value):
            return Timex("TIME", f"{day.value}T{'00:00' if m.group(1) == 'midnight' else '12:00'}")
    return None


def _ago_rule(t, anchor, future, reference) -> Optional[Timex]:
    m = re.fullmatch(rf"(?:(about|around|nearly|almost|some|more than|over|less than|just) )?"
                     rf"({NUM_RE}|a few|few|several|many) ({UNIT_RE}) "
                     rf"(ago|earlier|later|before|after|from now|previously|since)", t)
    if not m:
        m2 = re.fullmatch(rf"(?:the (next|following|previous|preceding)|(following|preceding)) ({UNIT_RE})", t)
        if m2 and m2.group(3).rstrip("s") in {"day", "week", "month", "year"} and reference:
            step = 1 if (m2.group(1) or m2.group(2)) in {"next", "following"} else -1
            kind, value = _shift(reference, step, m2.group(3))
            return Timex(kind, value)
        m3 = re.fullmatch(r"(?:the )?day (before|after)", t)
        if m3 and reference:
            return Timex("DATE", (reference + timedelta(days=1 if m3.group(1) == "after" else -1)).isoformat())
        return None
    mod = {"about": "APPROX", "around": "APPROX", "some": "APPROX", "nearly": "APPROX",
           "almost": "APPROX", "more than": "BEFORE", "over": "BEFORE", "less than": "AFTER"}.get(m.group(1) or "")
    n = _number(m.group(2))
    unit, direction = m.group(3), m.group(4)
    if n is None:
        return Timex("DATE", "FUTURE_REF" if direction in {"later", "from now", "after"} else "PAST_REF")
    sign = 1 if direction in {"later", "from now", "after"} else -1
    base = anchor if direction in {"ago", "from now"} else reference
    if base is None:
        return Timex("DATE", "XXXX-XX-XX", mod)
    kind, value = _shift(base, int(sign * n), unit)
    return Timex(kind, value, mod)


def _duration_rule(t, anchor, future, reference) -> Optional[Timex]:
    core, mod = _strip_mods(re.sub(rf"^an? (?=\d|(?:{NUM_RE})[ -])", "", t), DURATION_MODS)
    core = re.sub(r"^(?:the )?(?:past|last|next|previous|coming|first|final|following|recent|over the|over the past|over the last|the past) ", "", core)
    core, mod2 = _strip_mods(core, DURATION_MODS)
    mod = mod or mod2
    if core in {"half an hour", "half-hour", "half hour"}:
        return Timex("DURATION", "PT30M", mod)
    m = re.fullmatch(r"all (day|night|week|month|year)", core)
    if m:
        return Timex("DURATION", duration_value(1, m.group(1)), mod)
    m = re.fullmatch(rf"({NUM_RE}|a few|few|several|many|some|recent|numerous|the|a couple of)?[ -]?"
                     rf"({UNIT_RE})(?:[ -](?:long|and a half))?", core)
    if m and m.group(1) in (None, "the"):
        if m.group(2).endswith("s") and m.group(2) not in {"hrs", "mins", "secs"}:
            return Timex("DURATION", duration_value(None, m.group(2)), mod)  # "years", "weeks"
        if m.group(1) == "the" or t.startswith(("the past", "the last", "the next", "the coming", "the previous")):
            if m.group(2) in {"decade", "century", "fortnight"}:
                return Timex("DURATION", duration_value(1, m.group(2)), mod)
        return None
    if not m:
        return None
    if re.fullmatch(r"1[89]\d\d|20\d\d", m.group(1) or "") and not re.search(r"\d[ -]\w+s\b", core):
        return Timex("DATE", m.group(1), mod)  # "the 1988 quarter": a year, not 1988 quarters
    n = _number(m.group(1)) if m.group(1) not in VAGUE_NUMBERS | {"few", "several", "many", "some", "numerous", "a couple of"} else None
    if m.group(1) == "a couple of":
        n = 2
    if n is None and m.group(1) in NUMBER_WORDS:
        n = NUMBER_WORDS[m.group(1)]
    value = duration_value(n, m.group(2))
    if "and a half" in core and n is not None:
        value = duration_value(n + 0.5, m.group(2))
    return Timex("DURATION", value, mod)


def _relative_rule(t, anchor, future, reference) -> Optional[Timex]:
    core, mod = _strip_mods(t, DATE_MODS)
    if mod in {"START", "MID", "END"} and core in {"year", "the year"}:
        core = "this year"  # "by the end of the year"
        if anchor is not None and mod == "END" and future is False and anchor.month <= 6:
            core = "last year"  # "peaked by the end of the year", said in March
        elif anchor is not None and mod == "START" and future is True and anchor.month > 6:
            core = "next year"
    m = re.fullmatch(r"(?:the )?(this|last|next|past|coming|previous|current|present|same|that|earlier this|later this|early this|late this|early last|late last|early next|late next)?\s*"
                     r"(fiscal year|financial year|year|month|week|weekend|quarter|season|spring|summer|autumn|fall|winter|decade|century|"
                     + WEEKDAY_RE + r"|" + MONTH_RE + r")"
                     r"(?: (morning|afternoon|evening|night))?", core)
    if not m:
        return None
    relation = (m.group(1) or "").split()[-1] if m.group(1) else ""
    if m.group(1) and m.group(1).split()[0] in {"early", "late"}:
        mod = mod or {"early": "START", "late": "END"}[m.group(1).split()[0]]
    word, part = m.group(2).rstrip("."), m.group(3)
    relation = {"past": "last", "previous": "last", "coming": "next", "current": "this",
                "present": "this", "same": "that"}.get(relation, relation)
    if relation == "that":
        return None
    if word in WEEKDAYS:
        if anchor is None:
            value = f"XXXX-WXX-{WEEKDAYS[word]}"
        else:
            value = _weekday_date(anchor, WEEKDAYS[word], future, relation).isoformat()
        if part:
            return Timex("TIME", f"{value}T{PARTS_OF_DAY[part]}", mod)
        return Timex("DATE", value, mod)
    if part:
        return None
    if word in MONTHS:
        month = MONTHS[word]
        if anchor is None:
            return Timex("DATE", f"XXXX-{month:02d}", mod)
        return Timex("DATE", f"{_month_year(anchor, month, future, relation):04d}-{month:02d}", mod)
    if anchor is None:
        return Timex("DATE", "PRESENT_REF" if relation == "this" else "XXXX", mod)
    step = {"last": -1, "next": 1}.get(relation, 0)
    if not relation and word not in {"weekend", "spring", "summer", "autumn", "fall", "winter"}:
        return None  # a bare "year" or "month" refers to nothing by itself
    if word in {"year", "fiscal year", "financial year"}:
        return Timex("DATE", str(anchor.year + step), mod)
    if word == "month":
        return Timex("DATE", _add_months(anchor, step).strftime("%Y-%m"), mod)
    if word == "week":
        return Timex("DATE", _iso_week(anchor + timedelta(weeks=step)), mod)
    if word == "weekend":
        if not relation:
            if future:  # the coming weekend: this week's, or next week's when said on a Sunday
                step = 1 if anchor.isoweekday() == 7 else 0
            else:
                step = -1 if anchor.isoweekday() < 6 else 0
        return Timex("DATE", _iso_week(anchor + timedelta(weeks=step)) + "-WE", mod)
    if word == "quarter":
        q = (anchor.month - 1) // 3 + step
        year = anchor.year + q // 4
        return Timex("DATE", f"{year}-Q{q % 4 + 1}", mod)
    if word in SEASONS:
        year = anchor.year
        if word == "winter" and anchor.month <= 2:
            year -= 1
        season_month = {"SP": 4, "SU": 7, "FA": 10, "WI": 12}[SEASONS[word]]
        if relation == "last" or (not relation and not future and season_month > anchor.month and not (word == "winter" and anchor.month <= 2)):
            year -= 1
        elif relation == "next" or (not relation and future and season_month < anchor.month):
            year += 1
        return Timex("DATE", f"{year}-{SEASONS[word]}", mod)
    if word == "decade":
        return Timex("DATE", str(anchor.year // 10 + step), mod)
    if word == "century":
        return Timex("DATE", str(anchor.year // 100 + step), mod)
    return None


def _absolute_rule(t, anchor, future, reference) -> Optional[Timex]:
    """Dates written out in full or in part: "Sept. 23", "23 September 2024", "2019", "Q2"."""
    core, mod = _strip_mods(t, DATE_MODS)
    core = re.sub(rf"^(?:{WEEKDAY_RE}),? ", "", core) if re.match(rf"(?:{WEEKDAY_RE}),? \S*\d", core) else core
    # an ISO date or date-time
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[t ](\d{2}):(\d{2}))?", core)
    if m and _valid(int(m.group(1)), int(m.group(2)), int(m.group(3))):
        if m.group(4):
            return Timex("TIME", f"{m.group(1)}-{m.group(2)}-{m.group(3)}T{m.group(4)}:{m.group(5)}", mod)
        return Timex("DATE", core[:10], mod)
    # a clock time, maybe with a day: "9:30 a.m. et", "15:00 gmt saturday", "the morning of june 2"
    m = re.fullmatch(rf"(?:the )?(morning|afternoon|evening|night) of (.+)", core)
    if m:
        day = _resolve_cached(m.group(2), anchor, future, reference)
        if day and day.type == "DATE" and re.fullmatch(r"[\dX]{4}-[\dX]{2}-[\dX]{2}", day.value):
            return Timex("TIME", f"{day.value}T{PARTS_OF_DAY[m.group(1)]}", mod)
        return None
    m = re.fullmatch(rf"{TIME_RE}(?:,? (?:on )?(.+))?", core, re.I)
    if m and (m.group("ap") or m.group("m")):
        day_text = m.group(m.lastindex) if m.lastindex and m.lastindex > 4 else None
        day = "XXXX-XX-XX" if anchor is None else anchor.isoformat()
        if day_text:
            found = _resolve_cached(day_text, anchor, future, reference)
            if found is None or found.type != "DATE" or len(found.value) != 10:
                return None
            day = found.value
        elif reference is not None:
            day = reference.isoformat()
        return (lambda r: Timex(*r, mod) if r else None)(_time_of_day(m, day))
    # day month [year] / month day[, year] / month year / year
    shift = 0
    relative_year = re.search(r" (next|last|this) year$", core)
    if relative_year and anchor is not None:
        shift = {"next": 1, "last": -1, "this": 0}[relative_year.group(1)]
        core = core[:relative_year.start()] + f" {anchor.year + shift}"
    m = (re.fullmatch(rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?(?P<mo>{MONTH_RE})(?:,? (?P<y>\d{{4}}))?", core)
         or re.fullmatch(rf"(?P<mo>{MONTH_RE}) (?:the )?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,? (?P<y>\d{{4}}))?", core)
         or re.fullmatch(rf"(?P<mo>{MONTH_RE}),? (?:of )?(?P<y>\d{{4}})", core)
         or re.fullmatch(r"(?P<y>1[0-9]{3}|20[0-9]{2}|2100)", core))
    if m:
        parts = m.groupdict()
        month = MONTHS[parts["mo"].rstrip(".")] if parts.get("mo") else None
        day = int(parts["d"]) if parts.get("d") else None
        year = int(parts["y"]) if parts.get("y") else None
        if year is None:
            if anchor is None:
                return Timex("DATE", f"XXXX-{month:02d}-{day:02d}", mod)
            year = _month_year(anchor, month, future) if month != anchor.month else anchor.year
            if day and month == anchor.month:
                year = anchor.year
            if day and future is None:  # the nearest such day, counted in days
                options = [y for y in (anchor.year - 1, anchor.year, anchor.year + 1) if _valid(y, month, day)]
                year = min(options, key=lambda y: abs((date(y, month, day) - anchor).days), default=year)
        if day is not None:
            return Timex("DATE", f"{year:04d}-{month:02d}-{day:02d}", mod) if _valid(year, month, day) else None
        if month is not None:
            return Timex("DATE", f"{year:04d}-{month:02d}", mod)
        return Timex("DATE", f"{year:04d}", mod)
    m = re.fullmatch(r"(?:the )?(spring|summer|autumn|fall|winter) (?:of )?(\d{4})", core)
    if m:
        return Timex("DATE", f"{m.group(2)}-{SEASONS[m.group(1)]}", mod)
    # quarters and halves: "the third quarter", "Q2 2024", "the first half of 2023"
    m = re.fullmatch(r"(?:the )?(first|second|third|fourth|1st|2nd|3rd|4th)[ -](quarter|half)(?: of (\d{4}|the year|this year|last year|next year))?"
                     r"|q([1-4])(?:,? (\d{4}))?|h([12])(?:,? (\d{4}))?", core)
    if m:
        written_year = next((g for g in (m.group(3), m.group(5), m.group(7)) if g and g.isdigit()), None)
        if anchor is None and written_year is None:
            return None
        if m.group(2):
            n = ORDINALS[m.group(1)]
            unit = "Q" if m.group(2) == "quarter" else "H"
            if unit == "H" and n > 2:
                return None
            rel = m.group(3) or ""
            year = int(written_year) if written_year else anchor.year + {"last year": -1, "next year": 1}.get(rel, 0)
            return Timex("DATE", f"{year}-{unit}{n}", mod)
        n, unit = (m.group(4), "Q") if m.group(4) else (m.group(6), "H")
        return Timex("DATE", f"{written_year or anchor.year}-{unit}{n}", mod)
    # fiscal years, decades and centuries
    m = re.fullmatch(r"(?:fiscal|financial year|fy) ?'?(\d{4}|\d{2})", core)
    if m:
        year = m.group(1)
        return Timex("DATE", year if len(year) == 4 else f"20{year}", mod)
    m = re.fullmatch(r"(?:the )?(?:(\d{2})|')?(\d0)'?s", core)
    if m and (m.group(1) or core.startswith(("the", "'"))):
        century = m.group(1) or ("19" if int(m.group(2)) >= 30 else "20")
        return Timex("DATE", f"{century}{m.group(2)[0]}", mod)
    m = re.fullmatch(r"(?:the )?(\d{1,2})(?:st|nd|rd|th) century", core)
    if m:
        return Timex("DATE", f"{int(m.group(1)) - 1:02d}", mod)
    m = re.fullmatch(r"(?:the )?(early|mid|late)?-? ?(\d{4})", core)
    if m and m.group(1):
        return Timex("DATE", m.group(2), {"early": "START", "mid": "MID", "late": "END"}[m.group(1)])
    return None


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _dateparser_rule(t, anchor, future, reference) -> Optional[Timex]:
    """Last resort for written dates the rules above do not cover ("23/09/2024")."""
    if not re.search(rf"\d{{1,4}}[/.]\d{{1,2}}[/.]\d{{2,4}}|\b{MONTH_RE}\b.*\d|\d.*\b{MONTH_RE}", t):
        return None
    found = _dateparser(t, anchor, future)
    if found is None:
        return None
    moment, period = found
    if anchor is not None and abs(moment.year - anchor.year) > 100:
        return None  # "15 and 16 August next year" is not 2116
    if anchor is not None and abs(moment.year - anchor.year) > 1 and str(moment.year) not in t:
        return None  # "March 11 and 12" is not 11 March 2012
    if period == "year":
        return Timex("DATE", f"{moment.year:04d}")
    if period == "month":
        return Timex("DATE", f"{moment.year:04d}-{moment.month:02d}")
    if period == "time" and (moment.hour or moment.minute):
        return Timex("TIME", moment.strftime("%Y-%m-%dT%H:%M"))
    return Timex("DATE", moment.date().isoformat())


@lru_cache(maxsize=64)
def _date_parser(anchor: Optional[date], future: bool):
    from dateparser.date import DateDataParser  # imported lazily: it is slow to import

    settings = {"PREFER_DATES_FROM": "future" if future else "past",
                "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first",
                "STRICT_PARSING": False}
    if anchor is not None:
        settings["RELATIVE_BASE"] = datetime(anchor.year, anchor.month, anchor.day)
    return DateDataParser(languages=["en"], settings=settings)


@lru_cache(maxsize=8192)
def _dateparser(text: str, anchor: Optional[date], future: bool) -> Optional[tuple[datetime, str]]:
    try:
        data = _date_parser(anchor, future).get_date_data(text)
    except Exception:  # dateparser raises on odd input; a date we cannot read is no date
        return None
    if data is None or data.date_obj is None:
        return None
    return data.date_obj, data.period or "day"


# ---------------------------------------------------------------------------- component

# what NER misses: durations, frequencies, clock times, quarters, decades, reference words
CANDIDATE_PATTERNS = [
    # longest first: the first alternative that matches at a position wins
    rf"\b(?:noon|midday|midnight|\d{{1,2}}(?:[:.]\d{{2}})?\s*(?:a\.m\.|p\.m\.|am|pm)|\d{{1,2}}:\d{{2}}(?:\s*(?:UTC|GMT))?)"
    rf",? on (?:{WEEKDAY_RE}|\d{{4}}-\d{{2}}-\d{{2}}|{MONTH_RE} \d{{1,2}}|\d{{1,2}} {MONTH_RE})\b",
    rf"\b(?:every|each)(?: other)? (?:{WEEKDAY_RE}|morning|afternoon|evening|night|day|week|month|year|season|spring|summer|autumn|winter|(?:{NUM_RE}|a few|few|several) {UNIT_RE})\b",
    rf"\b(?:once|twice|(?:three|four|five|\d+) times) (?:a|an|per|every|each) (?:day|week|month|year|hour|decade|century)\b",
    r"\b(?:daily|nightly|weekly|monthly|quarterly|annually|annual|yearly|hourly)\b",
    rf"\b(?:(?:more than|over|at least|less than|under|nearly|almost|about|around|up to|some|roughly|another) )?(?:{NUM_RE}|several|a few)[- ]{UNIT_RE}(?:[- ]long| and a half)?(?: ago| later(?! than)| earlier(?! than)| from now)?\b(?!-)",
    r"\bhalf an hour\b|\b(?:the )?(?:past|last|next|coming) (?:decade|century)\b|\bdecades\b|\bcenturies\b",
    r"\b(?:now|currently|today|tonight|yesterday|tomorrow|recently|overnight|noon|midday|midnight|nowadays)\b",
    r"(?<=\bin )the (?:past|future)\b|(?<=\bat )the time\b|(?<=\bat )present\b",
    r"\b(?:the )?(?:start|beginning|middle|end) of (?:the )?year\b",
    rf"\b\d{{1,2}}(?:[:.]\d{{2}})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)(?:\s*(?:local time|GMT|UTC|BST|CET|CEST|ET|EST|EDT|PT|PST|PDT|CT|CST|MT))?|\b\d{{1,2}}:\d{{2}}(?:\s*(?:local time|GMT|UTC|BST|CET|CEST|ET|EST|EDT|PT|PST|PDT|CT|CST|MT))?",
    r"\bQ[1-4](?: \d{4})?\b|\b(?:H[12]) \d{4}\b|\b(?:fiscal|FY) ?'?\d{2,4}\b|\bthe (?:first|second|third|fourth) (?:quarter|half)(?: of \d{4})?\b",
    r"\b(?:the )?(?:early |mid-?|late )?(?:1[0-9]|20)?[0-9]0s\b|\bthe \d{1,2}(?:st|nd|rd|th) century\b|\b(?:early|mid-?|late) (?:1[0-9]{3}|20[0-9]{2})\b",
    rf"\b(?:(?:early|late|mid)-? ?)?(?:(?:the )?(?:morning|afternoon|evening|night) of )?(?:(?:{WEEKDAY_RE}),? )?(?:\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{MONTH_RE}(?:,? \d{{4}})?|{MONTH_RE} \d{{1,2}}(?:st|nd|rd|th)?\b(?:,? \d{{4}})?|{MONTH_RE},? \d{{4}})",
    rf"\b(?:(?:last|this|next|past|coming|early|late|mid-?) )?(?:{WEEKDAY_RE})(?: (?:morning|afternoon|evening|night))?\b",
    r"\b\d{4}-\d{2}-\d{2}\b",
    # a year after a word that takes a time: "by 2100", "around 2028" (NER misses some)
    r"(?:" + "|".join(rf"(?<=\b{w} )" for w in ("by", "in", "since", "until", "before", "after", "from", "through", "during")) +
    r"|\b(?:around|about|circa) )(?:1[5-9]\d\d|20\d\d|2100)\b"
    r"(?![-\u2013]\d|\s*(?:%|per\b|percent\b|\w*met(?:re|er)s?\b|km\b|miles?\b|feet\b|kg\b|tonnes?\b|votes?\b|points?\b))",
    r"\b(?:the )?(?:(?:this|last|next|past|coming|previous) )(?:year|month|week|weekend|quarter|spring|summer|autumn|fall|winter)\b|\bthe weekend\b",
    r"\b(?:the )?(?:spring|summer|autumn|fall|winter) of \d{4}\b",
    r"\ball (?:day|night|week|month|year)\b|\b(?:the )?(?:past|last|next|coming) fortnight\b",
    r"\b(?:the )?(?:first|second|third|fourth)-quarter\b",
    r"\b(?:the |mid-)(?:morning|afternoon|evening)\b",
    r"\b(?-i:" + "|".join(re.escape(h) for h in sorted(HOLIDAYS, key=len, reverse=True)) + r")\b",
    r"\b(?:earlier|later|early|late) this (?:year|month|week)\b",
]
_CANDIDATES = re.compile("|".join(f"(?:{p})" for p in CANDIDATE_PATTERNS), re.I)
FUTURE_AUX = {"will", "shall", "'ll", "wo", "would"}
PAST_AUX = {"had", "has", "have", "'ve", "was", "were", "did"}
MODAL_AUX = {"could", "may", "might", "should", "must", "can", "ca"}
#: past-tense verbs whose "until Friday" still lies ahead ("extended the warning until Friday")
EXTENDING_LEMMAS = {"extend", "postpone", "delay", "adjourn", "defer", "suspend", "issue", "close", "ban",
                    "shut", "push", "move", "put"}
PLANNED_LEMMAS = {"schedule", "expect", "plan", "forecast", "slate", "due", "set"}
FUTURE_LEMMAS = {"plan", "expect", "schedule", "due", "set", "aim", "intend", "go", "hope", "prepare",
                 "promise", "vow", "pledge", "propose"}


class TimexTagger:
    """Find temporal expressions and resolve them against the publication date."""

    def __init__(self, nlp: Language, name: str = "timex_tagger", *,
                 ner_labels: Iterable[str] = ("DATE", "TIME"),
                 use_patterns: bool = True) -> None:
        """
        nlp (Language): the pipeline this component belongs to.
        name (str): the component's name in the pipeline.
        ner_labels (Iterable[str]): entity labels taken as candidate temporal expressions.
        use_patterns (bool): also look for what NER misses (durations, times, frequencies).
        """
        self.name = name
        self.ner_labels = set(ner_labels)
        self.use_patterns = use_patterns

    @guarded(TIMEX)
    def __call__(self, doc: Doc) -> Doc:
        """Write `doc.spans["timex"]`, each span labelled with its TIMEX3 type.

        doc (Doc): a parsed document; `doc._.published` (ISO date) anchors relative dates.
        RETURNS (Doc): the same document with `span._.timex` set on each temporal span.
        """
        anchor = _parse_date(doc._.published)
        name_chars = set()
        for span in name_spans(doc):
            name_chars.update(range(span.start_char, span.end_char))
        candidates = [_trim(e) for e in doc.ents if e.label_ in self.ner_labels]
        if self.use_patterns:
            for match in _CANDIDATES.finditer(doc.text):
                span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
                if span is not None:
                    candidates.append(span)
        resolved = []
        queue = list(filter_spans([c for c in candidates if c is not None and len(c)]))
        while queue:
            candidate = queue.pop(0)
            if any(i in name_chars for i in range(candidate.start_char, candidate.end_char)) \
                    and candidate.text not in HOLIDAYS:
                continue  # "March 5" in "Long March 5"
            if _is_age(candidate):
                continue  # "22-year-old" is an age, a quantity
            for span, text in _split_range(_drop_comparison(candidate), anchor):
                found = resolve_timex(text, anchor, future=_direction(span))
                if found is None:
                    # a too-wide NER span: its longest resolvable prefix or suffix, then the rest
                    whole = span
                    span, found = self._narrow(span, anchor)
                    if found is not None:
                        rest = whole[span.end - whole.start:] if span.start == whole.start else whole[:span.start - whole.start]
                        if len(rest) and not all(t.is_punct or t.is_stop for t in rest):
                            queue.append(rest)
                if len(span) == 1 and in_name(span[0]):
                    continue  # "Flight 1187", "Route 66"
                if found is not None and not _lowercase_name(span) and _is_time_use(span):
                    resolved.append((span, found))
                    resolved.extend(self._range_start(span, found, anchor))
        resolved = _join_durations(doc, resolved)
        spans = []
        reference = anchor
        clock = None
        unique = {}
        for span, found in resolved:  # one expression may be reached twice (a range, a remainder)
            unique.setdefault((span.start, span.end), (span, found))
        kept = {(s.start, s.end) for s in filter_spans([span for span, _ in unique.values()])}
        ordered = []
        for span, found in sorted((p for k, p in unique.items() if k in kept), key=lambda p: p[0].start):
            found = self._resolve(span, anchor, reference) or found
            if found.type == "DURATION" and (_is_rate(span) or _after_every(span)):
                found = Timex("SET", found.value)  # "190,000 vehicles a day", "every two or three years"
            joined = _day_and_time(ordered[-1], (span, found)) if ordered else None
            if joined is not None:  # "Saturday at 3 p.m.", "11:15 p.m. EST on Sunday": one TIME
                span, found = doc[ordered.pop()[0].start:span.end], joined
            if clock is not None:
                found = _after_clock(span.text, clock, found.mod) or found
            if found.type in {"DATE", "TIME"} and re.match(r"\d{4}-\d{2}-\d{2}", found.value):
                reference = date.fromisoformat(found.value[:10])  # the day the story is telling of
            if found.type == "TIME" and re.fullmatch(r"\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):\d{2}", found.value):
                clock = datetime.fromisoformat(found.value)  # the moment the story is telling of
            ordered.append((span, found))
        for span, found in _day_for_clock_ranges(ordered):
            timex_span = Span(doc, span.start, span.end, label=found.type)
            timex_span._.timex = found.as_dict()
            spans.append(timex_span)
        doc.spans[TIMEX] = spans
        return doc

    def _resolve(self, span: Span, anchor: Optional[date], reference: Optional[date]) -> Optional[Timex]:
        return resolve_timex(span.text, anchor, future=_direction(span), reference=reference)

    def _range_start(self, span: Span, found: Timex, anchor: Optional[date]) -> list[tuple[Span, Timex]]:
        """The first end of "between 12 and 18 months" / "two to three years" as its own duration."""
        doc, i = span.doc, span.start
        if found.type != "DURATION" or i < 2 or doc[i - 1].lower_ not in {"and", "to", "or", "-", "\u2013"}:
            return []
        first = doc[i - 2:i - 1]
        if _number(first.text) is None or not span[0].like_num:
            return []
        other = resolve_timex(f"{first.text} {span[-1].text}", anchor)
        return [(first, other)] if other is not None and other.type == "DURATION" else []

    def _narrow(self, span: Span, anchor: Optional[date]) -> tuple[Span, Optional[Timex]]:
        for size in range(len(span) - 1, 0, -1):
            for sub in (span[:size], span[len(span) - size:]):
                found = self._resolve(sub, anchor, None)
                if found is not None:
                    return sub, found
        return span, None


#: month and weekday names that are also common words ("march", "sat") or bare abbreviations
_AMBIGUOUS_NAMES = {"march", "may", "sat", "sun", "wed", "mon", "tue", "tues", "thu", "thur", "thurs",
                    "fri", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}


_POINTS_AFTER = re.compile(r"\s*(?:of an? )?(?:percentage |basis )?points?\b", re.I)
_SPEED_UNITS = {"km", "kilometres", "kilometers", "miles", "metres", "meters", "m", "feet", "ft", "knots"}
_BARE_UNITS = {"seconds", "minutes", "hours", "days", "nights", "weeks", "months", "years", "decades", "centuries"}
_BARE_UNIT_OPENERS = {"for", "over", "within", "in", "after", "recent", "past", "coming", "next", "last",
                      "few", "several", "many", "the", "those", "these", "some"}


def _is_time_use(span: Span) -> bool:
    """Not a time: "a second evening flight" (an ordinal), "strike days", "opening hours"."""
    doc = span.doc
    last = span[-1]
    if span.text.lower() in {"a second", "one second"} and (last.tag_ == "JJ" or last.ent_type_ == "ORDINAL"):
        return False
    if _POINTS_AFTER.match(doc.text, span.end_char):
        return False  # "a quarter point", "three quarters of a percentage point": a change in a rate
    if span.start > 0 and doc[span.start - 1].lower_ in _SPEED_UNITS and \
            re.fullmatch(r"(?:an?|per) (?:hour|second)", span.text.lower()):
        return False  # "30 km an hour": a speed
    if len(span) == 1 and span[0].lower_ in _BARE_UNITS:
        before = doc[span.start - 1].lower_ if span.start > 0 else ""
        after = doc[span.end].lower_ if span.end < len(doc) else ""
        return before in _BARE_UNIT_OPENERS or after in {"later", "earlier", "ago", "before", "after", "on", "long"}
    return True


def _is_rate(span: Span) -> bool:
    """ "a day" after an amount is a frequency: "190,000 vehicles a day", "£1,000 a year"."""
    if not re.fullmatch(r"(?:a|an|per) (?:hour|day|night|week|month|year)", span.text.lower()):
        return False
    if span.start == 0:
        return False
    before = span.doc[span.start - 1]
    return before.pos_ in {"NOUN", "PROPN", "NUM", "SYM"} or before.like_num


def _after_every(span: Span) -> bool:
    """ "every few hours", "every two or three years": a duration after "every" recurs."""
    doc, i = span.doc, span.start
    if i >= 1 and doc[i - 1].lower_ in {"every", "each"}:
        return True
    return i >= 3 and doc[i - 1].lower_ in {"or", "to"} and doc[i - 3].lower_ in {"every", "each"}


def _day_and_time(previous: tuple[Span, Timex], current: tuple[Span, Timex]) -> Optional[Timex]:
    """ "Saturday at 3 p.m.", "11:15 p.m. EST on Sunday": a day and the clock time on it, as the
    one TIME the two make, or None when they are not one."""
    (left, first), (right, second) = previous, current
    gap = left.doc[left.end:right.start]
    if len(gap) != 1:
        return None
    if gap[0].lower_ == "at" and first.type == "DATE" and second.type == "TIME" \
            and re.fullmatch(r"\d{4}-\d{2}-\d{2}", first.value) and second.value.startswith(first.value):
        return second
    if gap[0].lower_ == "on" and first.type == "TIME" and second.type == "DATE" \
            and re.fullmatch(r"\d{4}-\d{2}-\d{2}", second.value) and re.fullmatch(r".*T\d{2}:\d{2}", first.value):
        return Timex("TIME", f"{second.value}T{first.value.split('T', 1)[1]}", first.mod)
    return None


_CLOCK_SHIFT = re.compile(rf"(?:(?:about|around|some|nearly|almost|roughly|just) )?({NUM_RE}) (hour|minute)s? "
                          r"(later|after|earlier|before)", re.I)


def _after_clock(text: str, clock: datetime, mod: Optional[str]) -> Optional[Timex]:
    """ "about two hours later" after "3:42 a.m.": 05:42, the clock time it points to, with the
    modifier the expression was resolved with."""
    m = _CLOCK_SHIFT.fullmatch(text)
    n = _number(m.group(1)) if m else None
    if n is None:
        return None
    step = timedelta(hours=n) if m.group(2).lower() == "hour" else timedelta(minutes=n)
    moment = clock + step if m.group(3).lower() in {"later", "after"} else clock - step
    return Timex("TIME", moment.strftime("%Y-%m-%dT%H:%M"), mod)


_CLOCK_ONLY = re.compile(r"(?:(?:about|around|shortly|just|soon) )?(?:(?:before|after) )?"
                         r"(?:noon|midday|midnight|\d{1,2}(?:[:.]\d{2})?\s*(?:a\.m\.|p\.m\.|am|pm)?)"
                         r"(?:\s*(?:local time|[A-Z]{2,4}))?", re.I)


def _day_for_clock_ranges(resolved: list[tuple[Span, Timex]]) -> list[tuple[Span, Timex]]:
    """A range of clock times ("from 10 a.m. to 8 p.m.") takes the day named at its end
    ("between 7.30am and 8am on Thursday"); repeated over a period and no day named, it is a
    timetable, on no particular day ("from 10am to 6pm from May to September": XXXX-XX-XXT10:00)."""
    out = list(resolved)
    for k in range(len(out) - 1):
        (left, first), (right, second) = out[k], out[k + 1]
        gap = left.doc[left.end:right.start]
        if first.type != "TIME" or second.type != "TIME" or len(gap) != 1 \
                or gap[0].lower_ not in {"to", "and", "until", "till", "-", "\u2013"} \
                or not _CLOCK_ONLY.fullmatch(left.text) or "T" not in first.value:
            continue
        clock = first.value.split("T", 1)[1]
        if not _CLOCK_ONLY.fullmatch(right.text):  # the right end names its day
            out[k] = (left, Timex("TIME", second.value.split("T", 1)[0] + "T" + clock, first.mod))
            continue
        others = [(s, t) for s, t in out if s.sent == left.sent and s not in (left, right)]
        names_day = any(t.type in {"DATE", "TIME"} and re.match(r"\d{4}-\d{2}-\d{2}", t.value) for s, t in others)
        over_period = any(t.type in {"SET", "DURATION", "DATE"} for s, t in others)
        if over_period and not names_day:  # "every 10 minutes from 5.30am until midnight"
            out[k] = (left, Timex("TIME", "XXXX-XX-XXT" + clock, first.mod))
            out[k + 1] = (right, Timex("TIME", "XXXX-XX-XXT" + second.value.split("T", 1)[1], second.mod))
    return out


def _lowercase_name(span: Span) -> bool:
    """Month and weekday names are capitalised; in lowercase, "march" and "sat" are verbs
    (lowercase "october" is still a month, as in lowercased text)."""
    return any(t.text in _AMBIGUOUS_NAMES for t in span)


def _is_age(span: Span) -> bool:
    """ "22-year-old", "a 6-month-old", "48 years old": ages, which the quantity stage owns."""
    doc = span.doc
    after = doc[span.end:span.end + 2]
    return span[-1].lower_ == "old" or (len(after) and after[0].lower_ == "old") or (
        len(after) == 2 and (after[0].text == "-" and after[1].lower_ == "old"
                             or (after[0].lower_ == "of" and after[1].lower_ == "age")))


_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)([YMWDHS])")


def _join_durations(doc: Doc, resolved: list[tuple[Span, Timex]]) -> list[tuple[Span, Timex]]:
    """ "1 minute 12 seconds", "two years and three months": one duration (PT1M12S, P2Y3M)."""
    resolved = sorted(resolved, key=lambda p: p[0].start)
    joined: list[tuple[Span, Timex]] = []
    for span, found in resolved:
        if joined and found.type == "DURATION" and joined[-1][1].type == "DURATION":
            prev_span, prev = joined[-1]
            gap = doc[prev_span.end:span.start]
            if len(gap) <= 1 and all(t.lower_ in {"and", ","} for t in gap) and "X" not in prev.value + found.value:
                value = _add_durations(prev.value, found.value)
                if value is not None:
                    joined[-1] = (doc[prev_span.start:span.end], Timex("DURATION", value, prev.mod or found.mod))
                    continue
        joined.append((span, found))
    return joined


def _add_durations(first: str, second: str) -> Optional[str]:
    """P2Y + P3M -> P2Y3M; PT1M + PT12S -> PT1M12S; None when units repeat or are out of order."""
    order = ["Y", "M", "W", "D", "TH", "TM", "TS"]
    parts: dict[str, str] = {}
    for value in (first, second):
        date_part, _, time_part = value[1:].partition("T")
        for text, prefix in ((date_part, ""), (time_part, "T")):
            for number, unit in _DURATION_PART.findall(text):
                key = prefix + unit
                if key in parts:
                    return None
                parts[key] = number
    keys = [k for k in order if k in parts]
    if [k for k in keys] != sorted(keys, key=order.index) or len(keys) < 2:
        return None
    date_text = "".join(parts[k] + k for k in keys if not k.startswith("T"))
    time_text = "".join(parts[k] + k[1] for k in keys if k.startswith("T"))
    return "P" + date_text + ("T" + time_text if time_text else "")


def _split_range(span: Span, anchor: Optional[date]) -> list[tuple[Span, str]]:
    """A range is two expressions: "2009-2010", "1957-58", "9pm to 5am", "15 and 16 August".

    RETURNS (list): each span with the text to resolve ("58" resolves as "1958", "15" as
        "15 August").
    """
    if len(span) >= 4 and span[1].lower_ in {"and", "to", "-", "\u2013"} and re.fullmatch(r"\d{1,2}", span[0].text) \
            and re.match(r"\d{1,2} ", span[2:].text):
        right = span[2:]
        return [(span[0:1], span[0].text + right.text[len(right[0].text):]), (right, right.text)]
    if len(span) >= 4 and span[-2].lower_ in {"and", "to", "-", "\u2013"} and re.fullmatch(r"\d{1,2}", span[-1].text) \
            and re.fullmatch(r"\d{1,2}", span[-3].text) and re.fullmatch(MONTH_RE, span[-4].text, re.I):
        left = span[:-2]
        return [(left, left.text), (span[-1:], f"{span[-4].text} {span[-1].text}")]  # "March 11 and 12"
    if len(span) == 3 and span[1].text in {"-", "\u2013"} and re.fullmatch(r"\d{4}", span[0].text) \
            and re.fullmatch(r"\d{2}|\d{4}", span[2].text):
        second = span[2].text if len(span[2].text) == 4 else span[0].text[:2] + span[2].text
        return [(span[0:1], span[0].text), (span[2:3], second)]
    if resolve_timex(span.text, anchor) is None:
        for i, token in enumerate(span[1:-1], start=1):
            if token.lower_ in {"to", "and", "or", "-", "\u2013", "until", "through"}:
                left, right = span[:i], span[i + 1:]
                if resolve_timex(left.text, anchor) and resolve_timex(right.text, anchor):
                    return [(left, left.text), (right, right.text)]
    return [(span, span.text)]


def _drop_comparison(span: Span) -> Span:
    """ "a month earlier than usual": the duration is "a month"."""
    end = span.end
    if span[-1].lower_ in {"earlier", "later", "longer", "shorter"} and end < len(span.doc) \
            and span.doc[end].lower_ == "than" and len(span) > 1:
        return span[:-1]
    return span


def _parse_date(value) -> Optional[date]:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


_LEADING_SIGNALS = {"to", "before", "after", "since", "until", "till", "from", "on", "in", "at", "by",
                    "for", "during", "through", "of", "within", "as"}


def _trim(span: Span) -> Optional[Span]:
    """Drop leading prepositions and trailing punctuation from an NER span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in _LEADING_SIGNALS or doc[start].is_punct or doc[start].is_space
                           or (doc[start].pos_ == "ADP" and doc[start].lower_ not in {"about", "around", "over", "under"})):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space) and doc[end - 1].text not in {".", "'"}:
        end -= 1
    return doc[start:end] if end > start else None


def _direction(span: Span) -> Optional[bool]:
    """Which way the clause of the expression looks: True forward, False back, None present.

    "will meet on Friday", "is due to be published in May", "plans to open in June" look
    forward; "met on Friday", "had said", "tried to escape on Monday" look back; "the budget
    goes to council on 5 March" and a dateline take the nearest date.
    """
    verb = span.root
    planned = False  # "figures due on Friday", "a vote expected in June"
    for _ in range(4):
        if verb.pos_ in {"VERB", "AUX"} or verb.dep_ == "ROOT":
            break
        verb = verb.head
        planned = planned or verb.lower_ in {"due", "ahead", "upcoming"}
    aux = {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
    if verb.dep_ == "conj":
        aux |= {c.lower_ for c in verb.head.children if c.dep_ in {"aux", "auxpass"}}
    negated = any(c.dep_ == "neg" for c in verb.children)
    if aux & FUTURE_AUX or verb.lower_ in {"upcoming", "next"}:
        return True
    if "had" in aux:
        return False
    before = span.doc[span.start - 1].lower_ if span.start else ""
    past_form = verb.tag_ == "VBD" or (verb.tag_ == "VBN" and verb.dep_ != "acl")  # not "30 mm forecast by"
    if before in {"until", "till", "through", "by"} and not aux & PAST_AUX \
            and (not past_form or before != "by" and verb.lemma_.lower() in EXTENDING_LEMMAS):
        return True  # "extended the warning until Friday", "30 mm forecast by Thursday"
    if aux & MODAL_AUX and not aux & {"have", "'ve"} and not negated:
        return True  # "could bring storms on Saturday"
    if planned or (verb.lemma_.lower() in PLANNED_LEMMAS and verb.tag_ == "VBN"
                   and not aux & {"was", "were", "has", "have", "been"}):
        return True  # "scheduled for Oct. 15", "is not expected before June"
    if "to" in aux:  # an infinitive: forward when planned, or when it says what a thing is for
        governor = verb.head
        if verb.dep_ in {"acl", "relcl", "advcl"} or governor.lemma_.lower() in FUTURE_LEMMAS \
                or {c.lower_ for c in governor.children if c.dep_ == "aux"} & {"going"}:
            governor_aux = {c.lower_ for c in governor.children if c.dep_ in {"aux", "auxpass"}}
            if governor_aux & {"had", "was", "were"} or governor.tag_ == "VBD":
                return None  # "had been due to open in mid-March": a plan seen from the past
            return True
        return False
    if aux & PAST_AUX or verb.tag_ in {"VBD", "VBN"}:
        return False
    if verb.tag_ in {"VBZ", "VBP"} and verb.lemma_ != "be" and not negated:
        return True  # a timetable: "they host Dundee Harp on Saturday"
    if verb.tag_ in {"VBZ", "VBP", "VBG", "VB"}:
        return None
    return None if verb.pos_ not in {"VERB", "AUX"} else False


@Language.factory(
    "timex_tagger",
    assigns=["doc.spans"],
    requires=["doc.ents", "token.dep"],
    default_config={"ner_labels": ["DATE", "TIME"], "use_patterns": True},
)
def make_timex_tagger(nlp: Language, name: str, ner_labels: list[str], use_patterns: bool) -> TimexTagger:
    """Build the temporal tagger; settings come from the pipeline config."""
    return TimexTagger(nlp, name, ner_labels=ner_labels, use_patterns=use_patterns)
