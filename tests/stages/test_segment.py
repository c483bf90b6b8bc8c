"""Stage 1: paragraphs and sentences."""

import pytest

from pipeline.core.attrs import DATELINE, PARAGRAPHS


def test_seed_paragraphs_are_its_lines(seed_doc, seed_article):
    lines = [line for line in seed_article.text.split("\n") if line.strip()]
    assert [p.text for p in seed_doc.spans[PARAGRAPHS]] == lines


def test_no_sentence_crosses_a_paragraph(seed_doc):
    for sent in seed_doc.sents:
        assert "\n" not in sent.text.strip(), sent.text


@pytest.mark.parametrize("text, inside", [
    ("The Chang'e 6 lander touched down on the far side. It then drilled.", "Chang'e 6 lander"),
    ("Officials met on Sept. 23 in Beijing. They agreed a plan.", "Sept. 23 in Beijing"),
    ("Dr. Ahmed Khan of Acme Corp. spoke first. Then the minister spoke.", "Dr. Ahmed Khan"),
    ("Apollo 11 landed in 1969. Its crew returned safely.", "Apollo 11 landed"),
])
def test_no_split_inside_names_or_after_abbreviations(process, text, inside):
    sentences = [s.text for s in process(text).sents]
    assert any(inside in s for s in sentences), sentences
    assert len(sentences) == 2, sentences


@pytest.mark.parametrize("text, first", [
    ("The council has about £19m. It will spend half of it.", "The council has about £19m."),
    ("The probe landed at 2 p.m. The crew was safe.", "The probe landed at 2 p.m."),
    # traps: a name after the unit goes on ("Beijing time"), and so does a lowercase word
    ("It landed after 2 p.m. Beijing time on Friday.", "It landed after 2 p.m. Beijing time on Friday."),
    ("The wall is 2 m. thick at its base.", "The wall is 2 m. thick at its base."),
])
def test_a_sentence_starts_after_a_unit_written_with_a_dot(process, text, first):
    """The tokenizer keeps "m." and "p.m." whole, and the parser read on through the next sentence."""
    assert [s.text.strip() for s in process(text).sents][0] == first


def test_headline_paragraph_starts_a_sentence(process):
    doc = process("Rates held\nThe central bank kept rates at 5 per cent on Thursday.")
    assert [s.text.strip() for s in doc.sents] == ["Rates held", "The central bank kept rates at 5 per cent on Thursday."]


def test_dateline_is_marked_and_kept_in_the_first_sentence(process):
    doc = process("LONDON, Sept. 23 (Northgate Wire) - Shares rose 2% on Monday. Banks led.")
    assert [s.text for s in doc.spans[DATELINE]] == ["LONDON, Sept. 23 (Northgate Wire) -"]
    assert list(doc.sents)[0].text.startswith("LONDON, Sept. 23 (Northgate Wire) - Shares rose")
