"""A date fact's calendar interval (`period_start`, `period_end`) from its TIMEX3 value."""

from datetime import datetime as t

import pytest

from pipeline.stages.timex.intervals import timex_interval


@pytest.mark.parametrize("value, start, end", [
    ("2024-05-04", t(2024, 5, 4), t(2024, 5, 5)),
    ("2024-05", t(2024, 5, 1), t(2024, 6, 1)),
    ("2024-12", t(2024, 12, 1), t(2025, 1, 1)),
    ("2024", t(2024, 1, 1), t(2025, 1, 1)),
    ("199", t(1990, 1, 1), t(2000, 1, 1)),
    ("18", t(1800, 1, 1), t(1900, 1, 1)),
    ("2024-W39", t(2024, 9, 23), t(2024, 9, 30)),
    ("2024-W39-WE", t(2024, 9, 28), t(2024, 9, 30)),
    ("2024-W39-3", t(2024, 9, 25), t(2024, 9, 26)),
    ("2024-W01", t(2024, 1, 1), t(2024, 1, 8)),
    ("2020-W53", t(2020, 12, 28), t(2021, 1, 4)),
    ("2024-Q1", t(2024, 1, 1), t(2024, 4, 1)),
    ("2024-Q4", t(2024, 10, 1), t(2025, 1, 1)),
    ("2023-H2", t(2023, 7, 1), t(2024, 1, 1)),
    ("2022-SU", t(2022, 6, 1), t(2022, 9, 1)),
    ("2022-WI", t(2022, 12, 1), t(2023, 3, 1)),
    ("2022-05-01T10:00", t(2022, 5, 1, 10), t(2022, 5, 1, 10, 1)),
    ("2022-05-01T10", t(2022, 5, 1, 10), t(2022, 5, 1, 11)),
    ("2023-02-07T23:15:30-05:00", t(2023, 2, 7, 23, 15, 30), t(2023, 2, 7, 23, 15, 31)),
    ("2022-08-09TNI", t(2022, 8, 9), t(2022, 8, 10)),
])
def test_a_value_covers_its_interval(value, start, end):
    assert timex_interval(value) == (start, end)


@pytest.mark.parametrize("value", ["P3D", "PT2H", "PRESENT_REF", "PAST_REF", "FUTURE_REF", "XXXX-XX-XXT12:00",
                                   "XXXX-WXX-1", "2024-02-30", "9999", "2024-W54", "", None, "next week"])
def test_a_value_with_no_place_in_the_calendar_has_none(value):
    assert timex_interval(value) is None
