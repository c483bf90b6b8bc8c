"""Per-sentence cost of the quantity stage against quantulum3's own `parser.parse`, on the same
sentences in the same run (issue 11): our sentences with quantities (benchmarks/data) and the
corpus's sentences. The stage runs on documents already parsed up to it, as in the pipeline; both
start from cold caches each round, so neither is timed on readings it has already made.

Run with `pytest benchmarks/test_quantities.py`; the summary gives ms/sentence and the ratio to
quantulum3.
"""

from __future__ import annotations

import json
import warnings

import pytest

from pipeline.core.records import Article
from pipeline.run.extract import make_doc
from pipeline.stages.quantities.quantulum import deterministic_quantulum

from .conftest import QUANTITY_STAGE as RESULTS
from .conftest import ROOT


@pytest.fixture(scope="module")
def sentences(nlp, articles) -> list[str]:
    ours = [json.loads(line)["text"] for line in
            (ROOT / "benchmarks" / "data" / "quantity_sentences.jsonl").read_text(encoding="utf-8").splitlines()]
    corpus: list[str] = []
    with nlp.select_pipes(enable=["news_segmenter", "tok2vec", "parser"]):
        for article in articles:
            corpus.extend(s.text.strip() for s in nlp(article.text).sents if s.text.strip())
    return ours + corpus


@pytest.fixture(scope="module")
def parsed(nlp, sentences):
    """Each sentence as its own document, processed up to the quantity stage."""
    names = nlp.pipe_names
    before = names[:names.index("quantity_tagger")]
    with nlp.select_pipes(enable=before):
        return list(nlp.pipe(make_doc(nlp, Article(id=f"s{i}", text=s, published="2024-09-24"))
                             for i, s in enumerate(sentences)))


def _cold(tagger) -> None:
    tagger.grammar.quantulum.parse.cache_clear()
    tagger.normalizer._normalise.cache_clear()


def test_quantulum3_parse(benchmark, sentences):
    parser = deterministic_quantulum()

    def run():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return [parser.parse(s) for s in sentences]

    benchmark.pedantic(run, rounds=3, warmup_rounds=1)
    RESULTS["quantulum3 parser.parse"] = benchmark.stats.stats.mean / len(sentences)


def test_quantity_stage(benchmark, nlp, parsed):
    tagger = nlp.get_pipe("quantity_tagger")

    def run():
        _cold(tagger)
        return [tagger(doc) for doc in parsed]

    benchmark.pedantic(run, rounds=3, warmup_rounds=1)
    RESULTS["newsfacts quantity stage (cold)"] = benchmark.stats.stats.mean / len(parsed)


def test_quantity_stage_and_linker(benchmark, nlp, parsed):
    tagger, linker = nlp.get_pipe("quantity_tagger"), nlp.get_pipe("fact_linker")

    def run():
        _cold(tagger)
        return [linker(tagger(doc)) for doc in parsed]

    benchmark.pedantic(run, rounds=3, warmup_rounds=1)
    RESULTS["newsfacts quantity stage + concepts"] = benchmark.stats.stats.mean / len(parsed)
