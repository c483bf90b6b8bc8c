"""One measured batch run, in its own process so its peak memory is its own.

    python benchmarks/batch.py CORPUS.jsonl --processes 2 [--bare]

Prints JSON: articles, seconds, articles per second, and peak resident memory in MiB of
the main process and of the largest worker.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--bare", action="store_true", help="bare en_core_web_sm nlp.pipe on the same texts")
    args = parser.parse_args()
    if args.bare:
        import spacy

        from pipeline.build import base_model_name

        nlp = spacy.load(base_model_name())
        texts = (json.loads(line)["text"] for line in open(args.corpus, encoding="utf-8"))
        started = time.perf_counter()
        count = sum(1 for _ in nlp.pipe(texts, n_process=args.processes, batch_size=16))
    else:
        from pipeline.batch import run_batch
        from pipeline.build import load_pipeline

        nlp = load_pipeline()
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            result = run_batch([args.corpus], Path(tmp) / "facts.parquet", nlp, n_process=args.processes)
        count = result.articles
    seconds = time.perf_counter() - started
    mib = lambda who: resource.getrusage(who).ru_maxrss / 1024
    json.dump({"articles": count, "seconds": round(seconds, 2), "articles_per_second": round(count / seconds, 2),
               "peak_mib_main": round(mib(resource.RUSAGE_SELF)), "peak_mib_worker": round(mib(resource.RUSAGE_CHILDREN))},
              sys.stdout)


if __name__ == "__main__":
    main()
