"""What a document says about its own units, read once per document: the scale of its bare
"degrees", the currency of its cents, and whether a temperature is a reading or a difference.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Optional

from spacy.tokens import Doc, Span

from pipeline.core.attrs import DATELINE

from .grammar import ANY_COUNTRY, QuantityGrammar, default_grammar
from .quantity import Quantity, round_value

#: how far before and after a temperature the words that make it a difference are looked for,
#: in characters: enough for "anomalies of" and "above the late 19th-century levels", and a
#: bound, so that a sentence of a thousand temperatures costs a thousand times one
BEFORE_REACH = 60
AFTER_REACH = 160


def temperature_scale(text: str, places: str = "", grammar: Optional[QuantityGrammar] = None) -> str:
    """The scale of a document's bare "degrees": the scale it names most (the first named, on
    a tie), else the custom of the country it reports from (quantities/customs.tsv: Fahrenheit
    in the US, Celsius elsewhere).

    text (str): the document's text.
    places (str): where the document reports from, e.g. its dateline ("FLAGSTAFF, Ariz. -").
    grammar (Optional[QuantityGrammar]): the units and customs; default: the installed language's.
    RETURNS (str): a temperature unit's name ("degree Fahrenheit", "degree Celsius").
    """
    grammar = grammar or default_grammar()
    counts: dict[str, int] = {}
    for m in grammar.pattern("temperature_mention").finditer(text):
        unit = grammar.units.by_word[(m.group("w") or m.group("v")).lower()].name
        counts[unit] = counts.get(unit, 0) + 1
    if counts:
        return max(counts, key=lambda unit: counts[unit])  # dicts keep the first named first
    for country, pattern in grammar.country_places.items():
        if pattern.search(places):
            return grammar.temperature_scales[country]
    return grammar.temperature_scales[ANY_COUNTRY]


def document_currency(text: str, codes: tuple[str, ...], grammar: Optional[QuantityGrammar] = None) -> str:
    """Which of the currencies `codes` a document means: the one it names most (by sign or name),
    the first of `codes` on a tie or when it names none. "71 cents" in a story of A$ is AUD.

    text (str): the document's text.
    codes (tuple[str, ...]): ISO codes, the default first ("USD", "AUD", ...).
    RETURNS (str): one of `codes`.
    """
    grammar = grammar or default_grammar()
    counts = dict.fromkeys(codes, 0)
    for m in grammar.currency_mention.finditer(text):
        code = grammar.units.currency_names.get(m.group(0).lower().rstrip("s")) or \
            grammar.units.currency_names.get(m.group(0).lower())
        if code in counts:
            counts[code] += 1
    return max(codes, key=lambda code: (counts[code], code == codes[0]))


def is_temperature_change(before: str, after: str, grammar: Optional[QuantityGrammar] = None) -> bool:
    """A temperature read as a difference, not a reading: "a rise of 1.5C", "2C warmer",
    "about 2.3C above late 19th-century levels"; "highs of 30C" and "fell to 11C" are readings.

    before (str): the sentence before the quantity (and its modifier).
    after (str): the sentence after it.
    """
    grammar = grammar or default_grammar()
    return bool(grammar.pattern("change_before").search(before[-BEFORE_REACH:])
                or grammar.pattern("change_after").match(after[:AFTER_REACH]))


def currency_minor(q: Quantity, code: str, per: str = "") -> Quantity:
    """ "71 cents" -> 0.71 in the currency `code` ("71 cents a share": 0.71 `code` per share)."""
    high = None if q.value_max is None else round_value(q.value_max / 100)
    return replace(q, si_value=round_value(q.value / 100), si_unit=code + per, si_value_max=high)


class DocContext:
    """What a document says about its own units: the scale of its bare "degrees" and the
    currency of its cents, worked out once and only when needed."""

    def __init__(self, doc: Doc, text: str, grammar: QuantityGrammar,
                 sentence_of: Callable[[int], tuple[int, int]]) -> None:
        """
        doc (Doc): the document.
        text (str): its text (Doc.text joins every token again on each call).
        grammar (QuantityGrammar): the units, customs and cue patterns.
        sentence_of (Callable): token index -> (start, end) token indices of its sentence.
        """
        self.doc = doc
        self.text = text
        self.grammar = grammar
        self.sentence_of = sentence_of
        self._scale: Optional[str] = None
        self._currencies: dict[tuple[str, ...], str] = {}
        self._change_sentences: set[int] = set()  # sentences with a temperature difference

    def currency(self, codes: tuple[str, ...]) -> str:
        if codes not in self._currencies:
            self._currencies[codes] = document_currency(self.text, codes, self.grammar)
        return self._currencies[codes]

    @property
    def scale(self) -> str:
        if self._scale is None:
            datelines = self.doc.spans.get(DATELINE, [])
            places = datelines[0].text if len(datelines) else self.text
            self._scale = temperature_scale(self.text, places, self.grammar)
        return self._scale

    def resolve(self, span: Span, q: Quantity) -> Quantity:
        """Fill in what the quantity alone cannot tell: bare degrees, differences, cents."""
        grammar = self.grammar
        minor, per = (q.unit or "").partition(" per ")[0], (q.unit or "").partition(" per ")[1:]
        if q.dimension == "currency" and minor in grammar.minor_units:
            codes = grammar.minor_units[minor]  # pence are GBP; cents are the document's
            return currency_minor(q, codes[0] if len(codes) == 1 else self.currency(codes), "".join(per))
        unit = grammar.units.units.get(q.unit or "")
        if q.dimension != "temperature" or unit is None:
            return q
        if unit.factor is None:  # "dropped to 14 degrees": the document's scale
            si_value, si_unit = grammar.units.to_si(q.value, self.scale)
            si_max = None if q.value_max is None else grammar.units.to_si(q.value_max, self.scale)[0]
            q = replace(q, unit=self.scale, si_value=si_value, si_unit=si_unit, si_value_max=si_max)
        sent_start, sent_end = self.sentence_of(span.start)
        doc, text = self.doc, self.text
        before = text[max(doc[sent_start].idx, span.start_char - BEFORE_REACH):span.start_char]
        end_char = doc[sent_end - 1].idx + len(doc[sent_end - 1].text)
        after = text[span.end_char:min(end_char, span.end_char + AFTER_REACH)]
        # "2.3C above ... levels, compared with roughly 1.3C": compared like with like
        change = is_temperature_change(before, after, grammar) or \
            sent_start in self._change_sentences and bool(grammar.pattern("compared_before").search(before))
        if not change:
            return q
        self._change_sentences.add(sent_start)
        scale = grammar.units.units[self.scale if unit.factor is None else unit.name]
        factor = scale.factor  # a difference: scaled to kelvin without the offset
        return replace(q, si_value=round_value(q.value * factor),
                       si_value_max=None if q.value_max is None else round_value(q.value_max * factor))
