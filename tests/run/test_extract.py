"""Batch extraction: long articles in pieces, failures isolated, processes agree."""

import pytest

from pipeline.core.records import Article, ArticleError
from pipeline.run.extract import extract, split_text


def test_split_text_keeps_every_character():
    text = "First para. Two.\nSecond paragraph here.\n" + "word " * 100
    for limit in (10, 25, 60, 1000):
        pieces = split_text(text, limit)
        assert "".join(pieces) == text
        assert all(len(p) <= limit for p in pieces)
    assert split_text(text, 30)[0] == "First para. Two.\n"


def test_long_article_in_pieces_gives_the_same_dates_and_quantities(nlp, seed_article):
    [(_, whole)] = list(extract([seed_article], nlp))
    [(article, pieces)] = list(extract([seed_article], nlp, piece_chars=600))
    assert article is seed_article
    keep = lambda rows: [(r["kind"], r["start"], r["end"], r["value"]) for r in rows if r["kind"] != "entity"]
    assert keep(pieces) == keep(whole)
    for row in pieces:
        assert seed_article.text[row["start"]:row["end"]] == row["text"]


def test_a_failing_component_loses_only_its_article(nlp, monkeypatch, caplog):
    tagger = nlp.get_pipe("quantity_tagger")
    original = type(tagger).__call__

    def fragile(self, doc):
        if "EXPLODE" in doc.text:
            raise RuntimeError("boom")
        return original(self, doc)

    monkeypatch.setattr(type(tagger), "__call__", fragile)
    articles = [Article("a", "It weighed 5 kg on Monday.", "2024-09-24"),
                Article("b", "EXPLODE: 7 km away.", "2024-09-24"),
                ArticleError("c", "in.jsonl:3", "empty text: nothing to extract"),
                Article("d", "Rain fell on Tuesday: 30 mm.", "2024-09-24")]
    results = list(extract(articles, nlp, batch_size=1))
    assert [getattr(i, "id", None) or i.article_id for i, _ in results] == ["a", "b", "c", "d"]
    assert isinstance(results[1][0], ArticleError) and "pipeline failed" in results[1][0].problem
    assert results[0][1] and results[3][1]
    assert "article 'b': component 'quantity_tagger' failed: RuntimeError: boom" in caplog.text


def test_one_and_two_processes_give_identical_rows(nlp, seed_article):
    articles = [Article(f"{seed_article.id}-{i}", seed_article.text, seed_article.published) for i in range(4)]
    articles.append(Article("short", "The council met on Monday and spent $3m.", "2024-03-14"))
    one = [(i.id, rows) for i, rows in extract(articles, nlp, n_process=1)]
    two = [(i.id, rows) for i, rows in extract(articles, nlp, n_process=2, batch_size=2)]
    assert one == two and len(one) == 5


def test_an_article_over_spacys_length_limit_is_processed(nlp, seed_article):
    limit = nlp.max_length
    nlp.max_length = 1500
    try:
        [(article, rows)] = list(extract([seed_article], nlp))
    finally:
        nlp.max_length = limit
    assert isinstance(article, Article)
    assert ("date", "2024-05-03") in {(r["kind"], r["value"]) for r in rows}


@pytest.mark.parametrize("text", [
    "🚀🚀🚀 $$$ €€€ 5,,,000 kg -- ---",
    "<p>The <b>probe</b> landed on <i>Monday</i>.</p>",
    "1" * 5000,
    "Temperatures\u200b fell to \u221240\u00b0C \u2013 between 3 \u2013 5 km \u2014 on 31 February.",
    "\x00\x01 control characters and a tab\tin the middle of May 2024",
    "Q5 2024, the 45th of March, 99:99 p.m., 2024-13-45, fiscal '99, the 1234567s",
    "مرحبا بالعالم 2024 — تم الإطلاق يوم الاثنين",
    "A" * 200 + " " + "between and to from the of in on at " * 50,
    "$ . 5 per per per cent cent of of 10^9 kg²/s³ ± 3",
])
def test_odd_text_never_crashes(nlp, text):
    from pipeline.run.extract import blank_controls

    [(item, rows)] = list(extract([Article("odd", text, "2024-09-24")], nlp))
    assert isinstance(item, (Article, ArticleError))
    for row in rows:
        assert blank_controls(text)[row["start"]:row["end"]] == row["text"]


