"""Peak memory of one huge article, in its own process so its peak is its own.

    python benchmarks/huge.py --chars 5000000

Writes one article of about `--chars` characters (generated news paragraphs, see
generate.py) and extracts it with `run_batch`. Prints JSON: characters, seconds, rows, and
peak resident memory in MiB.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import articles  # noqa: E402


def huge_text(chars: int) -> str:
    """Generated paragraphs joined into one text of at least `chars` characters."""
    parts, size = [], 0
    for record in articles(10**9):
        parts.append(record["text"])
        size += len(record["text"]) + 1
        if size >= chars:
            return "\n".join(parts)[:max(chars, 1)]
    raise AssertionError("unreachable")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chars", type=int, default=5_000_000)
    args = parser.parse_args()
    from pipeline.run.batch import run_batch
    from pipeline.run.build import load_pipeline

    nlp = load_pipeline()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "huge.jsonl"
        corpus.write_text(json.dumps({"id": "huge", "published": "2024-09-24", "text": huge_text(args.chars)}) + "\n",
                          encoding="utf-8")
        started = time.perf_counter()
        result = run_batch([corpus], Path(tmp) / "facts.parquet", nlp)
        seconds = time.perf_counter() - started
    json.dump({"chars": args.chars, "seconds": round(seconds, 1), "articles": result.articles,
               "facts": sum(result.kinds.values()),
               "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}, sys.stdout)


if __name__ == "__main__":
    main()
