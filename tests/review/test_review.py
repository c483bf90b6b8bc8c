"""The review page's data, charts and commands, without a browser (tests/review/test_review_browser.py
opens the pages in Chromium)."""

import json
import re

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.core.schema import SCHEMA
from pipeline.io.writing import write_table
from pipeline.review.charts import timeline_chart
from pipeline.review.page import FACT_FIELDS, fact_detail, gather_review, review_page

TEXT = "Rain fell on Monday in Leeds. About 40 mm fell in 3 hours."
ARTICLE = {"id": "r1", "title": "Rain in Leeds", "source": "Test Wire", "published": "2024-05-01", "text": TEXT}
GOLD = [  # by hand: Monday is 2024-04-29, Leeds a place, 40 mm a length, 3 hours a duration
    {"kind": "date", "label": "DATE", "text": "Monday", "value": "2024-04-29"},
    {"kind": "entity", "label": "GPE", "text": "Leeds", "value": "Leeds"},
    {"kind": "quantity", "label": "length", "text": "About 40 mm", "value": "0.04 m", "si_value": 0.04, "si_unit": "m"},
    {"kind": "date", "label": "DURATION", "text": "3 hours", "value": "PT3H"},
]


def row(text, kind, label, value, **extra):
    start = TEXT.index(text)
    return dict.fromkeys(SCHEMA) | {"article_id": "r1", "fact_id": f"{kind[0]}{start}", "kind": kind, "label": label,
                                    "text": text, "start": start, "end": start + len(text), "value": value,
                                    "mentions": 1} | extra


ROWS = [
    row("Monday", "date", "DATE", "2024-04-22"),  # a week off: a wrong value
    row("Leeds", "entity", "GPE", "Leeds"),  # correct
    row("Rain", "entity", "PERSON", "Rain"),  # not in the gold: spurious
    row("About 40 mm", "quantity", "length", "0.04 m", number=40.0, unit="millimetre", si_value=0.04,
        si_unit="m", modifier="APPROX"),  # correct
]  # "3 hours" is not found: a miss


def corpus(tmp_path, rows=ROWS, text=TEXT):
    folder = tmp_path / "corpus"
    (folder / "gold").mkdir(parents=True)
    (folder / "articles.jsonl").write_text(json.dumps(dict(ARTICLE, text=text)) + "\n", encoding="utf-8")
    (folder / "gold" / "r1.gold.jsonl").write_text("".join(json.dumps(g) + "\n" for g in GOLD), encoding="utf-8")
    table = tmp_path / "facts.jsonl"
    write_table(table, rows, SCHEMA)
    return table, folder


def page_data(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="data">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


def test_each_fact_is_marked_against_the_gold(tmp_path):
    table, folder = corpus(tmp_path)
    review = gather_review(table, gold=[folder])
    [article] = review.articles
    status = {(f[FACT_FIELDS.index("text")], f[FACT_FIELDS.index("status")]) for f in article.facts}
    assert status == {("Monday", "wrong"), ("Leeds", "correct"), ("Rain", "spurious"),
                      ("About 40 mm", "correct"), ("3 hours", "missed")}
    wrong = next(f for f in article.facts if f[FACT_FIELDS.index("status")] == "wrong")
    assert wrong[FACT_FIELDS.index("gold")] == "DATE 2024-04-29"
    assert article.text == TEXT and article.title == "Rain in Leeds" and article.problems == []
    assert article.scores["date"]["relaxed_r"] == 0.5 and article.scores["entity"]["relaxed_p"] == 0.5
    assert review.report.tallies["all"].gold == 4


def test_the_page_carries_every_fact_and_no_network_reference(tmp_path):
    table, folder = corpus(tmp_path)
    page = review_page(gather_review(table, gold=[folder]))
    data = page_data(page)
    assert [a["id"] for a in data["articles"]] == ["r1"]
    assert data["articles"][0]["counts"] == {"entity": 2, "date": 1, "quantity": 1}
    assert data["articles"][0]["status"] == {"wrong": 1, "correct": 2, "spurious": 1, "missed": 1}
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page), "the page must not load anything"


def test_article_text_cannot_break_out_of_the_page(tmp_path):
    text = "Rain fell on Monday in Leeds. </script><script>alert(1)</script> {{script}} <!-- About"
    rows = [row("Monday", "date", "DATE", "2024-04-29"), row("Leeds", "entity", "GPE", "Leeds")]
    table, folder = corpus(tmp_path, rows, text)
    (folder / "gold" / "r1.gold.jsonl").write_text(json.dumps(GOLD[0]) + "\n", encoding="utf-8")
    page = review_page(gather_review(table, gold=[folder]))
    assert page.count("</script>") == 2  # the data's and the script's own
    assert page_data(page)["articles"][0]["text"] == text


