"""Stage 1: news-aware segmentation into paragraphs and sentences.

Runs before the parser and presets sentence boundaries, which the parser respects:
every paragraph starts a sentence, and no sentence starts after an abbreviation such as
"Sept." or inside a numbered name such as "Chang'e 6". The abbreviations are the lexicon's
(``models/en/lexicon/abbreviations.tsv``, with the month, weekday and state abbreviations).
"""

from __future__ import annotations

import re
from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.core.attrs import DATELINE, PARAGRAPHS
from pipeline.language.lexicon import Lexicon
from pipeline.rules.component import RuleComponent
from pipeline.rules.guard import guarded
from pipeline.rules.resources import Resources

# "LONDON, Sept. 23 (Northgate Wire) -" or "BEIJING -": a dateline opens the first paragraph.
DATELINE_RE = re.compile(
    r"^[A-Z][A-Z.'\- ]{1,40}(?:,\s*[A-Z][A-Za-z.'\- ]{0,40})?"
    r"(?:,\s*[A-Z][a-z]{2,9}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"
    r"\s*(?:\([^)\n]{1,60}\))?\s*[-\u2013\u2014]{1,2}\s+"
)
#: a first paragraph of at most this many words and no final full stop is a headline
HEADLINE_WORDS = 20


class NewsSegmenter(RuleComponent):
    """Mark paragraphs (one per line) and preset sentence boundaries for news text."""

    resource_folders = ("lexicon",)

    def __init__(self, nlp: Language, name: str = "news_segmenter", *,
                 abbreviations: Iterable[str] = ()) -> None:
        """
        nlp (Language): the pipeline this component belongs to.
        name (str): the component's name in the pipeline.
        abbreviations (Iterable[str]): tokens after which a sentence never starts, besides the
            lexicon's.
        """
        super().__init__(nlp, name)
        self.extra_abbreviations = frozenset(abbreviations)
        self.abbreviations = self.extra_abbreviations

    def load_resources(self, resources: Resources) -> None:
        self.abbreviations = Lexicon(resources).abbreviations | self.extra_abbreviations

    @guarded(PARAGRAPHS, DATELINE)
    def __call__(self, doc: Doc) -> Doc:
        """Write `doc.spans["paragraphs"]`, `doc.spans["dateline"]` and `token.is_sent_start`.

        doc (Doc): a tokenised document; paragraphs are separated by line breaks.
        RETURNS (Doc): the same document, segmented.
        """
        self.require_resources()
        paragraphs = []
        start = None
        for token in doc:
            if token.is_space and "\n" in token.text:
                if start is not None:
                    paragraphs.append(doc[start:token.i])
                start = None
            elif start is None:
                start = token.i
        if start is not None:
            paragraphs.append(doc[start:len(doc)])
        doc.spans[PARAGRAPHS] = paragraphs

        starts = {p.start for p in paragraphs}
        for token in doc:
            if token.i in starts or (token.i > 1 and _starts_after_a_unit(doc, token.i)):
                token.is_sent_start = True
            elif token.i > 0 and self._never_starts(doc, token.i):
                token.is_sent_start = False

        datelines = []
        # the dateline opens the first paragraph, or the second after a headline
        opening = paragraphs[:2] if len(paragraphs) > 1 and is_headline(paragraphs[0]) else paragraphs[:1]
        for paragraph in opening:
            match = DATELINE_RE.match(paragraph.text)
            if match:
                span = doc.char_span(paragraph.start_char, paragraph.start_char + len(match.group(0).rstrip()),
                                     alignment_mode="contract")
                if span is not None:
                    datelines.append(span)
                    for token in span[1:]:
                        token.is_sent_start = False
                    if span.end < paragraph.end:
                        doc[span.end].is_sent_start = False
                break
        doc.spans[DATELINE] = datelines
        return doc

    def _never_starts(self, doc: Doc, i: int) -> bool:
        """True where token `i` cannot open a sentence: after an abbreviation, inside a name."""
        prev, token = doc[i - 1], doc[i]
        if prev.text in self.abbreviations:
            return True
        # a number right after a capitalised word continues a name: "Chang'e 6", "Apollo 11"
        if token.like_num and prev.is_title and not prev.is_punct:
            return True
        # a lowercase word after a period inside a line rarely starts a sentence ("approx. five")
        return token.is_lower and prev.text.endswith(".") and len(prev.text) > 1


def _starts_after_a_unit(doc: Doc, i: int) -> bool:
    """True where a sentence starts after a number's unit or scale written with a dot, which the
    tokenizer keeps as one abbreviation and the parser then reads on through ("worth US$ 7.2 bn. In
    China", "at 2 p.m. The police"): a capitalised function word after it opens the sentence
    ("2 p.m. Beijing time" goes on)."""
    unit, token = doc[i - 1], doc[i]
    return unit.text.endswith(".") and 1 < len(unit.text) <= 5 and unit.text.replace(".", "").isalpha() \
        and doc[i - 2].like_num and token.is_title and token.is_stop


def is_headline(paragraph: Span) -> bool:
    """A headline: a short line (at most HEADLINE_WORDS words) that does not end in a full stop."""
    words = [t for t in paragraph if not (t.is_punct or t.is_space)]
    return 0 < len(words) <= HEADLINE_WORDS and not paragraph.text.rstrip().endswith(".")


@Language.factory(
    "news_segmenter",
    assigns=["token.is_sent_start", "doc.spans"],
    default_config={"abbreviations": []},
)
def make_news_segmenter(nlp: Language, name: str, abbreviations: list[str]) -> NewsSegmenter:
    """Build the news segmenter; settings come from the pipeline config."""
    return NewsSegmenter(nlp, name, abbreviations=abbreviations)
