"""The entity stage's cost: per article, on documents fresh from NER (a ratio against bare
en_core_web_sm in the summary, when `test_extraction.py::test_bare_en_core_web_sm` runs too), and
the time to load its word lists, cues and gazetteers.

    .venv/bin/python -m pytest benchmarks/test_extraction.py::test_bare_en_core_web_sm benchmarks/test_entities.py
"""

from __future__ import annotations

from pipeline.rules.resources import Resources, language_dir
from pipeline.run.extract import make_doc

from .conftest import record

STAGE = "entity_canonicalizer"


def test_entity_stage(benchmark, nlp, articles):
    """The stage on copies of documents processed up to it (the copies are made outside the timing)."""
    before = nlp.pipe_names[:nlp.pipe_names.index(STAGE)]
    with nlp.select_pipes(enable=before):
        docs = list(nlp.pipe(make_doc(nlp, a) for a in articles))
    stage = nlp.get_pipe(STAGE)
    results = benchmark.pedantic(lambda copies: [stage(doc) for doc in copies],
                                 setup=lambda: (([doc.copy() for doc in docs],), {}), rounds=10, warmup_rounds=1)
    assert all(results)
    record(f"stage {STAGE} (fresh docs)", benchmark, len(docs))


def test_entity_stage_load(benchmark, nlp):
    """Reading and building the stage's resources (lexicon and entities folders, gazetteers included)."""
    stage = nlp.get_pipe(STAGE)
    folder = language_dir()
    benchmark.pedantic(lambda: stage.set_resources(Resources.from_dir(folder, stage.resource_folders)),
                       rounds=5, warmup_rounds=1)
