"""Date arithmetic that cannot overflow (issue 20): every date computation lands on a period the
calendar holds (years 0001..9999) or on the one rule's value outside it (PAST_REF before,
FUTURE_REF after, `pipeline.stages.timex.periods`), or gives no value; it never raises.

The properties put any number (0 to 10^12, negative, decimal, in words, too large to compute
with) in every offset and duration form the date rules know, with every time unit, and check
that the value is one TIMEX3 allows (`timex3_problem`, a validator of TimeML 1.2.1 values as
this pipeline writes them)."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Optional

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.io.paths import errors_path
from pipeline.io.reading import read_table
from pipeline.run.batch import run_batch
from pipeline.stages.timex import default_grammar, resolve_timex

ANCHOR = date(2024, 1, 1)
PAST_REF, FUTURE_REF = "PAST_REF", "FUTURE_REF"
FAST = settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=30, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# ---------------------------------------------------------------------------- TIMEX3 values

TYPES = {"DATE", "TIME", "DURATION", "SET"}
MODS = {"BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER", "LESS_THAN", "MORE_THAN", "EQUAL_OR_LESS",
        "EQUAL_OR_MORE", "START", "MID", "END", "APPROX"}
REFS = {"PAST_REF", "PRESENT_REF", "FUTURE_REF"}
_YEAR = r"(?P<y>[\dX]{4})"
#: the date forms of TimeML 1.2.1 (ISO 8601 with TimeML's extensions); X for an unknown digit
_DATES = [re.compile(form) for form in (
    r"[\dX]{2,4}",  # century, decade, year
    _YEAR + r"-(?P<m>[\dX]{2})(?:-(?P<d>[\dX]{2}))?",  # month, day
    _YEAR + r"-W(?P<w>[\dX]{2})(?:-(?:[1-7X]|WE))?",  # week, weekday, weekend
    _YEAR + r"-(?:Q[1-4X]|H[12X]|SP|SU|FA|WI)",  # quarter, half, season
)]
#: the date of a time: a day
_DAY = re.compile(r"[\dX]{4}-(?:[\dX]{2}-[\dX]{2}|W[\dX]{2}-[1-7X])")
_CLOCK = re.compile(r"(?:(?P<h>[\dX]{2})(?::(?P<mi>[\dX]{2})(?::[\dX]{2}(?:\.\d+)?)?)?|MO|MI|AF|EV|NI|DT)"
                    r"(?:Z|[+-](?:[01]\d|2[0-3])(?::?[0-5]\d)?)?")
_NUMBER = r"(?:\d+(?:\.\d+)?)"
_DURATION = re.compile(rf"P(?=[\dT])(?:{_NUMBER}Y)?(?:{_NUMBER}M)?(?:{_NUMBER}W)?(?:{_NUMBER}D)?"
                       rf"(?:T(?=\d)(?:{_NUMBER}H)?(?:{_NUMBER}M)?(?:{_NUMBER}S)?)?")
#: a duration of an unknown number of units ("for years": PXY), as TimeML writes it; decades,
#: centuries and quarters as this pipeline does (PXDE, PXCE, PXQ)
_UNKNOWN_DURATION = re.compile(r"PX(?:Y|M|W|D|DE|CE|ML|Q)|PTX(?:H|M|S)")


def _digits(text: Optional[str]) -> Optional[int]:
    return int(text) if text and text.isdigit() else None


def _date_problem(value: str) -> Optional[str]:
    m = next((found for found in (form.fullmatch(value) for form in _DATES) if found), None)
    if m is None:
        return "not a TIMEX3 date"
    groups = m.groupdict()
    month, day, week = _digits(groups.get("m")), _digits(groups.get("d")), _digits(groups.get("w"))
    if month is not None and not 1 <= month <= 12:
        return "no such month"
    if day is not None and not 1 <= day <= 31:
        return "no such day"
    if week is not None and not 1 <= week <= 53:
        return "no such week"
    year = _digits(groups.get("y"))
    if year is not None and month is not None and day is not None:
        try:
            date(year, month, day)
        except ValueError:
            return "no such day in the calendar"
    return None


def _time_problem(value: str) -> Optional[str]:
    day, t, clock = value.partition("T")
    if not t or not _DAY.fullmatch(day):
        return "not a TIMEX3 time (a day, T, a time of day)"
    problem = _date_problem(day)
    if problem:
        return problem
    m = _CLOCK.fullmatch(clock)
    if m is None:
        return "not a time of day"
    hour, minute = _digits(m.group("h")), _digits(m.group("mi"))
    if hour is not None and (hour > 24 or (hour == 24 and minute not in (None, 0))):
        return "no such hour"
    if minute is not None and minute > 59:
        return "no such minute"
    return None


def _duration_problem(value: str) -> Optional[str]:
    if _UNKNOWN_DURATION.fullmatch(value) or (_DURATION.fullmatch(value) and value not in {"P", "PT"}):
        return None
    return "not a TIMEX3 duration"


def timex3_problem(kind: str, value: str, mod: Optional[str] = None) -> Optional[str]:
    """What is wrong with a TIMEX3 type, value and mod (TimeML 1.2.1), or None when they are
    valid: a DATE is a date form or PAST_REF/PRESENT_REF/FUTURE_REF, a TIME a day with a time
    of day (or a reference), a DURATION an ISO 8601 duration, a SET either."""
    if kind not in TYPES:
        return f"type {kind!r} is not a TIMEX3 type"
    if mod is not None and mod not in MODS:
        return f"mod {mod!r} is not a TIMEX3 mod"
    if not isinstance(value, str) or not value:
        return "no value"
    if value in REFS:
        return None if kind in {"DATE", "TIME"} else f"{value} is no {kind}"
    if kind == "DATE":
        return _date_problem(value)
    if kind == "TIME":
        return _time_problem(value)
    if kind == "DURATION":
        return _duration_problem(value)
    problems = [_duration_problem(value), _date_problem(value), _time_problem(value) if "T" in value else "no"]
    return None if None in problems else "not a TIMEX3 set (a duration, a date or a time)"


VALID = [("DATE", "2024-09-24"), ("DATE", "2024"), ("DATE", "202"), ("DATE", "20"), ("DATE", "2024-W39"),
         ("DATE", "2024-W38-WE"), ("DATE", "2024-Q3"), ("DATE", "2024-QX"), ("DATE", "2024-H2"), ("DATE", "2024-SU"),
         ("DATE", "XXXX-XX-XX"), ("DATE", "XXXX-WXX-1"), ("DATE", "0001"), ("DATE", "9999-12-31"), ("DATE", "PAST_REF"),
         ("DATE", "FUTURE_REF"), ("DATE", "PRESENT_REF"), ("TIME", "2024-09-24T09:30"), ("TIME", "2024-09-24TXX:XX"),
         ("TIME", "2024-09-24T24:00"), ("TIME", "2024-09-24T16:00-04:00"), ("TIME", "2024-09-24T15:00Z"),
         ("TIME", "2024-06-02TMO"), ("TIME", "XXXX-XX-XXT10:00"), ("DURATION", "P53D"), ("DURATION", "PT49H"),
         ("DURATION", "P2.5Y"), ("DURATION", "P2Y3M"), ("DURATION", "PT1M12S"), ("DURATION", "PT1H30M"),
         ("DURATION", "PXY"), ("DURATION", "PTXH"), ("DURATION", "PXDE"), ("DURATION", "P350000W"),
         ("SET", "P1W"), ("SET", "XXXX-WXX-1"), ("SET", "XXXX-XX-XXTMO"), ("SET", "XXXX-WI")]
INVALID = [("DATE", "902024"), ("DATE", "-7975"), ("DATE", "-1"), ("DATE", "0"), ("DATE", "107-W25"),
           ("DATE", "2024-13"), ("DATE", "2023-02-29"), ("DATE", "2024-W54"), ("DATE", "2024-Q5"), ("DATE", "P3D"),
           ("DATE", ""), ("TIME", "2024-09-24"), ("TIME", "2024-09-24T25:00"), ("TIME", "PAST_REFTMO"),
           ("DURATION", "PinfW"), ("DURATION", "P1e-07W"), ("DURATION", "P"), ("DURATION", "PT"), ("DURATION", "2024"),
           ("DURATION", "PAST_REF"), ("SET", "PAST_REF"), ("MONTH", "2024-09"), ("DATE", "FUTURE_REF-WE")]


@pytest.mark.parametrize("kind, value", VALID)
def test_the_validator_takes_timex3_values(kind, value):
    assert timex3_problem(kind, value) is None


@pytest.mark.parametrize("kind, value", INVALID)
def test_the_validator_refuses_what_is_no_timex3_value(kind, value):
    assert timex3_problem(kind, value) is not None


def test_the_validator_checks_the_mod():
    assert timex3_problem("DATE", "2024", "APPROX") is None
    assert timex3_problem("DATE", "2024", "ABOUT") is not None


# ---------------------------------------------------------------------------- the defects

#: (expression, anchor, expected type, value): each raised or gave a value no table can hold
#: before the rule (the comment says what it did)
CASES = [
    ("350,000 weeks ago", ANCHOR, "DATE", PAST_REF),  # OverflowError: date value out of range
    ("10000000 days ago", ANCHOR, "DATE", PAST_REF),  # OverflowError
    ("10000000 fortnights ago", ANCHOR, "DATE", PAST_REF),  # OverflowError
    ("3000000 nights ago", ANCHOR, "DATE", PAST_REF),  # OverflowError
    ("350,000 weeks earlier", ANCHOR, "DATE", PAST_REF),  # OverflowError
    ("300000 months ago", ANCHOR, "DATE", PAST_REF),  # ValueError: year -22976 is out of range
    ("1000000000000 weeks ago", ANCHOR, "DATE", PAST_REF),  # OverflowError: int too large to convert to C int
    ("1" + "0" * 400 + " weeks ago", ANCHOR, None, None),  # OverflowError: float infinity to integer
    ("1" + "0" * 310 + " years from now", ANCHOR, None, None),  # OverflowError
    ("900,000 years from now", ANCHOR, "DATE", FUTURE_REF),  # 902024
    ("8000 years from now", ANCHOR, "DATE", FUTURE_REF),  # 10024
    ("9999 years ago", ANCHOR, "DATE", PAST_REF),  # -7975
    ("2025 years ago", ANCHOR, "DATE", PAST_REF),  # -1
    ("2024 years ago", ANCHOR, "DATE", PAST_REF),  # 0
    ("300 decades ago", ANCHOR, "DATE", PAST_REF),  # -98
    ("5000000000 minutes ago", ANCHOR, "DATE", PAST_REF),  # 2024-01-01: minutes were not counted
    ("1500 years ago", ANCHOR, "DATE", "0524"),  # 524, a decade's form
    ("100000 weeks ago", ANCHOR, "DATE", "0107-W25"),  # 107-W25
    ("20000 months ago", ANCHOR, "DATE", "0357-05"),  # 357-05
    ("2023 years ago", ANCHOR, "DATE", "0001"),  # 1
    ("7975 years from now", ANCHOR, "DATE", "9999"),
    ("Christmas 0000", ANCHOR, "DATE", PAST_REF),  # ValueError: year 0 is out of range
    ("the first week of May 0000", ANCHOR, "DATE", PAST_REF),  # ValueError
    ("the 0th century", ANCHOR, None, None),  # -1
    ("in 5000 centuries", ANCHOR, "DURATION", "P500000Y"),  # a duration keeps its size
    ("1" + "0" * 400 + " weeks", ANCHOR, None, None),  # PinfW
    ("in 100000.25 decades", ANCHOR, "DURATION", "P1000002.5Y"),  # P1e+06Y
    ("0.0000001 weeks", ANCHOR, "DURATION", "P0.0000001W"),  # P1e-07W
    ("123456.7 days", ANCHOR, "DURATION", "P123456.7D"),  # P123457D
    # the shift knew no quarters or centuries: it gave the anchor's day
    ("3 quarters ago", ANCHOR, "DATE", "2023-Q2"),
    ("a quarter earlier", ANCHOR, "DATE", "2023-Q4"),
    ("two quarters later", ANCHOR, "DATE", "2024-Q3"),
    ("300000 quarters ago", ANCHOR, "DATE", PAST_REF),
    ("3 centuries ago", ANCHOR, "DATE", "17"),
    ("30 centuries ago", ANCHOR, "DATE", PAST_REF),
    ("900 minutes ago", ANCHOR, "DATE", "2023-12-31"),
    ("5 minutes ago", ANCHOR, "DATE", "2024-01-01"),
    # the anchor at the calendar's ends (resolve_timex takes any date)
    ("yesterday", date(1, 1, 1), "DATE", PAST_REF),  # OverflowError
    ("last month", date(1, 1, 1), "DATE", PAST_REF),  # ValueError
    ("last Christmas", date(1, 1, 1), "DATE", PAST_REF),  # ValueError
    ("yesterday morning", date(1, 1, 1), "DATE", PAST_REF),  # OverflowError
    ("last year", date(1, 1, 1), "DATE", PAST_REF),  # 0
    ("last decade", date(1, 1, 1), "DATE", PAST_REF),  # -1
    ("next week", date(1, 1, 1), "DATE", "0001-W02"),  # 1-W02
    ("tomorrow", date(9999, 12, 31), "DATE", FUTURE_REF),  # OverflowError
    ("next month", date(9999, 12, 31), "DATE", FUTURE_REF),  # ValueError
    ("next year", date(9999, 12, 31), "DATE", FUTURE_REF),  # 10000
    ("the weekend after next", date(9999, 12, 31), "DATE", FUTURE_REF),  # OverflowError
    ("the last week of December", date(9999, 12, 31), "DATE", "9999-W52"),
]


@pytest.mark.parametrize("text, anchor, kind, value", CASES)
def test_date_arithmetic_outside_the_calendar(text, anchor, kind, value):
    found = resolve_timex(text, anchor)
    got = (found.type, found.value) if found else (None, None)
    assert got == (kind, value)
    if found:
        assert timex3_problem(found.type, found.value, found.mod) is None


def test_a_modifier_stays_with_the_rules_value():
    found = resolve_timex("more than 350,000 weeks ago", ANCHOR)
    assert (found.type, found.value, found.mod) == ("DATE", PAST_REF, "BEFORE")


@pytest.mark.parametrize("reference, value", [("2024-02-29", "2023-02-28"), ("2023-03-01", "2022-03-01")])
def test_the_same_day_a_year_before_a_29_february(reference, value):
    """ "the same day last year" said of 29 February raised ValueError (day is out of range)."""
    found = resolve_timex("the same day last year", ANCHOR, reference=date.fromisoformat(reference))
    assert found.value == value


# ---------------------------------------------------------------------------- the properties

GRAMMAR = default_grammar()
TIME_UNITS = sorted({w for u in GRAMMAR.units.units.values() if u.dimension == "time" for w in u.words})
#: the offset and duration forms of dates/rules.tsv with a number in them ({n} the number, {u} the unit)
BACK = ["{n} {u} ago", "{n} {u} earlier", "{n} {u} before", "{n} {u} previously", "{n} {u} since"]
AHEAD = ["{n} {u} from now", "{n} {u} later", "{n} {u} after"]
DURATIONS = ["in {n} {u}", "within {n} {u}", "the past {n} {u}", "the last {n} {u}", "the next {n} {u}",
             "the coming {n} {u}", "for {n} {u}", "over {n} {u}", "{n} {u}", "{n}-{u}", "a {n}-{u}", "{n} {u} long",
             "{n} {u} and a half", "{n} and a half {u}", "{n} straight {u}", "{n} consecutive {u}"]
SETS = ["every {n} {u}", "each {n} {u}", "{n} {u} a week", "{n} {u} per year", "{n} times a {u}"]
MODIFIED = ["about {n} {u} ago", "more than {n} {u} ago", "nearly {n} {u} ago", "less than {n} {u} later",
            "almost {n} {u}", "more than {n} {u}", "at least {n} {u}", "some {n} {u} ago"]
FORMS = BACK + AHEAD + DURATIONS + SETS + MODIFIED
WORD_NUMBERS = ["a", "an", "one", "two", "three", "twelve", "twenty-five", "ninety nine", "a dozen", "a couple of",
                "a hundred", "a thousand", "a million", "three hundred thousand", "two million", "2.5 million",
                "a billion", "half a", "a few", "several", "zero", "minus five", "ten thousand", "a trillion"]
HUGE = ["1" + "0" * 400, "9" * 30, "1e300", "1e308", "inf", "nan", "10^12", "1,000,000,000,000", "99999999999999999999"]
NUMBERS = st.one_of(
    st.integers(0, 10**12).map(str),
    st.integers(0, 10**12).map("{:,}".format),
    st.integers(-10**12, -1).map(str),
    st.floats(0, 1e12, allow_nan=False).map(lambda x: f"{x:.{len(str(int(x))) % 4}f}"),
    st.floats(0, 1e6, allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(WORD_NUMBERS),
    st.sampled_from(HUGE),
)
ANY_ANCHOR = st.one_of(st.just(ANCHOR), st.just(date(1, 1, 1)), st.just(date(9999, 12, 31)), st.dates())
REFERENCE = st.one_of(st.none(), st.dates())


def check_timex(found, form: str) -> None:
    """A resolved expression has a valid TIMEX3 value, counted the way its form points."""
    if found is None:
        return
    problem = timex3_problem(found.type, found.value, found.mod)
    assert problem is None, f"{found}: {problem}"
    if found.type in {"DATE", "TIME"}:
        year = re.match(r"\d{4}(?=-|T|$)", found.value)
        assert year is None or 1 <= int(year.group(0)) <= 9999, found
    if form in BACK:
        assert found.value != FUTURE_REF, found
    if form in AHEAD:
        assert found.value != PAST_REF, found


@FAST
@given(number=NUMBERS, form=st.sampled_from(FORMS), unit=st.sampled_from(TIME_UNITS),
       future=st.sampled_from([False, True, None]))
def test_any_number_in_any_date_form_resolves_or_is_left(number, form, unit, future):
    text = form.format(n=number, u=unit)
    check_timex(resolve_timex(text, ANCHOR, future=future), form)


@FAST
@given(number=NUMBERS, form=st.sampled_from(FORMS), unit=st.sampled_from(TIME_UNITS), anchor=ANY_ANCHOR,
       reference=REFERENCE)
def test_any_anchor_and_reference(number, form, unit, anchor, reference):
    text = form.format(n=number, u=unit)
    check_timex(resolve_timex(text, anchor, reference=reference), form)


#: expressions with no number, whose arithmetic steps from the anchor (its ends are the edge)
RELATIVE = ["tomorrow", "yesterday", "next week", "last week", "next month", "last month", "next year", "last year",
            "the weekend", "the weekend after next", "the weekend before last", "Monday", "next Monday",
            "last Monday", "May", "last December", "next January", "winter", "next winter", "last summer", "Christmas",
            "next Christmas", "last Christmas", "Thanksgiving", "the same day last year", "the year-ago quarter",
            "the prior year", "the end of the year", "the last week of December", "next quarter", "last quarter",
            "next decade", "last decade", "next century", "last century", "yesterday morning", "tomorrow evening",
            "the day before", "the day after", "the following day", "the previous week", "noon on Saturday",
            "March 5", "Dec. 31", "Jan. 1", "the first week of January", "Q4", "the fourth quarter of last year",
            "16 August next year", "'05", "'95", "5/6/09", "the same period last year", "the 1990s", "this century"]


@FAST
@given(text=st.sampled_from(RELATIVE), anchor=ANY_ANCHOR, future=st.sampled_from([False, True, None]),
       reference=REFERENCE)
def test_relative_dates_at_any_anchor(text, anchor, future, reference):
    check_timex(resolve_timex(text, anchor, future=future, reference=reference), "")


SENTENCES = ["Prices were higher {e}, traders said.", "The council will vote {e}.",
             "The blast came at 3:42 a.m. EST. {E}, the fire was still burning.",
             "Cattle    121,000   {e}   118,000 Year ago"]
PIPELINE_FORMS = BACK + AHEAD + DURATIONS[:8] + SETS[:2] + MODIFIED[:3]


@SLOW
@given(number=NUMBERS, form=st.sampled_from(PIPELINE_FORMS), unit=st.sampled_from(TIME_UNITS),
       sentence=st.sampled_from(SENTENCES))
def test_the_date_stage_never_fails_on_any_number(process, number, form, unit, sentence):
    expression = form.format(n=number, u=unit)
    doc = process(sentence.format(e=expression, E=expression[:1].upper() + expression[1:]), "2024-01-01")
    assert not [f for f in doc._.stage_failures or [] if f["stage"] == "timex_tagger"], doc._.stage_failures
    for span in doc.spans["timex"]:
        timex = span._.timex
        problem = timex3_problem(timex["type"], timex["value"], timex["mod"])
        assert problem is None, f"{span.text!r}: {timex}: {problem}"


# ---------------------------------------------------------------------------- the real news, end to end

LIVESTOCK = ("CHICAGO, Jan 1 (Reuters) - USDA estimated livestock slaughter (head):\n"
             "Cattle    121,000   350,000 Week ago   118,000 Year ago\n"
             "Hogs      480,000   471,000 Week ago   465,000 Year ago\n"
             "Sheep       6,000     5,000 Week ago     7,000 Year ago\n"
             "Cash hog prices rose on Monday, dealers said.\n")
SMALLEST = "Prices were higher 350,000 weeks ago, traders said."


@pytest.mark.parametrize("text, expected", [
    (LIVESTOCK, {("Jan 1", "2024-01-01"), ("350,000 Week ago", PAST_REF), ("465,000 Year ago", PAST_REF)}),
    (SMALLEST, {("350,000 weeks ago", PAST_REF)}),
], ids=["livestock table", "smallest form"])
def test_a_wire_story_with_huge_counts_keeps_its_date_facts(nlp, tmp_path, text, expected):
    """The date stage raised OverflowError on these: the article lost every date fact and the
    run exited 1."""
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "story", "published": "2024-01-01", "text": text}) + "\n", encoding="utf-8")
    table = tmp_path / "facts.jsonl"
    result = run_batch([source], table, nlp)
    assert not errors_path(table).exists()  # written only when an article or stage failed
    assert result.failed == 0
    dates = {(row["text"], row["value"]) for row in read_table(table) if row["kind"] == "date"}
    assert expected <= dates
    assert all(timex3_problem(row["label"], row["value"], row["modifier"]) is None
               for row in read_table(table) if row["kind"] == "date")


@pytest.mark.parametrize("text, expected", [
    ("The blast came at 3:42 a.m. EST. About 100000000 hours later, the fire was out.",
     ("100000000 hours later", "DATE", FUTURE_REF)),  # OverflowError
    ("The blast came at 3:42 a.m. EST. Twenty-five hours earlier, the alarm rang.",
     ("Twenty-five hours earlier", "TIME", "2023-12-31T02:42-05:00")),
], ids=["beyond the calendar", "within it"])
def test_a_clock_time_counted_from_the_last_one(process, text, expected):
    doc = process(text, "2024-01-01")
    assert not doc._.stage_failures
    found = {(s.text, s._.timex["type"], s._.timex["value"]) for s in doc.spans["timex"]}
    assert expected in found, found
