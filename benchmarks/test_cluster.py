"""Throughput on a Dask cluster against a local run, in the same session: articles per second
for local 1 and 2 processes and a local Dask cluster of 1 and 2 workers, on 2,000 generated
articles, and the scheduling overhead per article (the Dask run's time less the local run's
with as many processes, over the articles).

Slow (about 12 minutes on 2 cores): each configuration runs once, in its own process. Size with
NEWSFACTS_BENCH_CLUSTER_ARTICLES (default 2000).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import CLUSTER, measured_run
from .generate import write

N = int(os.environ.get("NEWSFACTS_BENCH_CLUSTER_ARTICLES", "2000"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write(N, tmp_path_factory.mktemp("cluster") / "corpus.jsonl")


@pytest.mark.parametrize("engine, processes", [("local", 1), ("local", 2), ("dask", 1), ("dask", 2)])
def test_cluster(benchmark, corpus, engine, processes):
    option = ["--processes", str(processes)] if engine == "local" else ["--dask", str(processes)]
    stats = measured_run(benchmark, [str(corpus), *option])
    assert stats["articles"] == N
    CLUSTER[(engine, processes)] = stats
