"""Stage 5a: link each date and quantity to what it is about, from the dependency parse.

A quantity is about the noun it measures ("1,935.3 grams of lunar samples" -> "lunar
samples", "200 people" -> "people"); a date is about the event it anchors, the verb or
event noun it attaches to ("launched ... on May 3" -> "launched").
"""

from __future__ import annotations

from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.core.attrs import QUANTITIES, TIMEX
from pipeline.rules.guard import guarded
from pipeline.stages.quantities.concept import quantity_concept


def quantity_about(span: Span) -> Optional[str]:
    """What a quantity measures, or None when the parse does not say (the rule of
    `pipeline.stages.quantities.concept`)."""
    return quantity_concept(span)


def date_about(span: Span) -> Optional[str]:
    """The event a date anchors: the verb or event noun it attaches to."""
    token = span.root
    for _ in range(3):
        head = token.head
        if head is token or head.i in range(span.start, span.end):
            return None
        if head.pos_ == "ADP":
            token = head
            continue
        if head.pos_ in {"VERB", "AUX"} or (head.pos_ == "NOUN" and token.dep_ in {"pobj", "npadvmod", "nmod", "compound"}):
            if head.pos_ == "AUX" and head.dep_ in {"aux", "auxpass"}:
                head = head.head
            particles = [c for c in head.rights if c.dep_ == "prt"]
            return head.doc[head.i:particles[0].i + 1].text if particles else head.text
        token = head
    return None


class FactLinker:
    """Set `span._.about` on temporal and quantity spans."""

    def __init__(self, nlp: Language, name: str = "fact_linker") -> None:
        """
        nlp (Language): the pipeline this component belongs to.
        name (str): the component's name in the pipeline.
        """
        self.name = name

    @guarded(span_attrs=["about"])
    def __call__(self, doc: Doc) -> Doc:
        """Link each fact in `doc.spans["timex"]` and `doc.spans["quantities"]`.

        doc (Doc): a parsed document after the temporal and quantity stages.
        RETURNS (Doc): the same document with `span._.about` set where the parse allows.
        """
        for span in doc.spans.get(TIMEX, []):
            span._.about = date_about(span)
        for span in doc.spans.get(QUANTITIES, []):
            span._.about = quantity_about(span)
        return doc


@Language.factory("fact_linker", assigns=["doc.spans"], requires=["token.dep"], default_config={})
def make_fact_linker(nlp: Language, name: str) -> FactLinker:
    """Build the fact linker."""
    return FactLinker(nlp, name)
