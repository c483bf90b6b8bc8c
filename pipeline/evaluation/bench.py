"""`newsfacts bench`: how fast the pipeline runs on the user's own articles, against bare
en_core_web_sm on the same texts, measured the same way in the same run.

Each measurement runs in a process of its own (``python -m pipeline.evaluation.bench``), so its startup
and peak memory are its own, and runs of the two pipelines alternate, so that a machine that
slows down during the benchmark slows both:

- startup: wall time of a fresh process that loads the pipeline and processes one tiny article,
  against one that does ``spacy.load`` and the same;
- throughput: articles and tokens per second once loaded and past a first tiny text (what a
  process pays once is startup's), with 1 and N processes; newsfacts runs
  the whole job (`run_batch`: read, extract, write a Parquet table), bare en_core_web_sm
  ``nlp.pipe`` on the texts already read;
- per stage: milliseconds per article of each component and of assembling the rows, in one process;
- peak memory (resident) of the main process and of the largest worker.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Optional, Sequence

#: the tiny article of the startup measurement
TINY_TEXT = "The Chang'e 6 probe brought back 1,935.3 grams of lunar samples on Tuesday, June 25."
TINY_PUBLISHED = "2024-06-26"
PIPELINES = ("bare", "newsfacts")


@dataclass
class BenchReport:
    """What `newsfacts bench` measured; ratios are newsfacts against bare in the same run."""

    articles: int
    tokens: int
    machine: dict[str, Any]
    startup_seconds: dict[str, float] = field(default_factory=dict)  # pipeline -> best of the runs
    runs: dict[str, dict[str, Any]] = field(default_factory=dict)  # "newsfacts/2" -> one run's figures
    stages_ms: dict[str, float] = field(default_factory=dict)  # component -> ms per article

    def ratio(self, processes: int = 1) -> Optional[float]:
        """Time per article of newsfacts over bare en_core_web_sm, with `processes` processes."""
        ours, bare = self.runs.get(f"newsfacts/{processes}"), self.runs.get(f"bare/{processes}")
        return bare["articles_per_second"] / ours["articles_per_second"] if ours and bare else None

    def scaling(self, pipeline: str, processes: int) -> Optional[float]:
        """Throughput with `processes` processes over one process."""
        one, many = self.runs.get(f"{pipeline}/1"), self.runs.get(f"{pipeline}/{processes}")
        return many["articles_per_second"] / one["articles_per_second"] if one and many else None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        processes = sorted({int(key.split("/")[1]) for key in self.runs})
        data["ratios"] = {
            **{f"time_per_article_{n}_process": self.ratio(n) for n in processes},
            **{f"{name}_scaling_{n}_processes": self.scaling(name, n) for name in PIPELINES for n in processes
               if n > 1},
            "startup": (self.startup_seconds["newsfacts"] / self.startup_seconds["bare"]
                        if len(self.startup_seconds) == 2 else None),
        }
        return data


def machine() -> dict[str, Any]:
    """The facts a reader needs to compare figures: CPUs, system, versions and the date."""
    import spacy

    from pipeline.run.build import base_model_name

    return {"cpus": os.cpu_count(), "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
            else os.cpu_count(), "system": f"{platform.system()} {platform.machine()}",
            "python": platform.python_version(), "spacy": spacy.__version__, "base_model": base_model_name(),
            "load_average": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
            "measured_on": date.today().isoformat()}


def bench(inputs: Sequence[str], *, processes: int = 2, repeats: int = 1, stage_articles: int = 300,
          published: Optional[str] = None) -> BenchReport:
    """Measure newsfacts and bare en_core_web_sm on the articles of `inputs`.

    inputs (Sequence[str]): article files and folders, as `newsfacts extract` reads them.
    processes (int): also measure with this many processes (1: one process only).
    repeats (int): runs of each configuration; the fastest counts.
    stage_articles (int): at most this many articles for the per-stage times.
    published (Optional[str]): publication date for articles whose metadata has none.
    RETURNS (BenchReport): the figures.
    """
    common = [*inputs, *(["--published", published] if published else [])]
    counts = [1] + ([processes] if processes > 1 else [])
    startups: dict[str, list[float]] = {name: [] for name in PIPELINES}
    for _ in range(max(3, repeats)):
        for name in PIPELINES:
            started = time.perf_counter()
            _child(["startup", name])
            startups[name].append(time.perf_counter() - started)
    runs: dict[str, list[dict]] = {}
    for _ in range(repeats):
        for n in counts:
            for name in PIPELINES:
                runs.setdefault(f"{name}/{n}", []).append(_child(["run", name, "--processes", str(n), *common]))
    best = {key: max(found, key=lambda run: run["articles_per_second"]) for key, found in runs.items()}
    stages = _child(["stages", "newsfacts", "--limit", str(stage_articles), *common])
    return BenchReport(articles=best["bare/1"]["articles"], tokens=best["bare/1"]["tokens"], machine=machine(),
                       startup_seconds={name: round(min(found), 3) for name, found in startups.items()},
                       runs=best, stages_ms=stages)


def _child(args: list[str]) -> dict[str, Any]:
    """Run one measurement in a fresh process; its JSON."""
    done = subprocess.run([sys.executable, "-m", "pipeline.evaluation.bench", *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"benchmark run {' '.join(args[:2])} failed: {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1] or "{}")


def _texts(inputs: Sequence[str], published: Optional[str]) -> list:
    from pipeline.core.records import Article
    from pipeline.io.articles import read_articles

    return [item for item in read_articles(inputs, published) if isinstance(item, Article)]


def _peak_mib() -> dict[str, int]:
    return {"peak_mib_main": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "peak_mib_worker": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)}


def _load(name: str):
    import spacy

    from pipeline.run.build import base_model_name, load_pipeline

    return load_pipeline() if name == "newsfacts" else spacy.load(base_model_name())


def _tiny(name: str, nlp) -> None:
    """Process the tiny article: what a process pays once, on its first text."""
    if name == "newsfacts":
        from pipeline.core.records import Article
        from pipeline.run.extract import extract

        list(extract([Article(id="tiny", text=TINY_TEXT, published=TINY_PUBLISHED)], nlp))
    else:
        nlp(TINY_TEXT)


def _startup(name: str) -> dict[str, Any]:
    """Load the pipeline and process one tiny article (timed by the parent, from process start)."""
    _tiny(name, _load(name))
    return {}


def _run(name: str, processes: int, inputs: Sequence[str], published: Optional[str]) -> dict[str, Any]:
    """One throughput run of `name` once loaded and past its first text (that is startup)."""
    nlp = _load(name)
    _tiny(name, nlp)
    if name == "newsfacts":
        from pipeline.run.batch import run_batch

        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            result = run_batch(inputs, Path(tmp) / "facts.parquet", nlp, published=published, n_process=processes)
            seconds = time.perf_counter() - started
        articles, tokens = result.processed, None
    else:
        texts = [article.text for article in _texts(inputs, published)]
        started = time.perf_counter()
        tokens = sum(len(doc) for doc in nlp.pipe(texts, n_process=processes, batch_size=16))
        seconds = time.perf_counter() - started
        articles = len(texts)
    return {"articles": articles, "tokens": tokens, "seconds": round(seconds, 3),
            "articles_per_second": round(articles / seconds, 3), **_peak_mib()}


def stage_times(nlp, articles: Sequence) -> dict[str, float]:
    """Milliseconds per article of tokenising, of each component, and of assembling the rows,
    each over all `articles` in turn (in batches, as `nlp.pipe` runs them).

    nlp (Language): the newsfacts pipeline.
    articles (Sequence[Article]): the articles.
    RETURNS (dict[str, float]): stage name -> ms per article.
    """
    from pipeline.run.extract import make_doc
    from pipeline.stages.facts import doc_to_facts

    n = max(len(articles), 1)
    times: dict[str, float] = {}
    started = time.perf_counter()
    docs = [make_doc(nlp, article) for article in articles]
    times["tokenizer"] = time.perf_counter() - started
    for name, component in nlp.pipeline:
        started = time.perf_counter()
        docs = list(component.pipe(docs, batch_size=16)) if hasattr(component, "pipe") else [component(d) for d in docs]
        times[name] = time.perf_counter() - started
    started = time.perf_counter()
    for doc in docs:
        doc_to_facts(doc)
    times["doc_to_facts"] = time.perf_counter() - started
    return {name: round(seconds * 1000 / n, 3) for name, seconds in times.items()}


def _stages(inputs: Sequence[str], limit: int, published: Optional[str]) -> dict[str, float]:
    nlp = _load("newsfacts")
    articles = _texts(inputs, published)[:limit]
    stage_times(nlp, articles[:20])  # warm: first-use caches are startup, not per article
    return stage_times(nlp, articles)


def format_report(report: BenchReport) -> str:
    """The report as a table for people."""
    m = report.machine
    lines = [f"newsfacts bench: {report.articles:,} articles, {report.tokens:,} tokens; {m['cpus']} CPUs "
             f"({m['cpus_usable']} usable, load {m['load_average']}), {m['system']}, Python {m['python']}, "
             f"spaCy {m['spacy']}, {m['base_model']}; {m['measured_on']}", "",
             f"{'run':34} {'articles/s':>10} {'tokens/s':>9} {'ratio':>7} {'peak MiB (main + worker)':>26}"]
    for key, run in sorted(report.runs.items(), key=lambda item: (int(item[0].split("/")[1]), item[0])):
        name, processes = key.split("/")
        label = f"{'newsfacts extract' if name == 'newsfacts' else 'bare en_core_web_sm nlp.pipe'}, {processes} proc"
        ratio = report.ratio(int(processes)) if name == "newsfacts" else None
        tokens = f"{report.tokens / run['seconds']:9,.0f}" if run["seconds"] else ""
        memory = f"{run['peak_mib_main']}" + (f" + {run['peak_mib_worker']}" if int(processes) > 1 else "")
        lines.append(f"{label:34} {run['articles_per_second']:10.2f} {tokens} "
                     f"{(f'{ratio:6.2f}x' if ratio else ''):>7} {memory:>26}")
    for name in PIPELINES:
        for n in sorted({int(key.split('/')[1]) for key in report.runs if int(key.split('/')[1]) > 1}):
            scale = report.scaling(name, n)
            if scale:
                lines.append(f"{name}: {n} processes give {scale:.2f}x one process")
    if len(report.startup_seconds) == 2:
        ours, bare = report.startup_seconds["newsfacts"], report.startup_seconds["bare"]
        lines.append(f"startup (a fresh process, one tiny article): newsfacts {ours:.2f} s, spacy.load "
                     f"{bare:.2f} s ({ours / bare:.2f}x)")
    if report.stages_ms:
        total = sum(report.stages_ms.values())
        lines += ["", f"per stage, one process (ms per article; total {total:.1f}):"]
        lines += [f"  {name:22} {ms:8.2f}  {ms / total * 100:5.1f}%" for name, ms in report.stages_ms.items()]
    return "\n".join(lines)


def main(argv: Optional[Sequence[str]] = None) -> None:
    """The child process of one measurement: prints its JSON on the last line."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m pipeline.evaluation.bench")
    parser.add_argument("mode", choices=["startup", "run", "stages"])
    parser.add_argument("pipeline", choices=PIPELINES)
    parser.add_argument("inputs", nargs="*")
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--published")
    args = parser.parse_intermixed_args(argv)
    if args.mode == "startup":
        result = _startup(args.pipeline)
    elif args.mode == "run":
        result = _run(args.pipeline, args.processes, args.inputs, args.published)
    else:
        result = _stages(args.inputs, args.limit, args.published)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
