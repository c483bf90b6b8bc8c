"""Extension attributes shared by the pipeline's components.

Results live on the ``Doc``: span groups in ``doc.spans`` and these extensions. Values are
plain JSON-like data (str, float, dict) so that docs serialise with ``Doc.to_bytes`` and
cross process boundaries in ``nlp.pipe(n_process=...)``.
"""

from collections.abc import Mapping
from typing import Optional

from spacy.tokens import Doc, Span

from pipeline.core.records import parse_published

#: span groups written by the components
PARAGRAPHS = "paragraphs"
DATELINE = "dateline"
ENTITIES = "entities"
TIMEX = "timex"
QUANTITIES = "quantities"
#: doc extension: the stages that failed on this doc (see pipeline.rules.guard), or None
STAGE_FAILURES = "stage_failures"


#: entity labels that are numbers or times, not names
NUMERIC_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"})


def name_spans(doc: Doc) -> list[Span]:
    """Every named entity of `doc` (any label that is not a number or a time, e.g.
    PRODUCT "Long March 5" or DISEASE "Covid-19"): numbers inside them are not facts."""
    return [ent for ent in doc.ents if ent.label_ not in NUMERIC_LABELS]


def published_of(doc: Doc) -> Optional[str]:
    """The publication date of `doc`'s article (YYYY-MM-DD): its own (`doc._.published`, set by
    `make_doc`), else the "published" of the context `nlp.pipe(..., as_tuples=True)` was given with
    the text (a dict; "id" gives `doc._.article_id` too), which is then kept on the doc; else None.

    RAISES ValueError: the context's date is no date (the stage that asks fails: see `guarded`).
    """
    if doc._.published is None:
        context = getattr(doc, "_context", None)
        if isinstance(context, Mapping) and context.get("published") is not None:
            value = context["published"]
            try:
                doc._.published = parse_published(value.isoformat() if hasattr(value, "isoformat") else value)
            except ValueError as err:
                raise ValueError(f"nlp.pipe context's published={value!r}: {err}") from None
            if doc._.article_id is None and context.get("id") is not None:
                doc._.article_id = str(context["id"])
    return doc._.published


def register_extensions() -> None:
    """Register the extension attributes once; safe to call repeatedly."""
    doc_attrs = {
        "article_id": None,  # str: the article's id
        "published": None,  # str: ISO date of publication, the anchor for relative dates
        STAGE_FAILURES: None,  # list[dict]: stage, error, sentence, start of each failed stage
    }
    span_attrs = {
        "canonical": None,  # str: one canonical name per entity per document
        "entity_key": None,  # str: the entity's key across documents (see pipeline.stages.entities.tagger.name_key)
        "timex": None,  # dict: {"type", "value", "mod"} TIMEX3 attributes
        "quantity": None,  # dict: value, unit, dimension, SI value, modifier
        "about": None,  # str: what the fact is about, from the dependency parse
        "when": None,  # str: a quantity's date, the TIMEX3 value of the date fact its clause names
        "when_offsets": None,  # list[int]: that date fact's start and end character offsets in the doc
    }
    for name, default in doc_attrs.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in span_attrs.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


register_extensions()
