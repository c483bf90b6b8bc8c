"""One measured batch run, in its own process so its peak memory is its own.

    python benchmarks/batch.py CORPUS.jsonl --processes 2 [--bare]
    python benchmarks/batch.py CORPUS.jsonl --dask 2

Prints JSON: articles, seconds, articles per second, and peak resident memory in MiB of
the main process and of the largest worker. With --dask N, on a local Dask cluster of N
worker processes: `startup_seconds` is the time to start it and load the pipeline on its
workers, and `seconds` the run alone.
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
    parser.add_argument("--dask", type=int, default=0, help="run on a local Dask cluster of this many workers")
    args = parser.parse_args()
    extra = {}
    if args.bare:
        import spacy

        from pipeline.run.build import base_model_name

        nlp = spacy.load(base_model_name())
        texts = (json.loads(line)["text"] for line in open(args.corpus, encoding="utf-8"))
        started = time.perf_counter()
        count = sum(1 for _ in nlp.pipe(texts, n_process=args.processes, batch_size=16))
    elif args.dask:
        from pipeline.run.batch import run_batch
        from pipeline.run.build import load_pipeline
        from pipeline.run.cluster import install_pipeline
        from pipeline.run.scheduler import connect

        nlp = load_pipeline()
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            with connect(f"local:{args.dask}") as client:
                install_pipeline(client, nlp)  # each worker loads the pipeline
                extra["startup_seconds"] = round(time.perf_counter() - started, 2)
                started, cpu = time.perf_counter(), time.process_time()
                result = run_batch([args.corpus], Path(tmp) / "facts.parquet", nlp, cluster=client)
                seconds = time.perf_counter() - started
                extra["client_cpu_seconds"] = round(time.process_time() - cpu, 2)  # planning, gathering, writing
        count = result.articles
    else:
        from pipeline.run.batch import run_batch
        from pipeline.run.build import load_pipeline

        nlp = load_pipeline()
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            result = run_batch([args.corpus], Path(tmp) / "facts.parquet", nlp, n_process=args.processes)
        count = result.articles
    if not args.dask:
        seconds = time.perf_counter() - started
    mib = lambda who: resource.getrusage(who).ru_maxrss / 1024
    json.dump({"articles": count, "seconds": round(seconds, 2), "articles_per_second": round(count / seconds, 2),
               "peak_mib_main": round(mib(resource.RUSAGE_SELF)), "peak_mib_worker": round(mib(resource.RUSAGE_CHILDREN)),
               **extra}, sys.stdout)


if __name__ == "__main__":
    main()
