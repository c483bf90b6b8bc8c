"""The ``quantity_tagger`` component: quantities in a parsed document.

Candidates are number tokens that are not part of a name ("Chang'e 6"), a date, an ordinal, a
score or an address; each candidate's short window is read by the ``QuantityNormalizer``, with
the modifier before it ("about") and a range it closes ("between 3 and 5 km"). Phrases that
quantulum3 misreads come from the phrase patterns; ages, bare degrees, cents and temperature
differences from ``NumberUses`` and the document's context. Every step looks at a bounded
stretch of text around its number, so the cost grows with the text, not with its square.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.core.attrs import QUANTITIES, TIMEX, name_spans
from pipeline.language.lemmas import Lemmas
from pipeline.rules.component import RuleComponent
from pipeline.rules.guard import guarded
from pipeline.rules.resources import Resources

from .context import DocContext
from .counts import Counted, CountReader
from .grammar import NEGATED, QuantityGrammar, read_phrases
from .normalize import QuantityNormalizer
from .quantity import Quantity, round_value
from .quantulum import REGEXES
from .ranges import join_ranges
from .starts import number_starts

#: parts of speech that end the window of a number's unit ("5 per cent in August")
_STOP_POS = {"ADP", "DET", "CCONJ", "SCONJ", "PRON", "VERB", "AUX", "PART"}
#: a house number before a building's name ("48 Canal Street")
_HOUSE_NUMBER = re.compile(r"\d{1,5}[A-Za-z]?")


class Sentences:
    """The sentence of each token, found once per document (spaCy's `token.sent` walks the
    sentence again on every call, which costs a sentence's length per number)."""

    def __init__(self, doc: Doc) -> None:
        self.start = [0] * len(doc)
        self.end = [0] * len(doc)
        for sent in doc.sents:
            for i in range(sent.start, sent.end):
                self.start[i], self.end[i] = sent.start, sent.end

    def __call__(self, i: int) -> tuple[int, int]:
        """(start, end) token indices of the sentence of token `i`."""
        return self.start[i], self.end[i]


class QuantityTagger(RuleComponent):
    """Find quantities in a parsed document and normalise each to SI units."""

    resource_folders = ("lexicon", "units", "quantities")

    def __init__(self, nlp: Language, name: str = "quantity_tagger", *, window: int = 6,
                 counts: bool = True) -> None:
        """
        nlp (Language): the pipeline this component belongs to.
        name (str): the component's name in the pipeline.
        window (int): tokens after the number that may hold its unit.
        counts (bool): also report counts of things ("200 people") with dimension "count".
        """
        super().__init__(nlp, name)
        self.window = window
        self.counts = counts
        self.lemma = Lemmas(nlp)
        self.grammar: Optional[QuantityGrammar] = None
        self.normalizer: Optional[QuantityNormalizer] = None
        self.regexes = REGEXES  # quantulum3's, which are process-wide as quantulum3 is
        self._unit_words: dict[str, bool] = {}

    def load_resources(self, resources: Resources) -> None:
        self.grammar = QuantityGrammar(resources)
        self.normalizer = QuantityNormalizer(self.grammar)
        #: the dimensions whose quantities are durations, which the date stage owns
        self.date_dimensions = frozenset(u.dimension for u in self.grammar.units.units.values() if u.iso)
        self.count_reader = CountReader(self.grammar, self.lemma, self._unit_word)

    def compile_regexes(self) -> None:
        """quantulum3's large regexes, which it compiles on its first text (their code is saved)."""
        self.grammar.quantulum.compile_regexes()

    @guarded(QUANTITIES)
    def __call__(self, doc: Doc) -> Doc:
        """Write `doc.spans["quantities"]`, each span labelled with its dimension.

        doc (Doc): a parsed document, after the entity and temporal stages.
        RETURNS (Doc): the same document with `span._.quantity` set on each quantity span.
        """
        self.require_resources()
        text = doc.text  # Doc.text joins every token again on each call
        sentences = Sentences(doc)
        starts, digits = number_starts(doc, text, self.grammar.currency_signs, self.grammar.cues["negative"])
        blocked = self._blocked(doc, text, starts, digits)
        phrases = self._phrases(doc, text, blocked, sentences)
        context = DocContext(doc, text, self.grammar, sentences)
        spans: list[Span] = []
        modifiers: list[Optional[str]] = []  # each span's modifier
        counts: list[Counted] = []  # the counts so far, for those that leave their noun out
        done = 0  # the tokens before this are read
        for i in sorted(phrases.keys() | starts):
            if i < done:
                continue
            if i in phrases:
                span, quantity = phrases[i]
                spans.append(self._span(span, quantity))
                modifiers.append(quantity.modifier)
                done = span.end
                continue
            token = doc[i]
            found = None if i in blocked or not self._is_number(token) else self._read(doc, token, blocked, sentences, counts)
            if found is None:
                continue
            span, quantity = found
            if spans and spans[-1].end == span.start and quantity.modifier is None:
                joined = self._compound(spans[-1], span, quantity)
                if joined is not None:
                    spans.pop()
                    modifiers.pop()
                    span, quantity = joined  # "6ft 2in"
            if quantity.modifier is None:
                span, quantity = self._modifier_after(span, quantity, sentences(span.start)[1])
            if quantity.modifier is None and spans and modifiers[-1] not in (None, "RANGE"):
                if self._shared_modifier(spans[-1], span):
                    quantity = replace(quantity, modifier=modifiers[-1])
            quantity = context.resolve(span, quantity)
            spans.append(self._span(span, quantity))
            modifiers.append(quantity.modifier)
            done = span.end
        doc.spans[QUANTITIES] = join_ranges(spans, self.grammar, self.lemma, self._span)  # "between $12 million and $20 million"
        return doc

    def _span(self, span: Span, quantity: Quantity) -> Span:
        """The quantity's span, labelled with its dimension, with the change its sentence gives it."""
        labelled = Span(span.doc, span.start, span.end, label=quantity.dimension)
        labelled._.quantity = replace(quantity, change=self.grammar.changes.change(labelled, self.lemma)).as_dict()
        return labelled

    def _blocked(self, doc: Doc, text: str, starts: set[int], digits: dict[int, tuple[int, int]]) -> set[int]:
        """Tokens whose numbers are not quantities: names, dates, house numbers, scores."""
        blocked = set()
        amount_name = self.grammar.pattern("amount_name")
        for span in list(name_spans(doc)) + list(doc.spans.get(TIMEX, [])):
            if span.label_ not in self.grammar.date_labels and (
                    amount_name.fullmatch(span.text) or self.grammar.starts_currency_name(text, span.start_char, span.end_char)):
                continue  # "USD25m" taken for an organisation, "2.8 M" for a product: amounts
            blocked.update(range(span.start, span.end))
        for span in name_spans(doc):  # "48 Canal Street": a house number is part of the address
            if span.label_ == "FAC" and span.start > 0 and _HOUSE_NUMBER.fullmatch(doc[span.start - 1].text):
                blocked.add(span.start - 1)
        for i in starts:
            if i + 1 < len(doc) and doc[i + 1].lower_ in self.grammar.cues["address_noun"] and doc[i].like_num:
                blocked.add(i)  # "the 2400 block of North Pinecrest Drive"
        for match in self.grammar.uses.score.finditer(text):
            score = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if score is not None:
                blocked.update(range(score.start, score.end))
        blocked.update(self.grammar.uses.story_names(doc, text, digits, self._unit_word))  # "Boeing 787" ... "the 787 offers"
        return blocked

    def _phrases(self, doc: Doc, text: str, blocked: set[int],
                 sentences: Sentences) -> dict[int, tuple[Span, Quantity]]:
        """The phrase patterns' quantities, by first token, with a modifier before them."""
        phrases = {}
        for start, end, quantity in read_phrases(text, self.grammar):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or any(j in blocked for j in range(span.start, span.end)):
                continue
            modifier, mod_start = self._modifier(doc, span.start, sentences(span.start)[0])
            if modifier and quantity.modifier is None:
                quantity, span = replace(quantity, modifier=modifier), doc[mod_start:span.end]
            if quantity.dimension == "count" and quantity.unit is None:  # "dozens of firefighters": firefighter
                counted = [g for c in doc[span.end:span.end + 1] if c.lower_ in self.grammar.cues["partitive"]
                           for g in c.children if g.dep_ == "pobj"] or \
                    [h for h in (span[-1].head,) if h.i >= span.end and h.pos_ == "NOUN"]  # "a few hundred fans"
                if counted:
                    quantity = replace(quantity, unit=self.count_reader.unit_of(counted[0]))
            phrases[span.start] = span, quantity
            blocked.update(range(span.start, span.end))
        return phrases

    def _is_number(self, token: Token) -> bool:
        grammar = self.grammar
        if token.ent_type_ == "ORDINAL" or token.lower_ in grammar.uses.pronouns and token.dep_ != "nummod":
            return False
        if token.i + 1 < len(token.doc) and not token.whitespace_ and \
                grammar.pattern("numbered_name").fullmatch(token.text + token.nbor().text):
            return False  # "5G networks"
        if token.like_num or grammar.pattern("number_token").fullmatch(token.text):
            return not grammar.uses.in_name(token) and not grammar.uses.not_counting(token)
        return (token.text in grammar.currency_signs or token.lower_ in grammar.cues["negative"]) \
            and token.i + 1 < len(token.doc) and \
            (token.nbor().like_num or bool(grammar.pattern("number_token").fullmatch(token.nbor().text)))

    def _read(self, doc: Doc, token: Token, blocked: set[int], sentences: Sentences,
              counts: list[Counted]) -> Optional[tuple[Span, Quantity]]:
        cues = self.grammar.cues
        sent_start, sent_end = sentences(token.i)
        start = token.i
        end = self._window_end(doc, start, blocked, sent_end)
        modifier, mod_start = self._modifier(doc, start, sent_start)
        low = None
        range_start = None
        # "between 3 and 5 km", "from 20 to 25 degrees", "3 to 5 km", "3-5 km", "from $41 to $47"
        signed = token.text in self.grammar.currency_signs and start + 1 < sent_end  # "$" "41"
        after = start + 2 if signed else start + 1
        nxt = doc[after] if after < sent_end else None
        if nxt is not None and nxt.lower_ in cues["range"] | cues["paired_range"] and after + 1 < sent_end \
                and self._is_number(doc[after + 1]) and after + 1 not in blocked:
            opener = doc[start - 1].lower_ if start > sent_start else ""
            compound_word = token.is_alpha and nxt.text in cues["range"] and not nxt.is_alpha  # "Twenty-three"
            # "fell from 9,000 to 7,500": under a change, the level it left and the level it reached
            left_and_reached = (opener in cues["change_from"] or signed and opener in cues["change_preposition"]) and \
                self.grammar.changes.related(doc[after - 1:after], self.lemma)  # "cut by $150 to $249": a change, a level
            if (nxt.lower_ not in cues["paired_range"] or opener in cues["paired_opener"]) and not compound_word \
                    and not left_and_reached:
                low = doc[start:after].text
                range_start = start - 1 if opener in cues["range_opener"] else start
                start = after + 1
                end = self._window_end(doc, start, blocked, sent_end)
        window = doc[start:end]
        age = self.grammar.uses.age(token) if low is None else None
        if age is not None:  # "22-year-old", "aged 48", "Sheila Ambrose, 68,", "in her 30s"
            if age.written_with_unit and modifier:  # "around 3 years of age"
                return doc[mod_start:age.end], Quantity(age.value, age.unit, "age", None, None, modifier)
            return doc[age.start:age.end], Quantity(age.value, age.unit, "age", None, None, age.modifier, age.value_max)
        result = self.normalizer(window.text, modifier if low is None else None, low)
        if result is None:
            number = self.grammar.lexicon.parse_number(token.text) if low is None and (token.is_alpha or token.is_digit) \
                else None
            if number is None:
                return None
            # a number that quantulum3 leaves alone: "one lane", "five", "24" before "A320s"
            result = Quantity(number, None, "count", number, None, modifier), len(token.text)
        quantity, length = result
        if quantity.dimension in self.date_dimensions:
            return None
        span = doc.char_span(window.start_char, window.start_char + length, alignment_mode="expand")
        if span is None or span.end > end:
            span = doc[start:max(start + 1, min(end, start + 1))]
        if quantity.dimension == "count":
            counted = self.count_reader.read(doc, token, start, end, span, sentences, counts) if self.counts else None
            if counted is None:
                return None
            read, span = span, counted[0]
            while span.end < read.end and "/" in doc[span.end].text and doc[span.end].like_num:
                span = doc[span.start:span.end + 1]  # "2 1/2 times": the fraction is the number's
            if quantity.unit is None:
                quantity = replace(quantity, unit=counted[1])
        first = range_start if range_start is not None else (mod_start if low is None else start)
        if first is None:
            first = span.start
        return doc[min(first, span.start):span.end], quantity

    def _unit_word(self, word: str) -> bool:
        """Whether `word` after a number is a unit ("GB", "MW"), as the normalizer reads it."""
        if word not in self._unit_words:
            if len(self._unit_words) > 4096:
                self._unit_words.clear()
            found = self.normalizer(f"2 {word}", None, None)
            self._unit_words[word] = found is not None and found[0].dimension != "count" and found[1] > 2
        return self._unit_words[word]

    def _compound(self, first: Span, second: Span, quantity: Quantity) -> Optional[tuple[Span, Quantity]]:
        """ "6ft 2in": two units of a compound (quantities/compound_units.tsv) as one measure."""
        q = first._.quantity
        if (q["unit"], quantity.unit) not in self.grammar.compounds:
            return None
        units = self.grammar.units.units
        ratio = units[quantity.unit].factor / units[q["unit"]].factor
        merged = Quantity(q["value"] + quantity.value * ratio, q["unit"], q["dimension"],
                          round_value(q["si_value"] + quantity.si_value), q["si_unit"], q["modifier"])
        return first.doc[first.start:second.end], merged

    def _window_end(self, doc: Doc, start: int, blocked: set[int], sent_end: int) -> int:
        """End of the tokens after a number that may spell its unit ("km per hour").

        Function words end it, so that "5 per cent in August" is not read as inches.
        """
        cues, symbols = self.grammar.cues, self.grammar.tables["temperature_symbol"]
        end = min(sent_end, start + self.window)
        for j in range(start + 1, end):
            token = doc[j]
            if j == start + 1 and doc[start].whitespace_ and doc[start].text.isdigit() and "/" not in token.text \
                    and any(ch.isdigit() for ch in token.text) and token.lower_ not in self.grammar.units.by_word:
                return j  # "18 777s", "12 E195s": a count of a model, not 18,777 or 12e195 (but "2 1/2", "5 m2")
            glued = j == start + 1 and not doc[start].whitespace_  # "2in": the unit, not "in"
            unit = self.grammar.units.by_word.get(doc[j - 1].lower_)
            scale = token.lower_ in symbols and unit is not None and unit.dimension == "temperature" \
                and unit.factor is None  # "degrees Celsius": a bare degree, then its scale
            by_word = self.grammar.units.by_word  # a unit of two words the parser tags apart: "sq m"
            mistagged_unit = (j + 1 < end and f"{token.lower_} {doc[j + 1].lower_}" in by_word) or \
                (j - 1 > start and f"{doc[j - 1].lower_} {token.lower_}" in by_word)
            scale = scale or j in blocked and self.grammar.in_rate(doc, j, start)  # "barrels [a day]": a SET, and the rate's
            if j in blocked and not scale or (token.pos_ in _STOP_POS and token.lower_ not in cues["unit_glue"]
                                              and doc[j - 1].lower_ not in cues["per"] and not glued
                                              and not mistagged_unit):
                return j
        return end

    def _modifier(self, doc: Doc, i: int, sent_start: int) -> tuple[Optional[str], Optional[int]]:
        """The modifier right before token `i` in its sentence ("more than 200", "no higher than
        10,000": a bound turned by a negation), and where it starts."""
        if i <= sent_start:
            return None, None
        for words, code, n in self.grammar.modifiers_by_last.get(doc[i - 1].lower_, ()):
            if i - n >= sent_start and doc[i - n:i].text.lower() == words:
                negation = doc[i - n - 1] if i - n > sent_start else None
                if negation is not None and negation.lower_ in self.grammar.cues["negation"] and code in NEGATED:
                    # "no higher than" is one phrase; "no higher than 10,000 nor further than 100 miles": "nor" joins
                    return NEGATED[code], i - n if negation.pos_ == "CCONJ" else i - n - 1
                return code, i - n
        return None, None

    def _modifier_after(self, span: Span, quantity: Quantity, sent_end: int) -> tuple[Span, Quantity]:
        """A quantity with the modifier that follows it ("$20 or more"), unless a number follows
        that (then it bounds the number: "3 goals and over 50 shots")."""
        doc = span.doc
        if span.end >= sent_end:
            return span, quantity
        for words, code, n in self.grammar.modifiers_after.get(doc[span.end].lower_, ()):
            end = span.end + n
            if end <= sent_end and doc[span.end:end].text.lower() == words and \
                    not (end < sent_end and (self._is_number(doc[end]) or doc[end].text in self.grammar.currency_signs)):
                return doc[span.start:end], replace(quantity, modifier=code)
        return span, quantity

    def _shared_modifier(self, previous: Span, span: Span) -> bool:
        """Whether this quantity shares the modifier of the one before: it converts it in brackets
        ("less than 3 lbs (1.36 kg)") or is its alternative ("up to 160GB or 40,000 songs")."""
        doc = span.doc
        if span.start > 0 and doc[span.start - 1].text == "(" and previous.end == span.start - 1:
            return True
        token = span.root
        if token.dep_ == "nummod" and not span.start <= token.head.i < span.end:
            token = token.head  # "40,000 songs"
        if token.dep_ != "conj":
            return False
        first, counted = token.head, previous.root.head if previous.root.dep_ == "nummod" else None
        if not previous.start <= first.i < previous.end and (counted is None or first.i != counted.i):
            return False
        return any(c.dep_ == "cc" and c.lower_ in self.grammar.cues["shared_modifier"] for c in first.children)

@Language.factory(
    "quantity_tagger",
    assigns=["doc.spans"],
    requires=["token.dep", "doc.sents"],
    default_config={"window": 6, "counts": True},
)
def make_quantity_tagger(nlp: Language, name: str, window: int, counts: bool) -> QuantityTagger:
    """Build the quantity tagger; settings come from the pipeline config."""
    return QuantityTagger(nlp, name, window=window, counts=counts)
