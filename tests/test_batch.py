"""Batch runs: incremental regeneration with a change report, and crash safety."""

import json
import signal
import subprocess
import sys
import time

from typer.testing import CliRunner

from pipeline.batch import manifest_path, run_batch
from pipeline.cli import app
from pipeline.output import read_table

ARTICLES = [
    {"id": "a", "published": "2024-09-24", "text": "The probe landed on Monday after a 53-day trip."},
    {"id": "b", "published": "2024-03-14", "text": "The council met on Tuesday and approved $3m for roads."},
    {"id": "c", "published": "2024-05-01", "text": "Rain fell for 49 hours in Leeds."},
]


def write(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def test_regenerate_reprocesses_only_the_edited_article(nlp, tmp_path):
    corpus, table = tmp_path / "in.jsonl", tmp_path / "facts.jsonl"
    write(corpus, ARTICLES)
    first = run_batch([corpus], table, nlp, incremental=True)
    assert (first.processed, first.reused) == (3, 0)
    assert [c.status for c in first.changes] == ["new", "new", "new"]
    before = read_table(table)

    edited = [dict(ARTICLES[0]), dict(ARTICLES[1], text="The council met on Wednesday and approved $3m for roads."),
              dict(ARTICLES[2])]
    write(corpus, edited)
    second = run_batch([corpus], table, nlp, incremental=True)
    assert (second.processed, second.reused) == (1, 2)
    [change] = second.changes
    assert change.article_id == "b" and change.status == "changed"
    assert [(old["value"], new["value"]) for old, new in change.changed] == [("2024-03-12", "2024-03-13")]
    after = read_table(table)
    assert [r for r in after if r["article_id"] != "b"] == [r for r in before if r["article_id"] != "b"]

    third = run_batch([corpus], table, nlp, incremental=True)
    assert (third.processed, third.reused, third.changes) == (0, 3, [])


def test_removed_article_and_pipeline_change(nlp, tmp_path):
    corpus, table = tmp_path / "in.jsonl", tmp_path / "facts.parquet"
    write(corpus, ARTICLES)
    run_batch([corpus], table, nlp, incremental=True)
    write(corpus, ARTICLES[:2])
    result = run_batch([corpus], table, nlp, incremental=True)
    assert [(c.article_id, c.status) for c in result.changes] == [("c", "removed")]
    manifest = json.loads(manifest_path(table).read_text())
    manifest["pipeline"] = "an older pipeline"
    manifest_path(table).write_text(json.dumps(manifest))
    assert run_batch([corpus], table, nlp, incremental=True).processed == 2


def test_regenerate_command_reports_changes(tmp_path):
    corpus, table = tmp_path / "in.jsonl", tmp_path / "facts.csv"
    write(corpus, ARTICLES)
    assert CliRunner().invoke(app, ["regenerate", str(corpus), "-o", str(table), "-q"]).exit_code == 0
    write(corpus, [ARTICLES[0], ARTICLES[1], dict(ARTICLES[2], text="Rain fell for 50 hours in Leeds.")])
    result = CliRunner().invoke(app, ["regenerate", str(corpus), "-o", str(table), "-q"])
    assert result.exit_code == 0, result.output
    assert "c: changed: +0 -0 ~1 facts" in result.output and "'PT49H' -> DURATION 'PT50H'" in result.output
    assert "1 processed, 2 unchanged and reused" in result.output


def test_a_killed_run_leaves_the_previous_table(tmp_path, seed_article):
    corpus, table = tmp_path / "in.jsonl", tmp_path / "facts.jsonl"
    write(corpus, ARTICLES)
    assert CliRunner().invoke(app, ["extract", str(corpus), "-o", str(table), "-q"]).exit_code == 0
    before = table.read_bytes()
    big = tmp_path / "big.jsonl"
    write(big, [{"id": f"s{i}", "published": "2024-09-24", "text": seed_article.text} for i in range(400)])
    run = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "extract", str(big), "-o", str(table), "-q"])
    deadline = time.time() + 60
    while time.time() < deadline and not list(tmp_path.glob(".facts.jsonl.*.tmp")):
        time.sleep(0.2)  # wait until it is writing
    time.sleep(1.0)
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert run.returncode == -signal.SIGKILL
    assert table.read_bytes() == before
