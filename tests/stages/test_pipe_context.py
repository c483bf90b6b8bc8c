"""`nlp.pipe(texts, as_tuples=True)` with `{"published": ...}` as each text's context (issue 23): the
date reaches the date stage, which resolves relative dates against it, as `make_doc` would."""

import datetime

import pandas as pd
import pytest

import pipeline
from pipeline.core.attrs import STAGE_FAILURES
from pipeline.stages.facts import doc_to_facts

TEXT = "The council met on Monday and approved $3m for roads. Work starts next month."


def _monday(doc) -> list[tuple[str, str]]:
    return [(span.text, span._.timex["value"]) for span in doc.spans["timex"]]


@pytest.mark.parametrize("n_process", [1, 2])
def test_the_context_published_date_reaches_the_date_stage(nlp, n_process):
    contexts = [{"published": "2024-09-24", "id": "a"}, {"published": datetime.date(2024, 3, 14), "source": "x"}]
    done = list(nlp.pipe([(TEXT, context) for context in contexts], as_tuples=True, n_process=n_process))
    assert [context for _, context in done] == contexts  # the caller's context comes back as given
    (first, _), (second, _) = done
    assert _monday(first) == [("Monday", "2024-09-23"), ("next month", "2024-10")]
    assert _monday(second) == [("Monday", "2024-03-11"), ("next month", "2024-04")]
    assert (first._.published, first._.article_id) == ("2024-09-24", "a")
    assert (second._.published, second._.article_id) == ("2024-03-14", None)


def test_the_rows_of_a_doc_from_a_context_are_those_of_extract_frame(nlp):
    (doc, _), = nlp.pipe([(TEXT, {"published": "2024-09-24", "id": "0"})], as_tuples=True)
    rows = pd.DataFrame(doc_to_facts(doc))
    frame = pipeline.extract_frame([TEXT], published="2024-09-24", model=nlp)
    assert list(rows["value"]) == list(frame["value"]) and set(rows["article_id"]) == {"0"}


def test_without_a_context_or_with_a_bad_date(nlp):
    (doc, context), = nlp.pipe([(TEXT, None)], as_tuples=True)  # no date: relative dates stay unresolved
    assert context is None and _monday(doc)[0] == ("Monday", "XXXX-WXX-1")
    (doc, _), = nlp.pipe([(TEXT, {"published": "2024-13-01"})], as_tuples=True)
    assert len(doc.spans["timex"]) == 0
    failure, = doc._.get(STAGE_FAILURES)
    assert failure["stage"] == "timex_tagger"
    assert "nlp.pipe context's published='2024-13-01': invalid publication date" in failure["error"]
