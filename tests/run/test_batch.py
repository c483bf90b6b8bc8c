"""Batch runs: incremental regeneration with a change report, and crash safety."""

import json
import signal
import subprocess
import sys
import time

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.io.paths import manifest_path
from pipeline.io.reading import read_table
from pipeline.run.batch import run_batch

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


def start_a_long_run(tmp_path, seed_article):
    """A table from a short run, then a long run on the same output, caught while writing."""
    corpus, table = tmp_path / "in.jsonl", tmp_path / "facts.jsonl"
    write(corpus, ARTICLES)
    assert CliRunner().invoke(app, ["extract", str(corpus), "-o", str(table), "-q"]).exit_code == 0
    big = tmp_path / "big.jsonl"
    write(big, [{"id": f"s{i}", "published": "2024-09-24", "text": seed_article.text} for i in range(400)])
    run = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "extract", str(big), "-o", str(table), "-q"],
                           stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and not list(tmp_path.glob(".facts.jsonl.*.tmp")):
        time.sleep(0.2)  # wait until it is writing
    time.sleep(1.0)
    return run, table, table.read_bytes()


def test_a_killed_run_leaves_the_previous_table(tmp_path, seed_article):
    run, table, before = start_a_long_run(tmp_path, seed_article)
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert run.returncode == -signal.SIGKILL
    assert table.read_bytes() == before
    assert list(tmp_path.glob(".facts.jsonl.*.tmp"))  # left behind by SIGKILL ...
    corpus = tmp_path / "in.jsonl"
    assert CliRunner().invoke(app, ["extract", str(corpus), "-o", str(table), "-q"]).exit_code == 0
    assert not list(tmp_path.glob(".facts.jsonl.*.tmp"))  # ... and removed by the next run


# --- issue 9: nothing lost, nothing overwritten ----------------------------------------------

import errno  # noqa: E402

import pytest  # noqa: E402

from pipeline.core.failures import ExitCode, InputConflict, OutputBusy, OutputError, UsageFailure  # noqa: E402

OTHER = [{"id": "x", "published": "2024-09-24", "text": "Snow fell on Friday."},
         {"id": "y", "published": "2024-09-24", "text": "It cost $5 on Saturday."}]


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_manifest_that_does_not_match_its_table_is_not_trusted(nlp, tmp_path):
    corpus, table = tmp_path / "in.jsonl", tmp_path / "facts.parquet"
    write(corpus, ARTICLES)
    run_batch([corpus], table, nlp)
    clean = read_table(table)
    other_corpus, other_table = tmp_path / "other.jsonl", tmp_path / "other.parquet"
    write(other_corpus, OTHER)
    run_batch([other_corpus], other_table, nlp)
    table.write_bytes(other_table.read_bytes())  # a table restored alone, or another run's
    result = run_batch([corpus], table, nlp, incremental=True)
    assert (result.processed, result.reused) == (3, 0)
    assert any("does not match" in w for w in result.warnings)
    assert read_table(table) == clean


def test_the_manifest_records_the_tables_hash(nlp, tmp_path):
    import hashlib

    corpus, table = tmp_path / "in.jsonl", tmp_path / "facts.csv"
    write(corpus, ARTICLES)
    run_batch([corpus], table, nlp)
    manifest = json.loads(manifest_path(table).read_text())
    assert manifest["table_sha256"] == hashlib.sha256(table.read_bytes()).hexdigest()


def test_a_second_run_on_the_same_output_refuses(nlp, tmp_path):
    from pipeline.io.paths import output_lock

    corpus, table = tmp_path / "in.jsonl", tmp_path / "facts.jsonl"
    write(corpus, ARTICLES)
    with output_lock(table):
        with pytest.raises(OutputBusy, match="another run is writing"):
            run_batch([corpus], table, nlp)
    assert not table.exists()
    run_batch([corpus], table, nlp)  # the lock is released
    assert table.exists()


