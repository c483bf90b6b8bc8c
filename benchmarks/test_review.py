"""The review page of 1,000 generated articles: its size, the time to write it, and the time
Chromium takes to open it, next to a bare page of the same texts (one <p> per paragraph, no
script) opened in the same run.

Slow (a minute or two: the articles are extracted first). Size with NEWSFACTS_BENCH_ARTICLES
(default 1000). Needs Debian's chromium and chromium-driver, like tests/review/test_review_browser.py.
"""

from __future__ import annotations

import html
import json
import os
import statistics
from pathlib import Path

import pytest

from pipeline.review.page import gather_review, review_page, write_page
from pipeline.run.batch import run_batch

from .generate import write

N = int(os.environ.get("NEWSFACTS_BENCH_ARTICLES", "1000"))
LOADS: dict[str, float] = {}  # page -> milliseconds from navigation to the end of its load event


@pytest.fixture(scope="module")
def table(nlp, tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("review")
    articles = write(N, folder / "corpus.jsonl")
    run_batch([articles], folder / "facts.parquet", nlp, n_process=2)
    return folder / "facts.parquet", articles


@pytest.fixture(scope="module")
def browser():
    from tests.browser import open_chromium

    window = open_chromium()
    yield window
    window.quit()


def test_write_review_page(benchmark, table):
    facts, articles = table
    out = facts.with_name("report.html")
    benchmark.pedantic(lambda: write_page(out, review_page(gather_review(facts, articles=[articles]))),
                       rounds=3, iterations=1)
    benchmark.extra_info["bytes"] = out.stat().st_size
    print(f"\nreview page of {N} articles: {out.stat().st_size / 1e6:.2f} MB")


@pytest.mark.parametrize("page", ["bare texts", "review"])
def test_open_in_chromium(benchmark, browser, table, page):
    facts, articles = table
    if page == "review":
        path = write_page(facts.with_name("report.html"), review_page(gather_review(facts, articles=[articles])))
    else:
        texts = [json.loads(line) for line in articles.read_text(encoding="utf-8").splitlines()]
        body = "".join(f"<h2>{html.escape(t['title'])}</h2>" + "".join(f"<p>{html.escape(p)}</p>" for p in t["text"].split("\n"))
                       for t in texts)
        path = facts.with_name("bare.html")
        path.write_text(f"<!doctype html><meta charset=utf-8><title>bare</title>{body}", encoding="utf-8")

    samples = []

    def load() -> None:
        browser.get("about:blank")
        browser.get(path.as_uri())
        # the page's load event ends after its script has rendered the index
        samples.append(browser.execute_script("return performance.getEntriesByType('navigation')[0].loadEventEnd"))

    benchmark.pedantic(load, rounds=5, iterations=1)
    milliseconds = statistics.median(samples)
    LOADS[page] = milliseconds
    benchmark.extra_info.update(bytes=path.stat().st_size, loaded_ms=milliseconds)
    against = (f" ({milliseconds / LOADS['bare texts']:.2f}x the bare texts)"
               if page == "review" and "bare texts" in LOADS else "")
    print(f"\n{page}: {path.stat().st_size / 1e6:.2f} MB, loaded {milliseconds:.0f} ms after navigation{against}")


def test_open_an_article(browser, table):
    facts, _ = table
    browser.get(facts.with_name("report.html").as_uri())
    times = browser.execute_async_script("""
        const done = arguments[arguments.length - 1], ids = ['gen-000000', 'gen-000500', 'gen-000999'], times = [];
        (function next() {
          if (!ids.length) return done(times);
          const t = performance.now();
          location.hash = '#/a/' + ids.shift();
          requestAnimationFrame(() => { times.push(performance.now() - t); setTimeout(next, 0); });
        })();""")
    print(f"\nopening an article: {', '.join(f'{t:.0f}' for t in times)} ms")
    assert len(times) == 3
