"""`newsfacts bench`: its figures, its report and its refusals (the speeds themselves are
measured in benchmarks/, never asserted here)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.core.failures import ExitCode
from pipeline.evaluation.bench import BenchReport, format_report, stage_times
from tests.conftest import CORPUS, ROOT

SEED = CORPUS / "articles" / "000_seed.jsonl"


def report(**overrides) -> BenchReport:
    runs = {"bare/1": {"articles_per_second": 10.0, "seconds": 10.0, "peak_mib_main": 240, "peak_mib_worker": 0},
            "newsfacts/1": {"articles_per_second": 8.0, "seconds": 12.5, "peak_mib_main": 300, "peak_mib_worker": 0},
            "bare/2": {"articles_per_second": 18.0, "seconds": 5.6, "peak_mib_main": 150, "peak_mib_worker": 210},
            "newsfacts/2": {"articles_per_second": 15.2, "seconds": 6.6, "peak_mib_main": 260, "peak_mib_worker": 240}}
    values = dict(articles=100, tokens=30_000, machine={"cpus": 2, "cpus_usable": 2, "load_average": 0.1,
                  "system": "Linux", "python": "3.11", "spacy": "3.8", "base_model": "en_core_web_sm",
                  "measured_on": "2026-12-01"},
                  startup_seconds={"bare": 1.2, "newsfacts": 1.5}, runs=runs,
                  stages_ms={"tok2vec": 20.0, "timex_tagger": 5.0})
    values.update(overrides)
    return BenchReport(**values)


def test_ratios_are_newsfacts_against_bare_in_the_same_run():
    figures = report().to_dict()["ratios"]
    assert figures["time_per_article_1_process"] == pytest.approx(1.25)
    assert figures["time_per_article_2_process"] == pytest.approx(18 / 15.2)
    assert figures["newsfacts_scaling_2_processes"] == pytest.approx(1.9)
    assert figures["bare_scaling_2_processes"] == pytest.approx(1.8)
    assert figures["startup"] == pytest.approx(1.25)


def test_one_process_only_has_no_scaling():
    runs = {key: run for key, run in report().runs.items() if key.endswith("/1")}
    figures = report(runs=runs).to_dict()["ratios"]
    assert "newsfacts_scaling_2_processes" not in figures and figures["time_per_article_1_process"]


def test_the_report_names_machine_ratio_startup_and_stages():
    text = format_report(report())
    assert "2 CPUs" in text and "2026-12-01" in text
    assert "1.25x" in text and "1.90x one process" in text
    assert "newsfacts 1.50 s, spacy.load 1.20 s (1.25x)" in text
    assert "timex_tagger" in text and "20.0%" in text


def test_stage_times_cover_every_component_and_the_rows(nlp, seed_article):
    times = stage_times(nlp, [seed_article])
    assert list(times) == ["tokenizer", *nlp.pipe_names, "doc_to_facts"]
    assert all(ms > 0 for ms in times.values())


@pytest.mark.parametrize("pipeline", ["bare", "newsfacts"])
def test_one_run_counts_the_articles_it_processed(pipeline):
    done = subprocess.run([sys.executable, "-m", "pipeline.evaluation.bench", "run", pipeline, str(SEED)],
                          capture_output=True, text=True, cwd=ROOT, check=True)
    run = json.loads(done.stdout.strip().splitlines()[-1])
    assert run["articles"] == 1 and run["articles_per_second"] > 0 and run["peak_mib_main"] > 100
    assert (run["tokens"] or 0) > 500 if pipeline == "bare" else run["tokens"] is None


@pytest.mark.parametrize("args, message", [
    (["no/such/file.jsonl"], "no such file or folder: no/such/file.jsonl"),
    ([str(SEED), "--format", "xml"], "'xml' is not one of 'text', 'json'"),
])
def test_bench_refuses_a_bad_command_line(args, message):
    result = CliRunner().invoke(app, ["bench", *args])
    assert result.exit_code == int(ExitCode.USAGE)
    assert message in result.output