def test_a_table_that_does_not_fit_its_text_is_reported_and_the_others_kept(tmp_path):
    table, folder = corpus(tmp_path)
    other = dict(ARTICLE, id="r2", text="Snow fell on Friday.")
    with open(folder / "articles.jsonl", "a", encoding="utf-8") as handle:
        handle.write(json.dumps(other) + "\n")
    edited = TEXT.replace("Rain fell", "Heavy rain fell")
    lines = (folder / "articles.jsonl").read_text(encoding="utf-8").replace(TEXT, edited)
    (folder / "articles.jsonl").write_text(lines, encoding="utf-8")
    friday = dict.fromkeys(SCHEMA) | {"article_id": "r2", "fact_id": "d13", "kind": "date", "label": "DATE",
                                      "text": "Friday", "start": 13, "end": 19, "value": "XXXX-WXX-5"}
    write_table(table, ROWS + [friday], SCHEMA)
    result = CliRunner().invoke(app, ["review", str(table), "--gold", str(folder), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 1
    assert "article r1: the table's fact 'Monday' at 13-19 reads 'll on ' in the article text" in result.output
    assert "run `newsfacts extract` again" in result.output
    data = page_data((tmp_path / "r.html").read_text(encoding="utf-8"))
    first, second = data["articles"]
    assert first["text"] is None and first["problems"] and first["scores"] is None
    assert second["text"] == "Snow fell on Friday." and second["problems"] == []


def test_review_of_a_missing_table_says_what_to_do(tmp_path):
    from pipeline.core.failures import ExitCode

    result = CliRunner().invoke(app, ["review", str(tmp_path / "nope.parquet"), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == ExitCode.UNREADABLE
    assert "nope.parquet: no such fact table; write one with `newsfacts extract" in result.output
    assert not (tmp_path / "r.html").exists()


def test_an_article_without_facts_is_listed_from_the_manifest(nlp, tmp_path):
    from pipeline.run.batch import run_batch

    inputs = tmp_path / "in.jsonl"
    inputs.write_text(json.dumps({"id": "quiet", "published": "2024-01-01", "text": "Nothing happened."}) + "\n"
                      + json.dumps(ARTICLE) + "\n", encoding="utf-8")
    run_batch([inputs], tmp_path / "facts.parquet", nlp)
    review = gather_review(tmp_path / "facts.parquet", articles=[inputs])
    assert sorted(a.id for a in review.articles) == ["quiet", "r1"]
    assert next(a for a in review.articles if a.id == "quiet").facts == []


def test_quantity_detail_spells_out_the_si_value():
    assert fact_detail(ROWS[3]) == "40 millimetre = 0.04 m"
    assert fact_detail(dict(ROWS[3], number=3.0, number_max=5.0, unit="kilometre", si_value=3000.0,
                            si_value_max=5000.0)) == "3-5 kilometre = 3,000-5,000 m"
    assert fact_detail(ROWS[0]) == ""


def test_timeline_bins_by_year_and_keeps_far_dates_aside():
    values = [f"{2000 + i % 20}-05-01" for i in range(200)] + ["1850", "2024-W38", "PRESENT_REF", "P3D"]
    svg = timeline_chart(values)
    assert "202 dated facts, most between 2000 and 2019, by year; 1 earlier; 1 later" in svg
    assert "<title>2005: 10</title>" in svg and "<title>before 2000: 1</title>" in svg
    months = timeline_chart(["2024-09-23", "2024-09-01", "2024-10", "2023"])
    assert "by month" in months and "<title>2024-09: 2</title>" in months


def test_regenerate_writes_the_changes_page(tmp_path):
    inputs, table, page = tmp_path / "in.jsonl", tmp_path / "facts.parquet", tmp_path / "diff.html"
    inputs.write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    assert CliRunner().invoke(app, ["regenerate", str(inputs), "-o", str(table), "-q"]).exit_code == 0
    inputs.write_text(json.dumps(dict(ARTICLE, text=TEXT.replace("3 hours", "4 hours"))) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["regenerate", str(inputs), "-o", str(table), "-q", "--report", str(page)])
    assert result.exit_code == 0, result.output
    [article] = page_data(page.read_text(encoding="utf-8"))["articles"]
    assert (article["id"], article["status"], article["title"]) == ("r1", "changed", "Rain in Leeds")
    value = FACT_FIELDS.index("value")
    assert [(old[value], new[value]) for old, new in article["changed"]] == [("PT3H", "PT4H")]
