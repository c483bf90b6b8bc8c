"""Issue 23: what a run leaves beside its output. Every run left an empty `.<output>.lock` and,
when nothing failed, an errors table with a header only. The lock goes when the run ends (and
still refuses a second run while one is going); the errors table is written only when an
article failed, and a stale one of an earlier run of the same output goes with the new table."""

import json

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.core.failures import ExitCode, OutputBusy
from pipeline.io import paths
from pipeline.io.paths import errors_path, output_lock
from pipeline.io.reading import read_table
from pipeline.run.batch import run_batch

GOOD = {"id": "a", "published": "2024-09-24", "text": "The probe landed on Monday after a 53-day trip."}
BAD = {"id": "b", "published": "2024-09-24"}  # no text: an error row


def write(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def names(folder):
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl"])
def test_a_clean_run_leaves_the_table_and_its_manifest_only(nlp, tmp_path, suffix):
    corpus = write(tmp_path / "in.jsonl", [GOOD])
    result = run_batch([corpus], tmp_path / "out" / f"facts{suffix}", nlp)
    assert result.failed == 0
    assert names(tmp_path / "out") == [f"facts{suffix}", f"facts{suffix}.manifest.json"]


def test_a_failed_article_writes_the_errors_table_and_a_clean_run_removes_it(nlp, tmp_path):
    corpus, table = write(tmp_path / "in.jsonl", [GOOD, BAD]), tmp_path / "out" / "facts.csv"
    assert run_batch([corpus], table, nlp).failed == 1
    assert names(tmp_path / "out") == ["facts.csv", "facts.csv.manifest.json", "facts.errors.csv"]
    assert [row["article_id"] for row in read_table(errors_path(table))] == ["b"]
    write(corpus, [GOOD])
    assert run_batch([corpus], table, nlp).failed == 0
    assert names(tmp_path / "out") == ["facts.csv", "facts.csv.manifest.json"]  # not the stale errors of before


def test_a_failed_run_keeps_the_previous_errors_table(nlp, tmp_path, monkeypatch):
    """The stale errors table goes with the new table, as one publication: a run that cannot write
    its table leaves the previous table and the errors table that belongs to it."""
    from pipeline.core.failures import OutputError
    from pipeline.io import writing

    corpus, table = write(tmp_path / "in.jsonl", [GOOD, BAD]), tmp_path / "facts.jsonl"
    run_batch([corpus], table, nlp)
    before = {name: (tmp_path / name).read_bytes() for name in names(tmp_path)}
    write(corpus, [GOOD])
    real_replace = writing.os.replace

    def failing(source, target):
        if str(target).endswith("manifest.json"):
            raise OSError(5, "Input/output error", str(target))
        return real_replace(source, target)

    monkeypatch.setattr(writing.os, "replace", failing)
    with pytest.raises(OutputError):
        run_batch([corpus], table, nlp)
    monkeypatch.undo()
    assert {name: (tmp_path / name).read_bytes() for name in names(tmp_path)} == \
        {**before, "in.jsonl": (tmp_path / "in.jsonl").read_bytes()}


def test_timeml_output_writes_its_errors_table_only_on_failure(nlp, tmp_path):
    corpus = write(tmp_path / "in.jsonl", [GOOD])
    run_batch([corpus], tmp_path / "tml", nlp, output_format="timeml")
    assert names(tmp_path) == ["in.jsonl", "tml"]
    write(corpus, [GOOD, BAD])
    run_batch([corpus], tmp_path / "tml", nlp, output_format="timeml")
    assert names(tmp_path) == ["in.jsonl", "tml", "tml.errors.jsonl"]


def test_the_lock_is_held_during_the_run_and_removed_after(nlp, tmp_path):
    corpus, table = write(tmp_path / "in.jsonl", [GOOD]), tmp_path / "facts.parquet"
    seen = []

    def during(item):
        seen.append(names(tmp_path))
        with pytest.raises(OutputBusy, match="another run is writing"):
            run_batch([corpus], table, nlp)

    run_batch([corpus], table, nlp, on_item=during)
    assert ".facts.parquet.lock" in seen[0]
    assert names(tmp_path) == ["facts.parquet", "facts.parquet.manifest.json", "in.jsonl"]


def test_a_run_that_opened_the_lock_as_the_other_ended_still_excludes_a_third(tmp_path, monkeypatch):
    """The race that removing a lock file opens: run B opens `.<output>.lock` just before run A,
    which holds it, removes it and ends; B's lock is then on a removed file, and a run C that
    creates the file anew would run beside B. B must notice and lock the file that is there."""
    output = tmp_path / "facts.parquet"
    first = output_lock(output)
    first.__enter__()
    real_open = open

    def open_then_first_ends(file, *args, **kwargs):
        handle = real_open(file, *args, **kwargs)
        if not ended:
            ended.append(True)
            first.__exit__(None, None, None)  # A ends between B's open and B's flock
        return handle

    ended: list[bool] = []
    monkeypatch.setattr(paths, "open", open_then_first_ends, raising=False)
    with output_lock(output):  # B
        monkeypatch.undo()
        assert ended and (tmp_path / ".facts.parquet.lock").exists()
        with pytest.raises(OutputBusy):
            with output_lock(output):  # C
                pass
    assert names(tmp_path) == []


def test_the_command_line_leaves_no_lock_and_no_empty_errors_table(tmp_path):
    corpus = write(tmp_path / "in.jsonl", [GOOD])
    result = CliRunner().invoke(app, ["extract", str(corpus), "-o", str(tmp_path / "out" / "facts.parquet"), "-q"])
    assert result.exit_code == 0, result.output
    assert names(tmp_path / "out") == ["facts.parquet", "facts.parquet.manifest.json"]
    assert ", 0 errors, " in result.output and "errors (in" not in result.output


def test_the_command_line_says_where_the_errors_are(tmp_path):
    corpus = write(tmp_path / "in.jsonl", [GOOD, BAD])
    out = tmp_path / "out" / "facts.csv"
    result = CliRunner().invoke(app, ["extract", str(corpus), "-o", str(out), "-q"])
    assert result.exit_code == ExitCode.ARTICLES_FAILED
    assert f"1 errors (in {errors_path(out)})," in result.output.strip().splitlines()[-1]
    assert names(tmp_path / "out") == ["facts.csv", "facts.csv.manifest.json", "facts.errors.csv"]
    write(corpus, [GOOD])
    result = CliRunner().invoke(app, ["extract", str(corpus), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert names(tmp_path / "out") == ["facts.csv", "facts.csv.manifest.json"]