def test_a_long_article_in_pieces_gives_the_rows_of_one_merged_doc(nlp, seed_article):
    """Pieces are turned into rows one by one; the rows are those of the pieces merged."""
    import warnings

    from spacy.tokens import Doc

    from pipeline.run.extract import make_doc
    from pipeline.stages.facts import doc_to_facts

    text = "\n".join([seed_article.text] * 3)
    article = Article("long", text, seed_article.published)
    docs = [nlp(make_doc(nlp, article, piece)) for piece in split_text(text, 900)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        merged = Doc.from_docs(docs, ensure_whitespace=False)
    expected = doc_to_facts(merged, "long")
    [(item, rows)] = list(extract([article], nlp, piece_chars=900))
    assert item is article and len(docs) > 10
    assert rows == expected
    assert max(r["mentions"] for r in rows) > 10  # entities counted over all pieces


def test_pieces_are_tokenised_as_they_are_processed(nlp, seed_article, monkeypatch):
    """A huge article is streamed: only a batch of its pieces exists at a time, not all."""
    from pipeline.run import extract as extract_module

    made, lag = [0], []
    original_make, original_facts = extract_module.make_doc, extract_module.doc_to_facts

    def counting_make(*args, **kwargs):
        made[0] += 1
        return original_make(*args, **kwargs)

    def watching_facts(doc, *args, **kwargs):
        lag.append(made[0])
        return original_facts(doc, *args, **kwargs)

    monkeypatch.setattr(extract_module, "make_doc", counting_make)
    monkeypatch.setattr(extract_module, "doc_to_facts", watching_facts)
    text = "\n".join([seed_article.text] * 2)
    [(item, rows)] = list(extract([Article("long", text, "2024-09-24")], nlp, piece_chars=600, batch_size=2))
    assert rows and made[0] > 10
    assert lag[0] <= 2 + 1, f"{lag[0]} pieces were tokenised before the first was turned into rows"  # a batch, and the next


@pytest.mark.parametrize("text, date", [
    ("The probe landed on\x00Monday after a long trip.", "Monday"),
    ("The council met on Tuesday\x07and approved the plan.", "Tuesday"),
    ("Rain fell in\x1bJanuary 2019 across the north.", "January 2019"),
])
def test_control_characters_are_blanked_and_do_not_hide_a_date(nlp, text, date):
    [(item, rows)] = list(extract([Article("ctl", text, "2024-09-24")], nlp))
    dates = [r for r in rows if r["kind"] == "date"]
    assert [r["text"] for r in dates] == [date]
    start = text.index(date)
    assert (dates[0]["start"], dates[0]["end"]) == (start, start + len(date))  # offsets into the original
    for row in rows:
        assert not any(ch < " " and ch not in "\t\n\r" for ch in row["text"] + row["sentence_text"])


def test_a_batch_never_holds_more_than_one_piece_of_characters(nlp, seed_article, monkeypatch):
    """Pieces of a long article go through the pipeline one at a time: the parser's memory
    grows with the characters of a batch."""
    from pipeline.run import extract as extract_module

    sizes, original = [], nlp.pipe

    def watching_pipe(docs, *args, **kwargs):
        docs = list(docs)
        sizes.append(sum(len(item[0].text) if isinstance(item, tuple) else len(item.text) for item in docs))
        return original(docs, *args, **kwargs)

    monkeypatch.setattr(extract_module, "BATCH_CHARS", 700)
    monkeypatch.setattr(nlp, "pipe", watching_pipe)
    text = "\n".join([seed_article.text] * 2)
    [(item, rows)] = list(extract([Article("long", text, "2024-09-24")], nlp, piece_chars=600, batch_size=16))
    assert rows and len(sizes) > 5 and max(sizes) <= 700
