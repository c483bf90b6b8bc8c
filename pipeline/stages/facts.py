"""Stage 5b: turn a processed ``Doc`` into rows of the fact table.

One row per fact. Dates and quantities give a row per mention; an entity gives one row
per document, at its first mention, with its canonical name and the count of mentions.
"""

from __future__ import annotations

from typing import Any, Optional, Sequence

from spacy.tokens import Doc, Span

from pipeline.core.attrs import ENTITIES, PARAGRAPHS, QUANTITIES, TIMEX
from pipeline.core.kinds import DATE, ENTITY, KINDS, QUANTITY
from pipeline.core.schema import COLUMNS
from pipeline.stages.entities.names import name_key
from pipeline.stages.timex.intervals import timex_interval

#: the TIMEX3 types whose value is a place in the calendar (durations and sets are not)
_DATED = frozenset({"DATE", "TIME"})


def format_number(x: Optional[float]) -> str:
    """A number as a short, exact string: 1.9353, 1200000000, 0.5."""
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e18 else f"{x:.12g}"


def quantity_value(q: dict[str, Any]) -> str:
    """The normalised value column of a quantity: SI value and unit, or the value as written."""
    value, unit = (q["si_value"], q["si_unit"]) if q["si_unit"] else (q["value"], q["unit"])
    value_max = q["si_value_max"] if q["si_unit"] else q["value_max"]
    number = format_number(value)
    if value_max is not None:
        number = f"{number}-{format_number(value_max)}"
    return f"{number} {unit}" if unit else number


def _fact_id(kind: str, offsets: Optional[Sequence[int]], char_offset: int = 0) -> Optional[str]:
    """The id of a fact of `kind` at the character `offsets` of a doc that starts at `char_offset`
    in its article: kind initial and offsets in the article ("d120-128"); None without offsets."""
    if not offsets:
        return None
    start, end = offsets
    return f"{kind[0]}{start + char_offset}-{end + char_offset}"


def merge_entity(entities: dict[tuple[str, str], dict[str, Any]], row: dict[str, Any]) -> bool:
    """Gather one entity row into `entities`, the article's rows by entity (value and label): the
    one place where an entity's mentions are counted, for a Doc, the pieces of a long article and
    a bare model's entities alike.

    RETURNS (bool): True when `row` is the entity's first (keep it); else its mentions and their
        offsets were added to the first row, and `row` is to be dropped.
    """
    first = entities.setdefault((row["value"], row["label"]), row)
    if first is row:
        return True
    first["mentions"] += row["mentions"]
    first["mention_offsets"] = first["mention_offsets"] + row["mention_offsets"]
    return False


def doc_to_facts(doc: Doc, article_id: Optional[str] = None, *, char_offset: int = 0,
                 sentence_offset: int = 0, paragraph_offset: int = 0) -> list[dict[str, Any]]:
    """All facts of one processed article as rows, in order of position then kind.

    doc (Doc): a document processed by the newsfacts pipeline.
    article_id (Optional[str]): the article's id; defaults to `doc._.article_id`.
    char_offset (int): where `doc` starts in its article, when it is a piece of a long one;
        sentence_offset and paragraph_offset (int): how many sentences and paragraphs come
        before it. Offsets, fact ids, sentence and paragraph indices count from the article.
    RETURNS (list[dict]): one dict per fact with the columns of `SCHEMA`.
    """
    article_id = article_id if article_id is not None else (doc._.article_id or "")
    sentence_of = {}
    sentences = list(doc.sents)
    for i, sent in enumerate(sentences):
        for token in sent:
            sentence_of[token.i] = i
    paragraph_of = {}
    for i, para in enumerate(doc.spans.get(PARAGRAPHS, [])):
        for token in para:
            paragraph_of[token.i] = i

    def base(span: Span, kind: str, value: str) -> dict[str, Any]:
        row = dict.fromkeys(COLUMNS)
        sent_index = sentence_of.get(span.start, 0)
        text, span_end = span.text, span.end_char
        if kind == QUANTITY and sentences and _full_stop(span, sentences[sent_index]):
            text, span_end = text[:-1], span_end - 1  # "about £19m.": the full stop is the sentence's
        start, end = span.start_char + char_offset, span_end + char_offset
        paragraph = paragraph_of.get(span.start)
        row.update(article_id=article_id, fact_id=_fact_id(kind, (span.start_char, span_end), char_offset),
                   kind=kind, label=span.label_, text=text, start=start, end=end,
                   sentence=sent_index + sentence_offset,
                   paragraph=0 if paragraph is None else paragraph + paragraph_offset,
                   value=value, mentions=1,
                   sentence_text=sentences[sent_index].text.strip() if sentences else span.text)
        return row

    rows = []
    entities: dict[tuple[str, str], dict[str, Any]] = {}
    for span in doc.spans.get(ENTITIES, []):
        row = base(span, ENTITY, span._.canonical)
        row.update(entity_key=span._.entity_key or name_key(span._.canonical),
                   mention_offsets=[{"start": span.start_char + char_offset, "end": span.end_char + char_offset}])
        if merge_entity(entities, row):
            rows.append(row)
    for span in doc.spans.get(TIMEX, []):
        timex = span._.timex
        row = base(span, DATE, timex["value"])
        row.update(modifier=timex.get("mod"), about=span._.about, number=timex.get("number"),
                   unit=timex.get("unit"), si_value=timex.get("si_value"),
                   si_unit="s" if timex.get("si_value") is not None else None)
        period = timex_interval(timex["value"]) if span.label_ in _DATED else None
        if period is not None:
            row.update(period_start=period[0], period_end=period[1])
        rows.append(row)
    for span in doc.spans.get(QUANTITIES, []):
        q = span._.quantity
        row = base(span, QUANTITY, quantity_value(q))
        row.update(number=q["value"], number_max=q["value_max"], unit=q["unit"],
                   si_value=q["si_value"], si_value_max=q["si_value_max"], si_unit=q["si_unit"],
                   modifier=q["modifier"], change=q.get("change"), about=span._.about, when=span._.when,
                   when_fact_id=_fact_id(DATE, span._.when_offsets, char_offset))
        rows.append(row)
    order = {kind: i for i, kind in enumerate(KINDS)}
    rows.sort(key=lambda r: (r["start"], order[r["kind"]], r["end"]))
    return rows


def _full_stop(span: Span, sentence: Span) -> bool:
    """Whether `span` ends with its sentence's full stop, which the tokenizer keeps on a letter
    with a dot at a sentence's end ("cost about £19m." ends with the token "m."): not the quantity's."""
    last = span[-1]
    return len(last) > 1 and last.text.endswith(".") and \
        all(token.is_punct or token.is_space for token in span.doc[span.end:sentence.end])
