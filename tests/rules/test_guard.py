"""A failure inside one of newsfacts' stages costs that stage's facts for that article only."""

import json

import pytest

from pipeline.core.records import Article, ArticleError
from pipeline.io.paths import manifest_path
from pipeline.io.reading import read_table
from pipeline.run.batch import run_batch
from pipeline.run.extract import extract

GOOD = Article("good", "It weighed 5 kg on Monday in Paris.", "2024-09-24")
HIT = Article("hit", "The council met in Leeds on Tuesday. It is 7 km away.\nIt rained.", "2024-09-24")
FAILING_SENTENCE = "It is 7 km away."


def run(nlp, articles):
    return [(item, rows) for item, rows in extract(articles, nlp, batch_size=1)]


def kinds(rows):
    return sorted({r["kind"] for r in rows})


def test_a_failing_quantity_stage_keeps_the_other_facts(nlp, monkeypatch):
    from pipeline.stages import quantities

    clean = run(nlp, [GOOD, HIT])
    original = quantities.QuantityTagger._read

    def fragile(self, doc, token, *args):
        if token.text == "7":
            raise RuntimeError("boom")
        return original(self, doc, token, *args)

    monkeypatch.setattr(quantities.QuantityTagger, "_read", fragile)
    results = run(nlp, [GOOD, HIT])
    [(good, good_rows), (hit, hit_rows), (error, error_rows)] = results
    assert good is GOOD and good_rows == clean[0][1]
    assert hit is HIT and kinds(hit_rows) == ["date", "entity"]
    assert hit_rows == [r for r in clean[1][1] if r["kind"] != "quantity"]
    assert isinstance(error, ArticleError) and error.article_id == "hit" and error_rows == []
    assert error.stage == "quantity_tagger" and error.sentence == FAILING_SENTENCE
    assert "RuntimeError: boom" in error.problem and FAILING_SENTENCE in error.problem


def test_a_failing_date_stage_keeps_entities_and_quantities(nlp, monkeypatch):
    from pipeline.stages.timex import tagger as timex

    original = timex.explain_timex

    def fragile(text, *args, **kwargs):
        if "Tuesday" in text:
            raise OverflowError("date value out of range")
        return original(text, *args, **kwargs)

    monkeypatch.setattr(timex, "explain_timex", fragile)
    [(hit, rows), (error, _)] = run(nlp, [HIT])
    assert kinds(rows) == ["entity", "quantity"]
    assert error.stage == "timex_tagger" and "OverflowError: date value out of range" in error.problem
    assert error.sentence == "The council met in Leeds on Tuesday."


def test_a_failing_linker_costs_only_the_about_column(nlp, monkeypatch):
    from pipeline.stages import link

    clean = run(nlp, [HIT])[0][1]

    def fragile(span):
        raise KeyError("no head")

    monkeypatch.setattr(link, "quantity_about", fragile)
    [(hit, rows), (error, _)] = run(nlp, [HIT])
    assert [dict(r, about=None) for r in rows] == [dict(r, about=None) for r in clean]
    assert all(r["about"] is None for r in rows)
    assert error.stage == "fact_linker" and error.sentence == FAILING_SENTENCE


def test_nothing_is_recorded_when_nothing_fails(nlp):
    from pipeline.run.extract import make_doc

    doc = nlp(make_doc(nlp, HIT))
    assert doc._.stage_failures is None


def test_the_batch_writes_the_error_row_and_reprocesses_the_article_next_time(nlp, monkeypatch, tmp_path):
    from pipeline.stages import quantities

    def fragile(self, doc, token, blocked):
        raise RuntimeError("boom")

    monkeypatch.setattr(quantities.QuantityTagger, "_read", fragile)
    corpus, table = tmp_path / "in.jsonl", tmp_path / "facts.jsonl"
    corpus.write_text("".join(json.dumps({"id": a.id, "text": a.text, "published": a.published}) + "\n"
                              for a in (GOOD, HIT)))
    result = run_batch([corpus], table, nlp)
    assert result.articles == 2 and result.failed == 2
    assert {r["article_id"] for r in read_table(table)} == {"good", "hit"}
    errors = read_table(tmp_path / "facts.errors.jsonl")
    assert {(e["article_id"], e["stage"]) for e in errors} == {("good", "quantity_tagger"), ("hit", "quantity_tagger")}
    assert any(e["sentence"] == FAILING_SENTENCE for e in errors)
    assert json.loads(manifest_path(table).read_text())["articles"] == {}
    monkeypatch.undo()
    again = run_batch([corpus], table, nlp, incremental=True)
    assert (again.processed, again.failed) == (2, 0)


@pytest.mark.parametrize("stage, module, function", [
    ("news_segmenter", "stages.segment", "DATELINE_RE"),
    ("entity_canonicalizer", "stages.entities.tagger", "resolve_names"),
])
def test_every_own_stage_is_guarded(nlp, monkeypatch, stage, module, function):
    import importlib

    target = importlib.import_module(f"pipeline.{module}")

    class Exploding:
        def __getattr__(self, name):
            raise ValueError("broken")

        def __call__(self, *args, **kwargs):
            raise ValueError("broken")

    monkeypatch.setattr(target, function, Exploding())
    [(hit, rows), (error, _)] = run(nlp, [HIT])
    assert isinstance(hit, Article) and error.stage == stage and "ValueError: broken" in error.problem
