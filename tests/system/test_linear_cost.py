"""The date stage's cost grows linearly with its input: the characters it matches against its rules,
per character of text, stay flat as the text grows (counted, not timed), on number- and date-dense
text and on one NER span that covers the whole text (which must be narrowed to what it holds)."""

import random

import pytest
from spacy.tokens import Span

from pipeline.core.records import Article
from pipeline.run.extract import make_doc

SENTENCES = ["The plant opened on {d} May {y} and ran for {n} hours.", "Sales rose {n}% in the third quarter of {y}.",
             "About {n} people came on Monday, {d} June.", "Rates will rise by {n} basis points next {m}.",
             "From {y} to {y2} the works took {n} weeks."]


def numbers(n: int, rng: random.Random) -> str:
    return " ".join(str(rng.randint(1, 3000)) for _ in range(n))


def runs(n: int, rng: random.Random) -> str:
    return " ".join(f"{rng.randint(1, 31)} {rng.choice(['May', 'June', 'days', 'years', '2019'])}" for _ in range(n // 2))


def dates(n: int, rng: random.Random) -> str:
    return " ".join(rng.choice(SENTENCES).format(d=rng.randint(1, 28), y=rng.randint(1990, 2030), y2=rng.randint(1990, 2030),
                                                 n=rng.randint(1, 500), m=rng.choice(["month", "week", "year"]))
                    for _ in range(n // 8))


def cost(nlp, text: str, one_span: bool) -> float:
    tagger = nlp.get_pipe("timex_tagger")
    with nlp.select_pipes(disable=["timex_tagger", "quantity_tagger", "fact_linker"]):
        doc = nlp(make_doc(nlp, Article(id="dense", text=text, published="2024-09-24")))
    if one_span:  # as NER sometimes does: one DATE over a whole run of numbers and dates
        doc.ents = [Span(doc, 0, len(doc), label="DATE")]
    tagger.grammar.resolve.cache_clear()
    tagger.grammar.attempts = 0
    tagger(doc)
    return tagger.grammar.attempts / len(text)


@pytest.mark.parametrize("make, one_span", [(numbers, False), (dates, False), (runs, True)])
def test_the_date_stage_costs_the_same_per_character_as_the_text_grows(nlp, make, one_span):
    costs = [cost(nlp, make(size, random.Random(size)), one_span) for size in (100, 400, 1600)]
    assert costs[-1] <= 1.5 * costs[0], costs
