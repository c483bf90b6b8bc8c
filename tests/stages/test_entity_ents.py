"""`doc.ents` after the pipeline says what the table says (issue 23): the names with the labels voted
for their entities and the spans the table holds, so that displaCy shows the table; and displaCy has
a colour for every label the pipeline uses."""

import pytest
from spacy import displacy

import pipeline
from pipeline.core.kinds import NAME_LABELS
from pipeline.io.articles import read_articles
from pipeline.review.labels import label_colours
from pipeline.rules.tsv import ResourceError
from pipeline.run.extract import make_doc
from tests.conftest import CORPUS

#: corpus articles where NER's label of a mention is not the one voted for its entity ("Maitland"
#: ORG, "Finance Bill" PERSON; "Glasgow Central" ORG, "Paisley St James" PERSON), or where a name
#: is dropped as a common word at a sentence's start ("Warmer")
VOTED = ["politics-21", "transport-21", "climate-21"]


@pytest.fixture(scope="module")
def articles():
    wanted = {a.id: a for a in read_articles([CORPUS / "articles"]) if a.id in VOTED}
    return [wanted[name] for name in VOTED]


def _table_mentions(frame) -> set[tuple[str, int, int]]:
    mentions = set()
    for row in frame[frame["kind"] == "entity"].itertuples():
        for offsets in row.mention_offsets:  # a list of {start, end} (issue 23's typed columns)
            mentions.add((row.label, int(offsets["start"]), int(offsets["end"])))
    return mentions


def test_doc_ents_hold_the_names_of_the_table_with_their_voted_labels(nlp, articles):
    for article in articles:
        doc = nlp(make_doc(nlp, article))
        names = [e for e in doc.ents if e.label_ in NAME_LABELS]
        assert [(e.start, e.end, e.label_) for e in names] == \
               [(s.start, s.end, s.label_) for s in doc.spans["entities"]], article.id
        frame = pipeline.extract_frame([article], model=nlp)
        assert {(e.label_, e.start_char, e.end_char) for e in names} == _table_mentions(frame), article.id
        # the numbers and times NER found stay (the date stage reads them)
        assert any(e.label_ in {"DATE", "CARDINAL", "MONEY", "PERCENT"} for e in doc.ents)


def test_displacy_shows_the_voted_label_in_its_colour(nlp, articles):
    doc = nlp(make_doc(nlp, articles[0]))  # politics-21: "Finance Bill" is a law, not a person
    html = displacy.render(doc, style="ent", options=pipeline.displacy_options(NAME_LABELS))
    colours = label_colours()
    assert "Finance Bill" in html and html.count(colours["LAW"]) >= 1
    finance_bill = html[:html.index("Finance Bill")].rsplit("<mark", 1)[1]
    assert colours["LAW"] in finance_bill
    assert "DATE" not in html  # only the labels asked for


def test_every_label_the_pipeline_gives_has_a_colour_and_spacy_finds_them(nlp, process):
    ruler = nlp.get_pipe("entity_ruler")
    used = set(nlp.get_pipe("ner").labels) | set(ruler.labels) | set(NAME_LABELS)
    assert used - set(label_colours()) == set()
    assert set(pipeline.displacy_options()["colors"]) == set(label_colours())
    # the ruler's DISEASE: in its own colour without any option, through the entry point
    doc = process("Hospitals treated 40 patients with Covid-19 on Monday.")
    assert [e.label_ for e in doc.ents if e.text == "Covid-19"] == ["DISEASE"]
    assert label_colours()["DISEASE"] in displacy.render(doc, style="ent")


def test_a_bad_colour_line_names_its_file_and_line(tmp_path, monkeypatch):
    import pipeline.review.labels as labels

    bad = tmp_path / "labels.tsv"
    bad.write_text("label\tcolour\twhat\nPERSON\t#aa9cfc\t\nORG\tteal\t\n", encoding="utf-8")
    monkeypatch.setattr(labels, "LABELS_FILE", bad)
    labels.label_colours.cache_clear()
    try:
        with pytest.raises(ResourceError, match=rf"{bad}:3: label ORG: colour 'teal' is not #rrggbb: fix the line"):
            labels.label_colours()
    finally:
        labels.label_colours.cache_clear()

