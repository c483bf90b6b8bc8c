"""Stage 5b: turn a processed ``Doc`` into rows of the fact table.

One row per fact. Dates and quantities give a row per mention; an entity gives one row
per document, at its first mention, with its canonical name and the count of mentions.
"""

from __future__ import annotations

from typing import Any, Optional

from spacy.tokens import Doc, Span

from .attrs import ENTITIES, PARAGRAPHS, QUANTITIES, TIMEX
from .entities import name_key
from .kinds import DATE, ENTITY, KINDS, QUANTITY

#: column -> (type, meaning); the order is the table's column order
SCHEMA: dict[str, tuple[str, str]] = {
    "article_id": ("string", "id of the article the fact comes from"),
    "fact_id": ("string", "id of the fact within the article: kind initial and character offsets"),
    "kind": ("string", "entity, date or quantity"),
    "label": ("string", "entity label (PERSON, ORG, ...), TIMEX3 type (DATE, TIME, DURATION, SET) "
                        "or quantity dimension (mass, length, currency, percentage, count, ...)"),
    "text": ("string", "the fact's words as written"),
    "start": ("int64", "character offset of the first character in the article text"),
    "end": ("int64", "character offset just past the last character"),
    "sentence": ("int64", "index of the sentence in the article, from 0"),
    "paragraph": ("int64", "index of the paragraph (line) in the article, from 0"),
    "value": ("string", "normalised value: canonical name, TIMEX3 value, or SI value with unit "
                        "(\"1.9353 kg\"; a range as \"3000-5000 m\")"),
    "number": ("double", "quantity: the number as written (lower bound of a range); duration: its "
                         "number of units (\"49 hours\": 49)"),
    "number_max": ("double", "quantity: upper bound of a range, as written"),
    "unit": ("string", "quantity: the unit as written, by name (\"gram\", \"USD\"); duration: its "
                       "unit (\"hour\")"),
    "si_value": ("double", "quantity: the value in SI units (lower bound of a range); duration: seconds"),
    "si_value_max": ("double", "quantity: upper bound of a range in SI units"),
    "si_unit": ("string", "quantity: the SI unit (kg, m, m2, m3, s, K, m/s, J, W, B) or currency code; "
                          "duration: s"),
    "modifier": ("string", "APPROX, MORE_THAN, LESS_THAN, EQUAL_OR_MORE, EQUAL_OR_LESS, RANGE "
                           "(quantities); TIMEX3 mod such as START, MID, END, APPROX (dates)"),
    "change": ("string", "quantity: increase or decrease, when it is the size of a change (\"rose 5%\", "
                         "\"a 3% drop\", \"cut 1,200 jobs\"); none for the level a change reached or left "
                         "(\"fell to $3\")"),
    "about": ("string", "what the fact is about, from the parse: a quantity's concept "
                        "(\"lunar samples\"), a date's event (\"launched\")"),
    "mentions": ("int64", "entity: number of mentions in the article; 1 for dates and quantities"),
    "sentence_text": ("string", "the sentence the fact comes from"),
    "entity_key": ("string", "entity: one key for the same entity in every article of a batch, to group "
                             "facts by (\"US\", \"U.S.\" and \"United States\" -> \"united states\")"),
    "mention_offsets": ("string", "entity: every mention in the article as start-end character offsets, "
                                  "space-separated (\"0-5 120-122\")"),
}
COLUMNS = list(SCHEMA)


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
        start, end = span.start_char + char_offset, span.end_char + char_offset
        paragraph = paragraph_of.get(span.start)
        row.update(article_id=article_id, fact_id=f"{kind[0]}{start}-{end}",
                   kind=kind, label=span.label_, text=span.text, start=start, end=end,
                   sentence=sent_index + sentence_offset,
                   paragraph=0 if paragraph is None else paragraph + paragraph_offset,
                   value=value, mentions=1,
                   sentence_text=sentences[sent_index].text.strip() if sentences else span.text)
        return row

    rows = []
    entities: dict[tuple[str, str], dict[str, Any]] = {}
    for span in doc.spans.get(ENTITIES, []):
        key = (span._.canonical, span.label_)
        offsets = f"{span.start_char + char_offset}-{span.end_char + char_offset}"
        if key in entities:
            entities[key]["mentions"] += 1
            entities[key]["mention_offsets"] += f" {offsets}"
            continue
        entities[key] = base(span, ENTITY, span._.canonical)
        entities[key].update(entity_key=span._.entity_key or name_key(span._.canonical),
                             mention_offsets=offsets)
        rows.append(entities[key])
    for span in doc.spans.get(TIMEX, []):
        timex = span._.timex
        row = base(span, DATE, timex["value"])
        row.update(modifier=timex.get("mod"), about=span._.about, number=timex.get("number"),
                   unit=timex.get("unit"), si_value=timex.get("si_value"),
                   si_unit="s" if timex.get("si_value") is not None else None)
        rows.append(row)
    for span in doc.spans.get(QUANTITIES, []):
        q = span._.quantity
        row = base(span, QUANTITY, quantity_value(q))
        row.update(number=q["value"], number_max=q["value_max"], unit=q["unit"],
                   si_value=q["si_value"], si_value_max=q["si_value_max"], si_unit=q["si_unit"],
                   modifier=q["modifier"], change=q.get("change"), about=span._.about)
        rows.append(row)
    order = {kind: i for i, kind in enumerate(KINDS)}
    rows.sort(key=lambda r: (r["start"], order[r["kind"]], r["end"]))
    return rows
