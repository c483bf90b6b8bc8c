"""Lemmas on demand (pipeline/lemmas.py): the same lemma the lemmatizer would have written, for
the tokens the stages ask about, with the lemmatizer itself no longer run on every token."""

from __future__ import annotations

import pytest

from pipeline.language.lemmas import Lemmas

SENTENCES = [
    ("The vote has been postponed until Friday, officials said.", "postponed", "postpone"),
    ("Shares rose 5% after the company hired 300 workers and opened two new stores.", "workers", "worker"),
    ("People were evacuated as the river burst its banks on Tuesday.", "evacuated", "evacuate"),
    ("The agency is expected to publish the figures in May, and prices are falling.", "falling", "fall"),
    ("Firefighters fought the blaze for six hours; two men were taken to hospital.", "men", "man"),
]


def test_the_lemmatizer_is_kept_but_not_run(nlp):
    assert "lemmatizer" in nlp.component_names and "lemmatizer" not in nlp.pipe_names


@pytest.mark.parametrize("text, word, lemma", SENTENCES)
def test_lemmas_on_demand_are_the_lemmatizers(nlp, process, text, word, lemma):
    doc = process(text)
    lemmas = Lemmas(nlp)
    asked = [lemmas(token) for token in doc]
    written = nlp.get_pipe("lemmatizer")(doc.copy())
    assert asked == [token.lemma_ for token in written]
    assert asked[[token.text for token in doc].index(word)] == lemma


def test_without_a_lemmatizer_the_lowercase_form(process):
    import spacy

    doc = process("Officials said the WORKERS left.")
    assert doc[3].lemma == 0 and Lemmas(spacy.blank("en"))(doc[3]) == "workers"
