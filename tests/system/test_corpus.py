"""The bundled corpus against its hand-made gold, with the thresholds of pyproject.toml."""

import pytest

from pipeline.evaluation.check import check_table, gold_files, load_thresholds
from pipeline.evaluation.score import below_thresholds
from pipeline.run.batch import run_batch
from tests.conftest import CORPUS, ROOT, SEED_ID


@pytest.fixture(scope="module")
def corpus_report(nlp, tmp_path_factory):
    table = tmp_path_factory.mktemp("corpus") / "facts.parquet"
    result = run_batch([CORPUS], table, nlp)
    assert result.failed == 0
    report, _ = check_table(table, [CORPUS])
    return report


def test_every_article_has_gold():
    from pipeline.core.records import Article
    from pipeline.io.articles import read_articles

    ids = {a.id for a in read_articles([CORPUS]) if isinstance(a, Article)}
    assert ids <= set(gold_files([CORPUS])), sorted(ids - set(gold_files([CORPUS])))


def test_corpus_scores_meet_the_thresholds(corpus_report):
    thresholds = load_thresholds(ROOT / "pyproject.toml")
    assert thresholds, "pyproject.toml has no [tool.newsfacts.thresholds]"
    assert below_thresholds(corpus_report.scores(), thresholds) == []


def test_the_seed_scores_perfectly(nlp, tmp_path):
    table = tmp_path / "seed.jsonl"
    run_batch([CORPUS / "articles" / "000_seed.jsonl"], table, nlp)
    report, _ = check_table(table, [CORPUS / "articles" / "000_seed.jsonl", CORPUS / "gold" / f"{SEED_ID}.gold.jsonl"])
    for kind, scores in report.scores().items():
        for measure in ("strict_f1", "relaxed_f1", "value_f1", "label_f1"):
            assert scores[measure] == 1.0, (kind, measure, scores)
