"""Quantities scored on real news (issue 22): the benchmark's view of the fact table, the scoring,
the gold's integrity against the texts in ../shared/eval, and `newsfacts eval --kind quantity`."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.core.failures import ExitCode
from pipeline.evaluation.news_quantities import (
    NewsGoldError,
    check_digest,
    default_texts,
    quantity_view,
    read_article,
    read_news_gold,
    read_split,
    score_news,
)

from ..conftest import ROOT

NEWS = ROOT / "corpus" / "news-quantities"
TEXTS = default_texts(NEWS)


def row(kind, label, start, end, **cells):
    return {"kind": kind, "label": label, "start": start, "end": end, **cells}


def test_the_benchmark_reads_quantities_and_durations_that_hold_a_number():
    text = "It rained for 49 hours, a month ago, and about 5% more fell."
    rows = [row("date", "DURATION", 14, 22, number=49.0, unit="hour"),
            row("date", "DURATION", 24, 31, number=1.0, unit="month"),  # "a month": no number written
            row("date", "DATE", 24, 35, number=None),
            row("quantity", "percentage", text.index("about"), text.index(" more"), number=5.0, unit="percentage",
                modifier="APPROX", change="increase")]
    view = quantity_view(rows, text)
    assert [(text[q["start"]:q["end"]], q["change"]) for q in view] == [("49 hours", "="), ("about 5%", "up")]


@pytest.mark.parametrize("cells, change", [
    ({"change": "decrease", "modifier": "APPROX"}, "down"), ({"modifier": "MORE_THAN"}, ">"),
    ({"modifier": "EQUAL_OR_LESS"}, "<"), ({"modifier": "RANGE"}, "="), ({}, "=")])
def test_change_and_modifier_become_the_benchmarks_change(cells, change):
    [quantity] = quantity_view([row("quantity", "count", 0, 2, number=12.0, **cells)], "12 jobs")
    assert quantity["change"] == change


def test_a_pair_counts_for_unit_change_and_concept_only_with_its_value():
    gold = [{"start": 0, "end": 9, "number": 3, "number_max": 4, "unit": "percent", "change": "=", "about": "inflation"},
            {"start": 20, "end": 26, "number": 200, "unit": "USD", "change": "up", "about": "the fee"},
            {"start": 40, "end": 45, "number": 7, "unit": "job", "change": "=", "about": ""}]
    system = [{"start": 0, "end": 9, "number": 3, "number_max": 4, "unit": "percentage", "change": "=",
               "about": "Inflation"},
              {"start": 18, "end": 26, "number": 2000, "unit": "USD", "change": "up", "about": "fee"},  # wrong value
              {"start": 60, "end": 62, "number": 1, "unit": None, "change": "=", "about": None}]  # spurious
    tally = score_news(system, gold)
    assert (tally.system, tally.gold, tally.value, tally.value_unit, tally.value_change) == (3, 3, 1, 1, 1)
    assert (tally.concept_partial, tally.concept_complete) == (1, 1)
    scores = tally.scores()
    assert scores["value_f1"] == pytest.approx(2 / 6) and scores["value_p"] == pytest.approx(1 / 3)


def test_a_range_needs_both_bounds():
    gold = [{"start": 0, "end": 5, "number": 12, "number_max": 18, "change": "="}]
    assert score_news([{"start": 2, "end": 5, "number": 18, "number_max": None, "change": "="}], gold).value == 0


def test_a_gold_line_whose_words_moved_is_an_error(tmp_path):
    path = tmp_path / "x.gold.jsonl"
    path.write_text(json.dumps({"start": 4, "end": 7, "check": check_digest("105")}) + "\n", encoding="utf-8")
    assert read_news_gold(path, "Now 105 died.")[0]["start"] == 4
    with pytest.raises(NewsGoldError, match="x.gold.jsonl:1: the words at 4-7"):
        read_news_gold(path, "Now 106 died.")


needs_texts = pytest.mark.skipif(not TEXTS.is_dir(), reason="the evaluation data (../shared/eval) is not here")


@needs_texts
def test_every_gold_quantity_sits_on_the_words_it_was_made_for():
    documents = read_split(NEWS)
    assert len(documents) == 80 and sum(d.split == "test" for d in documents) == 26
    total = 0
    for document in documents:
        text = read_article(document, TEXTS).text
        gold = read_news_gold(document.gold_path(NEWS), text)
        assert all(g["change"] in {"up", "down", "=", "~", ">", "<"} for g in gold), document
        total += len(gold)
    assert total >= 500


def test_the_gold_copies_no_words_of_the_texts():
    for path in (NEWS / "gold").rglob("*.gold.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert set(json.loads(line)) <= {"start", "end", "check", "number", "number_max", "unit", "change",
                                             "dimension", "about_spans"}, path


TIMEML = """<?xml version="1.0" ?>
<TimeML><DOCID>doc1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2013-03-22" functionInDocument="CREATION_TIME">March 22, 2013</TIMEX3></DCT>
<TEXT>The council cut 300 jobs and spent about $2 million on roads.</TEXT></TimeML>
"""


@pytest.fixture
def small_gold(tmp_path):
    texts = tmp_path / "eval"
    folder = texts / "tempeval3" / "Evaluation" / "TE3-platinum-test"
    folder.mkdir(parents=True)
    (folder / "doc1.tml").write_text(TIMEML, encoding="utf-8")
    gold = tmp_path / "news"
    (gold / "gold" / "te3").mkdir(parents=True)
    (gold / "split.tsv").write_text("source\tid\tsplit\tpath\nte3\tdoc1\tdev\tdoc1.tml\n", encoding="utf-8")
    text = "The council cut 300 jobs and spent about $2 million on roads."
    lines = [{"start": text.index("300"), "end": text.index("300") + 3, "check": check_digest("300"), "number": 300,
              "unit": "job", "change": "down", "about_spans": [[text.index("jobs"), text.index("jobs") + 4]]},
             {"start": text.index("about"), "end": text.index(" on"), "check": check_digest("about $2 million"),
              "number": 2e6, "unit": "USD", "change": "~", "about_spans": [[text.index("roads"), text.index("roads") + 5]]}]
    (gold / "gold" / "te3" / "doc1.gold.jsonl").write_text("".join(json.dumps(g) + "\n" for g in lines), encoding="utf-8")
    return gold, texts


def test_eval_scores_quantities_beside_quantulum3(small_gold, nlp, monkeypatch):
    from pipeline import cli as cli_package

    monkeypatch.setattr(cli_package.measure, "_load", lambda model: nlp)
    gold, texts = small_gold
    result = CliRunner().invoke(app, ["eval", str(gold), "--kind", "quantity", "--texts", str(texts), "--format", "json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)["scores"]
    assert scores["newsfacts"]["dev"]["gold"] == 2 and scores["newsfacts"]["dev"]["value_f1"] == 1.0
    assert set(scores) == {"newsfacts", "quantulum3"}


def test_eval_refuses_what_it_cannot_score(small_gold, nlp, monkeypatch, tmp_path):
    from pipeline import cli as cli_package

    monkeypatch.setattr(cli_package.measure, "_load", lambda model: nlp)
    gold, texts = small_gold
    runner = CliRunner()
    assert runner.invoke(app, ["eval", str(gold), "--kind", "quantity", "--split", "train"]).exit_code == ExitCode.USAGE
    assert runner.invoke(app, ["eval", str(tmp_path), "--kind", "quantity"]).exit_code == ExitCode.USAGE
    moved = runner.invoke(app, ["eval", str(gold), "--kind", "quantity", "--texts", str(tmp_path / "nowhere")])
    assert moved.exit_code == ExitCode.UNREADABLE and "--texts" in moved.output
    path = texts / "tempeval3" / "Evaluation" / "TE3-platinum-test" / "doc1.tml"
    path.write_text(TIMEML.replace("cut 300", "cut 301"), encoding="utf-8")
    changed = runner.invoke(app, ["eval", str(gold), "--kind", "quantity", "--texts", str(texts)])
    assert changed.exit_code == ExitCode.UNREADABLE and "the text has changed" in changed.output


def test_the_gold_folder_is_the_one_described(tmp_path):
    assert Path(NEWS / "GUIDELINES.md").is_file() and Path(NEWS / "README.md").is_file()
