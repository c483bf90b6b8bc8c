"""Peak memory of one huge article, next to one article of a single piece in the same run:
pieces are streamed, so the ratio stays near 1 whatever the size.

Slow (the huge article takes minutes): each size runs once, in its own process. Size with
NEWSFACTS_BENCH_HUGE_CHARS (default 1,000,000; the issue's article was 5,000,000, which takes the
date stage over half an hour on number-dense text until issue 9 defect 6 is fixed).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from pipeline.run.extract import PIECE_CHARS

from .conftest import HUGE, ROOT

N = int(os.environ.get("NEWSFACTS_BENCH_HUGE_CHARS", "1000000"))


@pytest.mark.parametrize("chars", [PIECE_CHARS, N], ids=["one-piece", "huge"])
def test_huge_article_memory(benchmark, chars):
    command = [sys.executable, str(ROOT / "benchmarks" / "huge.py"), "--chars", str(chars)]

    def run() -> dict:
        done = subprocess.run(command, capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
        return json.loads(done.stdout)

    stats = benchmark.pedantic(run, rounds=1, iterations=1)
    assert stats["articles"] == 1
    benchmark.extra_info.update(stats)
    HUGE[chars] = stats
