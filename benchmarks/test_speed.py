"""Issue 14's figures in one run, measured as `newsfacts bench` measures them (`pipeline/evaluation/bench.py`):
articles and tokens per second for newsfacts and bare en_core_web_sm with 1 and 2 processes,
per-stage milliseconds per article, startup of a fresh process against `spacy.load`, and peak
memory of newsfacts at 1k and at 10k generated articles.

Slow (the 10k run alone takes about 20 minutes on 2 cores): each measurement runs once, in a
process of its own. Size with NEWSFACTS_BENCH_ARTICLES (default 1000) and
NEWSFACTS_BENCH_MEMORY_ARTICLES (default 10000; 0 skips the memory run). The summary is printed
at the end; pytest's faulthandler (`faulthandler_timeout` in pyproject.toml) prints a traceback of
the still-running memory test at ten minutes, which is not a failure: pass
`-o faulthandler_timeout=0` to silence it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.evaluation.bench import _child, bench

from .conftest import SPEED
from .generate import write

N = int(os.environ.get("NEWSFACTS_BENCH_ARTICLES", "1000"))
N_MEMORY = int(os.environ.get("NEWSFACTS_BENCH_MEMORY_ARTICLES", "10000"))


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("speed")


def test_bench(benchmark, folder):
    """Both pipelines on the same N articles, runs alternated, each in a fresh process."""
    corpus = write(N, folder / "corpus.jsonl")
    report = benchmark.pedantic(lambda: bench([str(corpus)], processes=2), rounds=1, iterations=1)
    assert report.articles == N and report.runs["newsfacts/1"]["articles"] == N
    assert set(report.stages_ms) >= {"tokenizer", "timex_tagger", "quantity_tagger", "doc_to_facts"}
    benchmark.extra_info.update(report.to_dict())
    SPEED["report"] = report


@pytest.mark.skipif(N_MEMORY <= 0, reason="NEWSFACTS_BENCH_MEMORY_ARTICLES=0")
def test_memory_at_scale(benchmark, folder):
    """Peak memory of one newsfacts process on N_MEMORY articles, against the N-article run."""
    corpus = write(N_MEMORY, folder / f"corpus-{N_MEMORY}.jsonl")
    run = benchmark.pedantic(lambda: _child(["run", "newsfacts", "--processes", "1", str(corpus)]),
                             rounds=1, iterations=1)
    assert run["articles"] == N_MEMORY
    benchmark.extra_info.update(run)
    SPEED["memory"] = run
