"""The review page of a story with money in it (issue 23): amounts with thousands separators and
one reading, chart labels of any length kept whole, through `newsfacts review`."""

import json
from datetime import datetime

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.core.schema import SCHEMA
from pipeline.review import charts
from pipeline.review import page as review
from pipeline.review.page import FACT_FIELDS, fact_detail
from pipeline.run.batch import run_batch
from tests.review.test_review import page_data

STORY = {"id": "deal", "title": "Acme buys Brightwave for $3.1 billion", "published": "2024-06-11",
         "text": "Acme Corp agreed to buy Brightwave for $3.1 billion on Monday, and will cut 1,935.3 grams of "
                 "packaging from each of 2,500 parcels."}


@pytest.fixture(scope="module")
def page(nlp, tmp_path_factory):
    """The page data of STORY's review: its table made by the run of every command, the page by
    `newsfacts review`."""
    folder = tmp_path_factory.mktemp("amounts")
    (folder / "story.jsonl").write_text(json.dumps(STORY) + "\n", encoding="utf-8")
    assert run_batch([folder / "story.jsonl"], folder / "facts.jsonl", nlp).failed == 0
    result = CliRunner().invoke(app, ["review", str(folder / "facts.jsonl"), "--articles", str(folder / "story.jsonl"),
                                      "-o", str(folder / "report.html")])
    assert result.exit_code == 0, result.output
    return page_data((folder / "report.html").read_text(encoding="utf-8"))


def test_an_amount_of_money_reads_once_with_thousands_separated(page):
    [article] = page["articles"]
    value, detail, text = (FACT_FIELDS.index(name) for name in ("value", "detail", "text"))
    money = next(f for f in article["facts"] if "$3.1 billion" in f[text])
    assert money[value] == "3,100,000,000 USD"
    # "3100000000 USD = 3100000000 USD" said the same number twice more; what it adds is its date ("on Monday")
    assert money[detail] == "when 2024-06-10"
    grams = next(f for f in article["facts"] if "grams" in f[text])
    assert grams[detail] == "1,935.3 gram = 1.9353 kg"
    assert next(f for f in article["facts"] if f[text] == "2,500")[value].startswith("2,500")
    assert article["title"] == STORY["title"]


def test_shown_values_and_details():
    row = dict.fromkeys(SCHEMA) | {"kind": "quantity", "value": "2000000-9999999 person", "number": 2e6,
                                   "number_max": 9999999.0, "unit": "person", "si_value": 2e6, "si_value_max": 9999999.0}
    assert review.shown_value(row) == "2,000,000-9,999,999 person" and fact_detail(row) == ""
    assert review.shown_value(dict(row, kind="date", value="2024-06-11")) == "2024-06-11"
    assert review.shown_value(dict(row, value="-0.25 %")) == "-0.25 %"


@pytest.mark.parametrize("extra, detail", [
    ({"unit": "GBP", "value": "114000000000 GBP", "si_unit": "GBP", "amount": 144085459109.3, "amount_unit": "USD",
      "rate_date": "2024-02-29"}, "≈ 144,085,459,109 USD at the rate of 2024-02-29"),
    ({"unit": "USD", "value": "114000000000 USD", "si_unit": "USD", "amount": 114e9, "amount_unit": "USD",
      "rate_date": None}, ""),  # already in the reference currency: nothing to add
    ({"unit": "GBP", "value": "114000000000 GBP", "si_unit": "GBP", "when": "2024-Q1"}, "when 2024-Q1"),
])
def test_the_tooltip_gives_money_in_the_reference_currency_and_the_date_it_belongs_to(extra, detail):
    row = dict.fromkeys(SCHEMA) | {"kind": "quantity", "number": 114e9, "si_value": 114e9} | extra
    assert fact_detail(row) == detail


@pytest.mark.parametrize("extra, detail", [
    ({"label": "DATE", "value": "2019-01", "period_start": "2019-01-01T00:00:00", "period_end": "2019-02-01T00:00:00"},
     "2019-01-01 to 2019-01-31"),  # a month: its days, the end excluded in the table
    ({"label": "DATE", "value": "2024-W39", "period_start": datetime(2024, 9, 23), "period_end": datetime(2024, 9, 30)},
     "2024-09-23 to 2024-09-29"),
    ({"label": "DATE", "value": "2024-09-23", "period_start": "2024-09-23T00:00:00",
      "period_end": "2024-09-24T00:00:00"}, ""),  # one day: its value says it
    ({"label": "TIME", "value": "2024-09-23T14", "period_start": "2024-09-23T14:00:00",
      "period_end": "2024-09-23T15:00:00"}, "2024-09-23 14:00 to 2024-09-23 15:00"),
    ({"label": "DURATION", "value": "PT49H", "si_value": 176400.0, "si_unit": "s"}, "176,400 s"),
    ({"label": "SET", "value": "P1W"}, ""),
])
def test_the_tooltip_gives_a_date_s_interval_and_a_duration_s_seconds(extra, detail):
    assert fact_detail(dict.fromkeys(SCHEMA) | {"kind": "date"} | extra) == detail


def test_a_long_bar_label_fits_the_chart():
    svg = charts.bar_chart("Quantity dimensions", [("typographical element", 3), ("length", 12)])
    width = int(svg.split('viewBox="0 0 ')[1].split()[0])
    label_end = int(svg.split('text-anchor="end"')[0].rsplit('x="', 1)[1].split('"')[0])
    assert "typographical element<" in svg  # whole, not "typographical eleme…"
    assert label_end - len("typographical element") * charts.CHAR_WIDTH >= 0 and width > label_end


def test_a_text_files_headline_is_its_title_on_the_page(nlp, tmp_path):
    """A story kept as a text file is shown by its headline (the index link and the heading use the
    title when the record has one, and the id only when it has none)."""
    story = tmp_path / "stories" / "deal.txt"
    story.parent.mkdir()
    story.write_text(f"{STORY['title']}\n\nSYDNEY (Reuters) - {STORY['text']}\n", encoding="utf-8")
    story.with_suffix(".json").write_text(json.dumps({"published": STORY["published"]}), encoding="utf-8")
    assert run_batch([story.parent], tmp_path / "facts.jsonl", nlp).failed == 0
    result = CliRunner().invoke(app, ["review", str(tmp_path / "facts.jsonl"), "--articles", str(story.parent),
                                      "-o", str(tmp_path / "report.html")])
    assert result.exit_code == 0, result.output
    [article] = page_data((tmp_path / "report.html").read_text(encoding="utf-8"))["articles"]
    assert article["title"] == STORY["title"] and article["id"] != STORY["title"]