def test_stale_temp_files_of_killed_runs_are_removed(nlp, tmp_path):
    corpus, table = tmp_path / "in.jsonl", tmp_path / "facts.parquet"
    write(corpus, ARTICLES)
    stale = [".facts.parquet.k2j4_x9a.tmp", ".facts.errors.parquet.ab12cd34.tmp",
             ".facts.parquet.q1w2e3r4.manifest.tmp"]
    for name in stale + [".other.parquet.ab12cd34.tmp"]:
        (tmp_path / name).write_bytes(b"half a table")
    run_batch([corpus], table, nlp)
    assert leftovers(tmp_path) == [".other.parquet.ab12cd34.tmp"]


@pytest.mark.parametrize("which", ["file", "in a folder", "errors table"])
def test_an_output_that_is_an_input_is_refused_before_any_work(nlp, tmp_path, which):
    folder = tmp_path / "in"
    folder.mkdir()
    corpus = folder / "a.jsonl"
    write(corpus, ARTICLES)
    inputs, output = {"file": ([corpus], corpus), "in a folder": ([folder], corpus),
                      "errors table": ([folder], folder / "a.jsonl")}[which]
    if which == "errors table":
        write(folder / "facts.errors.jsonl", ARTICLES)
        output = folder / "facts.jsonl"
        inputs = [folder]
    before = {p: p.read_bytes() for p in folder.iterdir()}
    with pytest.raises(InputConflict, match="is also an input"):
        run_batch(inputs, output, nlp)
    assert {p: p.read_bytes() for p in folder.iterdir()} == before


def test_an_output_that_is_a_folder_is_refused_before_any_work(nlp, tmp_path):
    corpus = tmp_path / "in.jsonl"
    write(corpus, ARTICLES)
    (tmp_path / "facts.parquet").mkdir()
    with pytest.raises(UsageFailure, match="is a folder"):
        run_batch([corpus], tmp_path / "facts.parquet", nlp)
    assert leftovers(tmp_path) == []


def test_a_full_disk_fails_cleanly_and_keeps_the_previous_table(nlp, tmp_path, monkeypatch):
    from pipeline.io import tables as output

    corpus, table = tmp_path / "in.jsonl", tmp_path / "facts.jsonl"
    write(corpus, ARTICLES)
    run_batch([corpus], table, nlp)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def full(self, rows):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.JsonlTable, "write", full)
    with pytest.raises(OutputError, match="No space left on device"):
        run_batch([corpus], table, nlp)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


@pytest.mark.parametrize("manifest", ["[1, 2, 3]", '"just a string"', "{not json", '{"articles": [1]}'])
def test_a_broken_manifest_means_reprocess_everything(nlp, tmp_path, manifest):
    corpus, table = tmp_path / "in.jsonl", tmp_path / "facts.jsonl"
    write(corpus, ARTICLES)
    run_batch([corpus], table, nlp)
    manifest_path(table).write_text(manifest)
    result = run_batch([corpus], table, nlp, incremental=True)
    assert (result.processed, result.reused) == (3, 0)
    assert result.changes == []  # compared with the table: nothing changed
    assert result.warnings


def test_without_a_manifest_changes_are_reported_against_the_table(nlp, tmp_path):
    corpus, table = tmp_path / "in.jsonl", tmp_path / "facts.jsonl"
    write(corpus, ARTICLES)
    run_batch([corpus], table, nlp)
    manifest_path(table).unlink()
    write(corpus, [ARTICLES[0], ARTICLES[1], dict(ARTICLES[2], text="Rain fell for 50 hours in Leeds.")])
    result = run_batch([corpus], table, nlp, incremental=True)
    assert [(c.article_id, c.status) for c in result.changes] == [("c", "changed")]


def test_sigterm_leaves_no_temp_file_and_the_previous_table(tmp_path, seed_article):
    run, table, before = start_a_long_run(tmp_path, seed_article)
    run.send_signal(signal.SIGTERM)
    _, stderr = run.communicate(timeout=60)
    assert run.returncode == ExitCode.TERMINATED == 143
    assert stderr.strip().count("\n") == 0 and "terminated" in stderr, stderr
    assert table.read_bytes() == before and leftovers(tmp_path) == []
