"""Throughput on a Dask cluster against a local run, in the same session: articles per second
for local 1 and 2 processes and a local Dask cluster of 1 and 2 workers, on 2,000 generated
articles, and the scheduling overhead per article (the Dask run's time less the local run's
with as many processes, over the articles).

Slow (about 12 minutes on 2 cores): each configuration runs once, in its own process. Size with
NEWSFACTS_BENCH_CLUSTER_ARTICLES (default 2000).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import CLUSTER, ROOT
from .generate import write

N = int(os.environ.get("NEWSFACTS_BENCH_CLUSTER_ARTICLES", "2000"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write(N, tmp_path_factory.mktemp("cluster") / "corpus.jsonl")


@pytest.mark.parametrize("engine, processes", [("local", 1), ("local", 2), ("dask", 1), ("dask", 2)])
def test_cluster(benchmark, corpus, engine, processes):
    option = ["--processes", str(processes)] if engine == "local" else ["--dask", str(processes)]
    command = [sys.executable, str(ROOT / "benchmarks" / "batch.py"), str(corpus), *option]

    def run() -> dict:
        done = subprocess.run(command, capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
        return json.loads(done.stdout)

    stats = benchmark.pedantic(run, rounds=1, iterations=1)
    assert stats["articles"] == N
    benchmark.extra_info.update(stats)
    CLUSTER[(engine, processes)] = stats
