"""The command line: every failure is one line on stderr with its own exit status, found
before any work where it can be."""

import json
import sys

import pytest
from typer.testing import CliRunner

from pipeline.cli import app, main
from pipeline.cli.make import available_cpus
from pipeline.core.failures import EXIT_CODES, ExitCode

ARTICLE = {"id": "a", "published": "2024-09-24", "text": "The probe landed on Monday after a 53-day trip."}


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    return path


def invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def one_line(result):
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


def test_an_output_equal_to_the_input_is_refused(corpus):
    before = corpus.read_bytes()
    result = invoke("extract", corpus, "-o", corpus, "-q")
    assert result.exit_code == ExitCode.USAGE
    assert "is also an input" in one_line(result)
    assert corpus.read_bytes() == before


def test_an_output_folder_is_refused_before_loading_the_pipeline(corpus, tmp_path, monkeypatch):
    from pipeline.cli import make as cli

    monkeypatch.setattr(cli, "_load", lambda model: pytest.fail("the pipeline was loaded"))
    (tmp_path / "out.parquet").mkdir()
    result = invoke("extract", corpus, "-o", tmp_path / "out.parquet", "-q")
    assert result.exit_code == ExitCode.USAGE and "is a folder" in one_line(result)


@pytest.mark.parametrize("option, value, message", [
    ("--processes", "100000", "CPUs"),
    ("--batch-size", "1e20", "valid integer"),
    ("--batch-size", "100000000000000000000", "10000"),
    ("--published", "9999-12-31", "outside"),
])
def test_unreasonable_options_are_usage_errors(corpus, tmp_path, option, value, message):
    result = invoke("extract", corpus, "-o", tmp_path / "f.jsonl", option, value, "-q")
    assert result.exit_code == ExitCode.USAGE, result.output
    assert message in result.output
    assert not (tmp_path / "f.jsonl").exists()


def test_as_many_processes_as_cpus_is_fine(corpus, tmp_path):
    result = invoke("extract", corpus, "-o", tmp_path / "f.jsonl", "-p", available_cpus(), "-q")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("model", ["missing", "empty", "broken"])
def test_a_bad_model_folder_is_one_line(corpus, tmp_path, model):
    folder = tmp_path / "model"
    if model != "missing":
        folder.mkdir()
    if model == "broken":
        (folder / "config.cfg").write_text("[nlp]\nlang = \"xx-not-a-language\"\npipeline = [\"nothing\"]\n")
    result = invoke("extract", corpus, "-o", tmp_path / "f.jsonl", "--model", folder, "-q")
    assert result.exit_code == ExitCode.USAGE
    assert one_line(result).startswith(f"newsfacts extract: error: --model {folder}")


def test_a_busy_output_is_refused(corpus, tmp_path):
    from pipeline.io.paths import output_lock

    with output_lock(tmp_path / "f.jsonl"):
        result = invoke("extract", corpus, "-o", tmp_path / "f.jsonl", "-q")
    assert result.exit_code == ExitCode.BUSY and "another run is writing" in one_line(result)


def test_a_full_disk_is_one_line_and_leaves_nothing(corpus, tmp_path, monkeypatch):
    from pipeline.io import tables as output

    def full(self, rows):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.ParquetTable, "close", lambda self, complete: full(self, []))
    result = invoke("extract", corpus, "-o", tmp_path / "f.parquet", "-q")
    assert result.exit_code == ExitCode.OUTPUT_FAILED
    assert "No space left on device" in result.output.strip().splitlines()[-1]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]  # nothing left, not even the lock


def test_help_lists_every_exit_status():
    """The main help lists them (once: see test_help.py); each command's help points there."""
    result = invoke("--help")
    assert "Exit status:" in result.output
    for code in EXIT_CODES:
        assert f" {int(code)}  " in result.output, code


def test_an_internal_error_is_one_line(corpus, tmp_path, monkeypatch, capsys):
    from pipeline.run import batch

    def bug(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(batch, "_run_locked", bug)
    monkeypatch.setattr(sys, "argv", ["newsfacts", "extract", str(corpus), "-o", str(tmp_path / "f.csv"), "-q"])
    monkeypatch.delenv("NEWSFACTS_DEBUG", raising=False)
    with pytest.raises(SystemExit) as stop:
        main()
    assert stop.value.code == ExitCode.INTERNAL
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["newsfacts: internal error: ZeroDivisionError: division by zero (set NEWSFACTS_DEBUG=1 for "
                   "the traceback, and please report it)"]


def test_a_read_only_folder_is_one_line_before_any_work(corpus, tmp_path, monkeypatch):
    import builtins

    from pipeline.io import paths

    def read_only(file, *args, **kwargs):
        if str(file).endswith(".lock"):
            raise PermissionError(13, "Permission denied", str(file))
        return builtins.open(file, *args, **kwargs)

    monkeypatch.setattr(paths, "open", read_only, raising=False)
    result = invoke("extract", corpus, "-o", tmp_path / "f.jsonl", "-q")
    assert result.exit_code == ExitCode.OUTPUT_FAILED
    assert one_line(result) == f"newsfacts extract: error: cannot write to {tmp_path}: Permission denied; choose a " \
                               f"folder you may write to"
