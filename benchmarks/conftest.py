"""Benchmarks of the extraction hot path; ratios are printed against bare en_core_web_sm."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.core.records import Article
from pipeline.io.articles import read_articles
from pipeline.run.build import base_model_name, build_pipeline

ROOT = Path(__file__).resolve().parent.parent
RESULTS: dict[str, float] = {}  # benchmark name -> mean seconds per article
SPEED: dict[str, object] = {}  # test_speed.py: "report" -> BenchReport, "memory" -> the large run
HUGE: dict[int, dict] = {}  # characters of one article -> huge.py's measurements
QUANTITY_STAGE: dict[str, float] = {}  # test_quantities.py: name -> mean seconds per sentence
CLUSTER: dict[tuple[str, int], dict] = {}  # ("local" or "dask", processes or workers) -> batch.py's measurements


@pytest.fixture(scope="session")
def articles() -> list[Article]:
    return [a for a in read_articles([ROOT / "corpus" / "articles"]) if isinstance(a, Article)]


@pytest.fixture(scope="session")
def nlp():
    return build_pipeline()


@pytest.fixture(scope="session")
def bare():
    import spacy

    return spacy.load(base_model_name())


def measured_run(benchmark, args: list[str]) -> dict:
    """Run `benchmarks/batch.py` with `args` once, in its own process, under `benchmark`; its JSON."""
    command = [sys.executable, str(ROOT / "benchmarks" / "batch.py"), *args]

    def run() -> dict:
        done = subprocess.run(command, capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
        return json.loads(done.stdout)

    stats = benchmark.pedantic(run, rounds=1, iterations=1)
    benchmark.extra_info.update(stats)
    return stats


def record(name: str, benchmark, n_articles: int) -> None:
    RESULTS[name] = benchmark.stats.stats.mean / max(n_articles, 1)


def pytest_terminal_summary(terminalreporter):
    if QUANTITY_STAGE:
        base = QUANTITY_STAGE.get("quantulum3 parser.parse")
        terminalreporter.section("newsfacts: quantity stage per sentence, against quantulum3 in the same run")
        for name, seconds in QUANTITY_STAGE.items():
            ratio = f"{seconds / base:5.2f}x" if base else "  n/a"
            terminalreporter.write_line(f"{name:38} {seconds * 1000:8.3f} ms/sentence  {ratio}")
    if HUGE:
        terminalreporter.section("newsfacts: peak memory of one article, by size")
        smallest = HUGE[min(HUGE)]["peak_mib"]
        for chars, stats in sorted(HUGE.items()):
            terminalreporter.write_line(
                f"{chars:>10,} characters  {stats['seconds']:8.1f} s  peak {stats['peak_mib']} MiB "
                f"({stats['peak_mib'] / smallest:4.2f}x one piece)")
    if SPEED.get("report"):
        from pipeline.evaluation.bench import format_report

        report = SPEED["report"]
        terminalreporter.section("newsfacts: speed against bare en_core_web_sm (as `newsfacts bench`)")
        for line in format_report(report).splitlines():
            terminalreporter.write_line(line)
        large = SPEED.get("memory")
        if large:
            small = report.runs["newsfacts/1"]["peak_mib_main"]
            terminalreporter.write_line(
                f"peak memory, one process: {report.articles:,} articles {small} MiB, {large['articles']:,} articles "
                f"{large['peak_mib_main']} MiB ({large['peak_mib_main'] / small:.2f}x)")
    if CLUSTER:
        terminalreporter.section("newsfacts: local processes against a local Dask cluster")
        for (engine, processes), stats in sorted(CLUSTER.items()):
            local = CLUSTER.get(("local", processes))
            line = (f"{engine:5} {processes} {'workers' if engine == 'dask' else 'proc   '}  {stats['articles']:6} articles  "
                    f"{stats['seconds']:8.1f} s  {stats['articles_per_second']:7.2f} articles/s")
            if engine == "dask":
                line += (f"  start {stats['startup_seconds']:5.1f} s  client CPU "
                         f"{stats['client_cpu_seconds'] / stats['articles'] * 1000:5.2f} ms/article")
                if local:
                    overhead = (stats["seconds"] - local["seconds"]) / stats["articles"] * 1000
                    line += f"  overhead {overhead:+6.1f} ms/article against local"
            terminalreporter.write_line(line)
    if not RESULTS:
        return
    base = RESULTS.get("bare en_core_web_sm")
    terminalreporter.section("newsfacts: time per article and ratio to bare en_core_web_sm")
    for name, seconds in RESULTS.items():
        ratio = f"{seconds / base:6.2f}x" if base else "   n/a"
        terminalreporter.write_line(f"{name:34} {seconds * 1000:9.2f} ms/article  {ratio}")
    out = ROOT / ".benchmarks" / "ratios.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({k: {"ms_per_article": v * 1000, "ratio": v / base if base else None}
                               for k, v in RESULTS.items()}, indent=2))
