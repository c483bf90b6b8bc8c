"""Money in one reference currency (`pipeline.language.money`): the conversion as a pure function
of given rates, and the ECB's bundled history read lazily, offline, two columns at a time."""

import datetime as dt

import pytest

from pipeline.language import money
from pipeline.language.money import Conversion, add_amounts, convert_money, ecb_currencies, ecb_rate

#: GBP -> USD on two working days; the weekend between has no rate
RATES = {("GBP", "USD", dt.date(2024, 5, 3)): 1.25, ("GBP", "USD", dt.date(2024, 5, 6)): 1.26}


def rate_of(currency, reference, day):
    return RATES.get((currency, reference, day))


def test_an_amount_takes_the_rate_of_its_publication_day():
    assert convert_money(100.0, None, "GBP", "2024-05-06", "USD", rate_of) == Conversion(
        126.0, None, "USD", 1.26, dt.date(2024, 5, 6))


def test_on_a_weekend_the_last_working_days_rate_is_taken_and_its_day_said():
    converted = convert_money(100.0, 200.0, "GBP", "2024-05-05T10:00:00", "USD", rate_of)
    assert (converted.amount, converted.amount_max, converted.rate_date) == (125.0, 250.0, dt.date(2024, 5, 3))


def test_no_rate_within_a_week_before_the_day_gives_no_amount():
    assert convert_money(100.0, None, "GBP", "2024-05-11", "USD", rate_of) is not None  # the 6th, 5 days before
    assert convert_money(100.0, None, "GBP", "2024-05-14", "USD", rate_of) is None  # the 6th is 8 days before it
    assert convert_money(100.0, None, "GBP", None, "USD", rate_of) is None


def test_a_rate_keeps_what_it_is_per_and_the_same_currency_needs_no_rate():
    assert convert_money(2.0, None, "GBP per share", "2024-05-03", "USD", rate_of).unit == "USD per share"
    same = convert_money(5.0, 6.0, "USD per year", None, "USD", rate_of)
    assert same == Conversion(5.0, 6.0, "USD per year", 1.0, None)


def test_the_ecb_history_gives_the_days_rate_and_nothing_outside_it():
    assert ecb_rate("GBP", "USD", dt.date(2024, 5, 3)) == pytest.approx(1.0744 / 0.85573)
    assert ecb_rate("EUR", "USD", dt.date(2024, 5, 3)) == pytest.approx(1.0744)
    assert ecb_rate("USD", "EUR", dt.date(2024, 5, 3)) == pytest.approx(1 / 1.0744)
    assert ecb_rate("GBP", "USD", dt.date(2024, 5, 4)) is None  # a Saturday
    assert ecb_rate("GBP", "USD", dt.date(1998, 12, 31)) is None  # before the ECB's first rate
    assert ecb_rate("DEM", "USD", dt.date(1998, 12, 31)) is None  # a currency it never quoted
    assert ecb_rate("GBP", "DEM", dt.date(2024, 5, 3)) is None
    assert {"USD", "EUR", "GBP", "JPY"} <= ecb_currencies() and "DEM" not in ecb_currencies()


def test_rows_without_money_load_no_rates_and_money_rows_get_their_columns(monkeypatch):
    import currency_converter.currency_converter as package

    monkeypatch.setattr(package, "urlopen", lambda *a, **k: pytest.fail("the rates were downloaded"))
    money._lines.cache_clear()
    money._converter.cache_clear()
    rows = [{"kind": "quantity", "label": "mass", "si_value": 5.0, "si_unit": "kg"},
            {"kind": "quantity", "label": "currency", "si_value": 9.0, "si_unit": "USD"}]
    add_amounts(rows, "2024-05-04", "USD")
    assert money._lines.cache_info().currsize == 0  # neither needed the history
    assert "amount" not in rows[0] and rows[1]["amount"] == 9.0
    pounds = [{"kind": "quantity", "label": "currency", "si_value": 1.2e6, "si_value_max": None, "si_unit": "GBP"}]
    add_amounts(pounds, "2024-05-04", "USD")
    assert pounds[0]["amount"] == pytest.approx(1.2e6 * 1.0744 / 0.85573)
    assert (pounds[0]["amount_unit"], pounds[0]["rate_date"]) == ("USD", dt.date(2024, 5, 3))
    assert money._lines.cache_info().currsize == 1
