"""CPU milliseconds per article of one pipeline stage, the best of several repeats, on documents
prepared by the stages before it: a steadier figure than `newsfacts bench`'s stage table (wall time)
on a machine other jobs share. Compare two versions of the code by running this in each, side by
side, so that the machine's load falls on both.

    python benchmarks/stage_cpu.py ARTICLES.jsonl [--stage quantity_tagger] [--limit 300] [--repeats 5]
"""

from __future__ import annotations

import argparse
import json
import pickle
import time

from pipeline.evaluation.bench import _texts
from pipeline.run.build import load_pipeline
from pipeline.run.extract import make_doc


def stage_cpu_ms(path: str, stage: str = "quantity_tagger", limit: int = 300, repeats: int = 5) -> list[float]:
    """CPU ms per article of `stage` in each repeat, over the first `limit` articles of `path`."""
    nlp = load_pipeline()
    docs = [make_doc(nlp, article) for article in _texts([path], None)[:limit]]
    names = [name for name, _ in nlp.pipeline]
    if stage not in names:
        raise SystemExit(f"no stage {stage!r}: the pipeline has {', '.join(names)}")
    for _, component in nlp.pipeline[:names.index(stage)]:
        docs = list(component.pipe(docs, batch_size=16)) if hasattr(component, "pipe") else [component(d) for d in docs]
    component = nlp.get_pipe(stage)
    prepared = pickle.dumps(docs)  # each repeat on fresh copies: a stage may read what it wrote
    for doc in pickle.loads(prepared)[:20]:
        component(doc)  # warm: first-use caches are startup, not per article
    times = []
    for _ in range(repeats):
        copies = pickle.loads(prepared)
        started = time.process_time()
        for doc in copies:
            component(doc)
        times.append((time.process_time() - started) * 1000 / len(copies))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles")
    parser.add_argument("--stage", default="quantity_tagger")
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    times = stage_cpu_ms(args.articles, args.stage, args.limit, args.repeats)
    print(json.dumps({"stage": args.stage, "best_ms": round(min(times), 3), "all_ms": [round(t, 3) for t in times]}))


if __name__ == "__main__":
    main()
