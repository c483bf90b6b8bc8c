"""Time per article: bare en_core_web_sm, the full pipeline, and each newsfacts stage.

Run with `pytest benchmarks/`; the summary at the end gives ms/article and the ratio to
bare en_core_web_sm measured in the same run. The rounds repeat the same corpus articles, so
our stages' caches (date expressions, quantity windows) are warm from the second round on: these
ratios are a lower bound. `test_speed.py` (each article once, in fresh processes) gives the ratio
a user sees.
"""

from __future__ import annotations

import pytest

from pipeline.run.extract import make_doc
from pipeline.stages.facts import doc_to_facts

from .conftest import record

STAGES = ["news_segmenter", "entity_canonicalizer", "timex_tagger", "quantity_tagger", "fact_linker"]


def test_bare_en_core_web_sm(benchmark, bare, articles):
    texts = [a.text for a in articles]
    benchmark.pedantic(lambda: list(bare.pipe(texts)), rounds=5, warmup_rounds=1)
    record("bare en_core_web_sm", benchmark, len(texts))


def test_full_pipeline(benchmark, nlp, articles):
    def run():
        return [doc_to_facts(doc) for doc in nlp.pipe(make_doc(nlp, a) for a in articles)]

    rows = benchmark.pedantic(run, rounds=5, warmup_rounds=1)
    assert rows and all(r for r in rows)
    record("newsfacts full pipeline", benchmark, len(articles))


@pytest.mark.parametrize("stage", STAGES)
def test_stage(benchmark, nlp, articles, stage):
    """One stage on documents already processed up to it (a stage re-run is idempotent)."""
    names = nlp.pipe_names
    before = names[:names.index(stage)]
    with nlp.select_pipes(enable=before):
        docs = list(nlp.pipe(make_doc(nlp, a) for a in articles))
    component = nlp.get_pipe(stage)
    benchmark.pedantic(lambda: [component(doc) for doc in docs], rounds=10, warmup_rounds=1)
    record(f"stage {stage}", benchmark, len(docs))


def test_fact_assembly(benchmark, nlp, articles):
    docs = list(nlp.pipe(make_doc(nlp, a) for a in articles))
    benchmark.pedantic(lambda: [doc_to_facts(doc) for doc in docs], rounds=10, warmup_rounds=1)
    record("stage doc_to_facts", benchmark, len(docs))
