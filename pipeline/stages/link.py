"""Stage 5a: link each date and quantity to what it is about, and each quantity to the date it
belongs to (`when`, `pipeline.stages.when`), from the dependency parse.

A quantity is about the noun it measures ("1,935.3 grams of lunar samples" -> "lunar
samples", "200 people" -> "people"); a duration about what lasts ("a 53-day trip" -> "trip");
another date is about the event it anchors, the verb or event noun it attaches to ("launched
... on May 3" -> "launched"). The concept's cue words are `quantities/concept_cues.tsv` and the
change nouns of `quantities/changes.tsv` (`pipeline.quantities.concept`).
"""

from __future__ import annotations

from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.core.attrs import QUANTITIES, TIMEX
from pipeline.language.lemmas import Lemmas
from pipeline.rules.component import RuleComponent
from pipeline.rules.guard import guarded
from pipeline.rules.resources import Resources
from pipeline.stages.quantities.concept import CONCEPT_TABLES, DURATION, Concepts, Taken, taken_tokens
from pipeline.stages.when import WHEN_CUES, quantity_when, when_dates


def quantity_about(span: Span, concepts: Optional[Concepts] = None, taken: Optional[Taken] = None) -> Optional[str]:
    """What a quantity measures, or None when the parse does not say (the rule of
    `pipeline.quantities.concept`; without `concepts`, the parse alone)."""
    return (concepts or Concepts()).quantity(span, taken)


def date_about(span: Span, concepts: Optional[Concepts] = None, taken: Optional[Taken] = None) -> Optional[str]:
    """What a duration measures (what lasts, `Concepts.duration`); for another date, the event
    it anchors: the verb or event noun it attaches to."""
    if span.label_ == DURATION:
        return (concepts or Concepts()).duration(span, taken)
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


class FactLinker(RuleComponent):
    """Set `span._.about` on temporal and quantity spans, and a quantity's `span._.when` (the TIMEX3
    value of the date it belongs to) and `span._.when_offsets` (that date's character offsets)."""

    resource_folders = ("quantities",)

    def __init__(self, nlp: Language, name: str = "fact_linker") -> None:
        """
        nlp (Language): the pipeline this component belongs to.
        name (str): the component's name in the pipeline.
        """
        super().__init__(nlp, name)
        self.lemma = Lemmas(nlp)
        self.concepts = Concepts(lemma=self.lemma)
        self.bases: frozenset[str] = frozenset()

    def set_resources(self, resources: Resources) -> None:
        """Keep only the tables the concept and `when` read (saved with the pipeline, in its fingerprint)."""
        names = (*CONCEPT_TABLES, WHEN_CUES)
        super().set_resources(Resources({name: resources.text(name) for name in names}, resources.origin))

    def load_resources(self, resources: Resources) -> None:
        self.concepts = Concepts(resources, self.lemma)
        self.bases = frozenset(row["word"] for row in resources.table(WHEN_CUES))

    @guarded(span_attrs=["about", "when", "when_offsets"])
    def __call__(self, doc: Doc) -> Doc:
        """Link each fact in `doc.spans["timex"]` and `doc.spans["quantities"]`.

        doc (Doc): a parsed document after the temporal and quantity stages.
        RETURNS (Doc): the same document with `span._.about`, and a quantity's `span._.when` and
            `span._.when_offsets`, set where the parse allows (`pipeline.stages.when`).
        """
        dates, quantities = list(doc.spans.get(TIMEX, [])), list(doc.spans.get(QUANTITIES, []))
        taken = taken_tokens(doc, quantities, dates)
        dated = when_dates(doc, dates)
        for span in dates:
            span._.about = date_about(span, self.concepts, taken)
        for span in quantities:
            span._.about = quantity_about(span, self.concepts, taken)
            date = quantity_when(span, dated, self.bases)
            if date is not None:
                span._.when = date._.timex["value"]
                span._.when_offsets = [date.start_char, date.end_char]
        return doc


@Language.factory("fact_linker", assigns=["doc.spans"], requires=["token.dep"], default_config={})
def make_fact_linker(nlp: Language, name: str) -> FactLinker:
    """Build the fact linker."""
    return FactLinker(nlp, name)
