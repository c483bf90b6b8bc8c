"""Batch throughput on a generated corpus: articles per second and peak memory, for 1 and 2
processes, next to bare en_core_web_sm `nlp.pipe` on the same texts in the same run.

Slow (minutes): each configuration runs once, in its own process. Size with
NEWSFACTS_BENCH_ARTICLES (default 1000).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import BATCH, measured_run
from .generate import write

N = int(os.environ.get("NEWSFACTS_BENCH_ARTICLES", "1000"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write(N, tmp_path_factory.mktemp("batch") / "corpus.jsonl")


@pytest.mark.parametrize("processes", [1, 2])
@pytest.mark.parametrize("bare", [True, False], ids=["bare", "newsfacts"])
def test_batch(benchmark, corpus, bare, processes):
    stats = measured_run(benchmark, [str(corpus), "--processes", str(processes), *(["--bare"] if bare else [])])
    assert stats["articles"] == N
    BATCH[("bare en_core_web_sm" if bare else "newsfacts", processes)] = stats
