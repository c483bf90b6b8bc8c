"""What a count counts: the counted noun of a number and its unit, the noun's lemma ("300
workers": worker), read from the parse; and, for a bare number, the noun its sentence leaves out
("4,300 jobs in France, 3,700 in Germany", "sales will exceed 700", "25,000 others"), as the
guidelines restore it from the same sentence or the one before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

from spacy.tokens import Doc, Span, Token

from pipeline.language.lemmas import Lemmas

from .grammar import QuantityGrammar

#: token index -> (start, end) token indices of its sentence
SentenceOf = Callable[[int], tuple[int, int]]
#: how far after a number, and past which tags, the plural it counts is looked for when the parse
#: did not join them ("149 confirmed orders")
_PLURAL_REACH = 3
_BEFORE_PLURAL = {"JJ", "JJR", "VBN", "HYPH"}
#: the most lemmas of plural names kept ("Macs": mac)
_NOUN_LEMMAS = 4096


@dataclass(frozen=True)
class Counted:
    """A count found in a document, kept for the counts after it that leave their noun out."""

    sent_start: int
    unit: str  # the counted noun's lemma
    verb: str  # the lemma of the verb whose object it is ("" if none)
    before_prep: bool  # a preposition follows its noun ("4,300 jobs in France")


class CountReader:
    """Reads what the counts of one language count."""

    def __init__(self, grammar: QuantityGrammar, lemma: Lemmas, unit_word: Callable[[str], bool]) -> None:
        """
        grammar (QuantityGrammar): the cue words, units and number uses.
        lemma (Lemmas): lemmas on demand.
        unit_word (Callable): whether a word after a number is a unit ("256 GB").
        """
        self.grammar = grammar
        self.lemma = lemma
        self.unit_word = unit_word
        self._noun_lemmas: dict[str, str] = {}

    def read(self, doc: Doc, token: Token, start: int, end: int, span: Span, sentences: SentenceOf,
             counts: list[Counted]) -> Optional[tuple[Span, Optional[str]]]:
        """The span of a count of things and its unit, the counted noun's lemma ("300 workers":
        worker; "14 of the 35 seats": seat; "one of the injured": injured); a bare number when its
        sentence gives it a change ("doubled to 600") or the noun it leaves out (`_left_out`); None
        when nothing is counted ("junctions 23 and 24"). `counts` are the counts before it, and
        this one is added to them."""
        grammar = self.grammar
        span = doc[start:start + 1] if span.end - span.start <= 1 or not token.is_alpha else span
        while span.end < end and (doc[span.end].lower_ in grammar.scale_multipliers or
                                  doc[span.end].lower_ in grammar.lexicon.suffixes and not doc[span.end - 1].whitespace_
                                  or doc[span.end].lower_ in grammar.lexicon.suffixes.keys() - {"k"}
                                  and doc[span.end].text.isupper()):  # "200 million", "7 B people"
            span = doc[span.start:span.end + 1]
        number = doc[span.end - 1] if doc[span.end - 1].dep_ == "nummod" else doc[start]
        partitive = grammar.cues["partitive"]
        head = number.head
        uses = grammar.uses
        of_counted = [g for c in number.children if c.dep_ == "prep" and c.lower_ in partitive
                      for g in c.children if g.dep_ == "pobj" and (g.tag_ in {"NNS", "NNPS"} or self._nominal(g)
                                                                   or uses.model_plural(g))]
        collective = number.dep_ == "pobj" and head.lower_ in partitive and head.head.pos_ == "NOUN" \
            and head.head.i < start and not head.head.like_num
        counted = head if number.dep_ == "nummod" else head.head if head.dep_ == "nummod" \
            and head.head.pos_ == "NOUN" else of_counted[0] if of_counted else None
        if counted is None and not collective:  # "149 confirmed orders" parsed apart: the plural right after it
            counted = self._plural_after(doc, span, sentences(start)[1])
        if counted is None and not collective:
            left_out = self._left_out(doc, number, span, sentences, counts)
            if left_out is not None:
                return span, left_out
            changed = number.dep_ in {"pobj", "dobj", "quantmod", "attr"} and grammar.changes.related(span, self.lemma)
            return (span, None) if changed else None  # a bare number with nothing counted
        if counted is not None and counted.i < start:
            return None  # "junctions 23 and 24", "reference 231": identifiers, not counts
        if counted is not None and counted.i == span.end and uses.before_name(number, self.unit_word):
            return None  # "the 787 Dreamliner": a model's number, not a count of Dreamliners
        if counted is None:
            return span, None
        if counted.lower_ in grammar.cues["stand_in"]:  # "25,000 others": the noun counted before
            before = self._counted_before(sentences, span.start, counts, previous=True)
            return span, before.unit if before is not None else None
        unit = uses.model_plural(counted) or self.unit_of(counted)
        after = doc[counted.i + 1] if counted.i + 1 < len(doc) else None
        verb = self.lemma(counted.head).lower() if counted.dep_ in {"dobj", "attr"} else ""
        counts.append(Counted(sentences(start)[0], unit, verb, after is not None and after.pos_ == "ADP"))
        per = grammar.pattern("per_thing").match(doc[counted.i + 1:counted.i + 4].text) if counted.i == span.end else None
        if per is not None:  # "22.1 points per game"
            thing = per.group("per").lower()
            unit = f"{unit} per {grammar.units.by_word[thing].name if thing in grammar.units.by_word else thing}"
        return span, unit

    def unit_of(self, token: Token) -> str:
        """A counted noun's unit: its lemma, lowercase ("workers": worker, "people": person, "Macs":
        mac); an adjective used as a noun as written ("the injured")."""
        word = token.lower_
        if word in self.grammar.counted_lemmas:
            return self.grammar.counted_lemmas[word]
        if token.tag_ == "NNPS":  # "13.7 million Macs": a plural name counts its singular, lowercase
            if word not in self._noun_lemmas:
                if len(self._noun_lemmas) > _NOUN_LEMMAS:
                    self._noun_lemmas.clear()
                noun = Doc(self.lemma.nlp.vocab, words=[word], pos=["NOUN"], tags=["NNS"])
                self._noun_lemmas[word] = self.lemma(noun[0]).lower()
            return self._noun_lemmas[word]
        return self.lemma(token).lower() if token.pos_ in {"NOUN", "PROPN"} else word

    @staticmethod
    def _nominal(token: Token) -> bool:
        """ "the injured", "the dead": an adjective or participle used as a plural noun."""
        return token.tag_ in {"VBN", "JJ"} and any(c.dep_ == "det" for c in token.children)

    @staticmethod
    def _plural_after(doc: Doc, span: Span, sent_end: int) -> Optional[Token]:
        """The plural noun right after a number, past adjectives and participles ("149 confirmed
        orders"), where the parse did not join them; None if another word comes first."""
        for j in range(span.end, min(sent_end, span.end + _PLURAL_REACH)):
            token = doc[j]
            if token.tag_ in {"NNS", "NNPS"}:
                return token
            if token.tag_ not in _BEFORE_PLURAL:
                return None
        return None

    @staticmethod
    def _counted_before(sentences: SentenceOf, i: int, counts: list[Counted], previous: bool = False,
                        verb: Optional[str] = None) -> Optional[Counted]:
        """The last count before token `i` in its sentence (or, with `previous`, the sentence
        before), with the verb `verb` if given."""
        sent_start = sentences(i)[0]
        first = sentences(sent_start - 1)[0] if previous and sent_start > 0 else sent_start
        for count in reversed(counts):
            if count.sent_start < first:
                return None
            if verb is None or count.verb == verb:
                return count
        return None

    def _left_out(self, doc: Doc, number: Token, span: Span, sentences: SentenceOf,
                  counts: list[Counted]) -> Optional[str]:
        """The noun a bare number counts, left out of its phrase; None if none is found.

        - a list that goes on from a count: "4,300 jobs in France, 3,700 in Germany and 400 in Spain";
        - the level a plural subject reaches: "sales will exceed 700", "the number of cars hit 400 million";
        - the object of a verb after a count in its sentence or the one before, the same verb's
          first: "the 787-8 holds 250 passengers; the 787-9 holds 290", "ANA have ordered 55".
        """
        cues, uses = self.grammar.cues, self.grammar.uses
        if uses.is_year(number.text):
            return None
        top = number
        while top.dep_ in {"compound", "quantmod", "nummod"} and span.start <= top.head.i < span.end:
            top = top.head  # "400 million": the phrase's head
        before = doc[span.start - 1] if span.start > 0 else None
        after = doc[span.end] if span.end < len(doc) else None
        if before is not None and before.lower_ in cues["list_joint"] and after is not None and after.pos_ == "ADP":
            count = self._counted_before(sentences, span.start, counts)
            if count is not None and count.before_prep:
                return count.unit
        if top.dep_ not in {"dobj", "attr"}:
            return None
        verb = self.lemma(top.head).lower()
        if verb in cues["level_verb"]:
            subject = self._subject(top.head)
            if subject is not None:
                return self.unit_of(subject)
        count = self._counted_before(sentences, span.start, counts, previous=True, verb=verb)
        if count is None and top.dep_ == "dobj":
            count = self._counted_before(sentences, span.start, counts, previous=True)
        return count.unit if count is not None else None

    def _subject(self, verb: Token) -> Optional[Token]:
        """The plural noun a level verb's subject counts: "sales" (will exceed), "cars" (the number
        of cars was on track to hit); None if the subject is no plural noun."""
        for _ in range(3):
            subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
            if subjects:
                break
            if verb.dep_ not in {"xcomp", "ccomp", "conj", "advcl"}:
                return None
            verb = verb.head
        else:
            return None
        subject = subjects[0]
        if subject.lower_ in self.grammar.cues["amount_of"]:
            counted = [g for c in subject.children if c.dep_ == "prep" and c.lower_ in self.grammar.cues["partitive"]
                       for g in c.children if g.dep_ == "pobj"]
            subject = counted[0] if counted else subject
        return subject if subject.tag_ in {"NNS", "NNPS"} else None
