"""Batch throughput on a generated corpus: articles per second and peak memory, for 1 and 2
processes, next to bare en_core_web_sm `nlp.pipe` on the same texts in the same run.

Slow (minutes): each configuration runs once, in its own process. Size with
NEWSFACTS_BENCH_ARTICLES (default 1000).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import BATCH, ROOT
from .generate import write

N = int(os.environ.get("NEWSFACTS_BENCH_ARTICLES", "1000"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write(N, tmp_path_factory.mktemp("batch") / "corpus.jsonl")


@pytest.mark.parametrize("processes", [1, 2])
@pytest.mark.parametrize("bare", [True, False], ids=["bare", "newsfacts"])
def test_batch(benchmark, corpus, bare, processes):
    command = [sys.executable, str(ROOT / "benchmarks" / "batch.py"), str(corpus), "--processes", str(processes)]
    if bare:
        command.append("--bare")

    def run() -> dict:
        done = subprocess.run(command, capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
        return json.loads(done.stdout)

    stats = benchmark.pedantic(run, rounds=1, iterations=1)
    assert stats["articles"] == N
    benchmark.extra_info.update(stats)
    BATCH[("bare en_core_web_sm" if bare else "newsfacts", processes)] = stats
