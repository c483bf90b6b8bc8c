"""Money in one currency and typed columns, end to end: `newsfacts extract --currency`, regenerate,
`newsfacts schema` and `pipeline.extract_frame(currency=)`."""

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

import pipeline
from pipeline.cli import app
from pipeline.core.failures import ExitCode

#: published on a Saturday: the rate is Friday's, 3 May 2024 (EUR 1 = USD 1.0744 = GBP 0.85573)
ARTICLE = {"id": "m", "published": "2024-05-04",
           "text": "The council spent £1.2m on the bridge in May 2024, and $300,000 on the road."}
GBP_USD, GBP_EUR = 1.0744 / 0.85573, 1 / 0.85573


@pytest.fixture(scope="module")
def model(tmp_path_factory, nlp):
    path = tmp_path_factory.mktemp("model") / "newsfacts_en"
    nlp.to_disk(path)
    return path


@pytest.fixture
def articles(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    return path


def invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def rows(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def money(table):
    return {r["text"]: r for r in table if r["label"] == "currency"}


def test_extract_gives_money_in_dollars_at_the_rate_of_the_publication_day(articles, tmp_path, model):
    out = tmp_path / "facts.jsonl"
    result = invoke("extract", articles, "-o", out, "-q", "--model", model)
    assert result.exit_code == 0, result.output
    table = rows(out)
    pounds, dollars = money(table)["£1.2m"], money(table)["$300,000"]
    assert pounds["amount"] == pytest.approx(1.2e6 * GBP_USD) and pounds["amount_unit"] == "USD"
    assert pounds["exchange_rate"] == pytest.approx(GBP_USD) and pounds["rate_date"] == "2024-05-03"
    assert (dollars["amount"], dollars["exchange_rate"], dollars["rate_date"]) == (300000, 1, None)
    [may] = [r for r in table if r["kind"] == "date"]
    assert (may["period_start"], may["period_end"]) == ("2024-05-01T00:00:00", "2024-06-01T00:00:00")


def test_another_currency_is_an_option_and_regenerate_does_not_reuse_rows_of_the_old_one(articles, tmp_path, model):
    out = tmp_path / "facts.jsonl"
    assert invoke("extract", articles, "-o", out, "-q", "--model", model).exit_code == 0
    result = invoke("regenerate", articles, "-o", out, "-q", "--model", model, "--currency", "eur")
    assert result.exit_code == 0, result.output
    assert "1 processed, 0 unchanged and reused" in result.output
    pounds = money(rows(out))["£1.2m"]
    assert pounds["amount"] == pytest.approx(1.2e6 * GBP_EUR) and pounds["amount_unit"] == "EUR"
    again = invoke("regenerate", articles, "-o", out, "-q", "--model", model, "--currency", "EUR")
    assert "0 processed, 1 unchanged and reused" in again.output
    back = invoke("regenerate", articles, "-o", out, "--model", model, "--currency", "USD")
    # a fact whose value is the same says which columns changed, not "1200000 GBP -> 1200000 GBP"
    assert "~ quantity '£1.2m': amount " in back.output and "amount_unit 'EUR' -> 'USD'" in back.output, back.output


def test_a_currency_the_ecb_does_not_quote_is_refused_in_one_line(articles, tmp_path):
    result = invoke("extract", articles, "-o", tmp_path / "f.jsonl", "-q", "--currency", "DEM")
    assert result.exit_code == ExitCode.USAGE
    [line] = result.output.strip().splitlines()
    assert "--currency 'DEM'" in line and "USD" in line
    with pytest.raises(ValueError, match="currency= 'XYZ'"):
        pipeline.extract_frame([ARTICLE], currency="XYZ")


def test_the_api_takes_a_currency_and_gives_typed_columns(model):
    named = {"id": "n", "published": "2024-05-04", "text": "Microsoft opened an office in Leeds. Microsoft said so."}
    frame = pipeline.extract_frame([ARTICLE, named], model=model, currency="EUR")
    pounds = frame[frame["text"] == "£1.2m"].iloc[0]
    assert pounds["amount"] == pytest.approx(1.2e6 * GBP_EUR) and pounds["rate_date"] == dt.date(2024, 5, 3)
    assert str(frame["kind"].dtype) == "category" and str(frame["period_start"].dtype) == "datetime64[s]"
    microsoft = frame[frame["text"] == "Microsoft"].iloc[0]
    assert list(microsoft["mention_offsets"]) == [{"start": 0, "end": 9}, {"start": 37, "end": 46}]


def test_schema_says_each_columns_type():
    result = invoke("schema")
    lines = {line.split()[0]: line.split()[1] for line in result.output.splitlines() if line and line[0] != " "
             and len(line.split()) > 1}
    assert (lines["kind"], lines["mention_offsets"], lines["period_start"], lines["amount"], lines["rate_date"]) == (
        "category", "offsets", "timestamp", "double", "day")
    assert "  timestamp " in result.output and "  offsets " in result.output
