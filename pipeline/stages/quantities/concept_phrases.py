"""The words a quantity's concept is made of, and the cue words it is read with: the concept's
phrase (a head noun with its adjectives, compounds and owner, `concept_phrase`), the tokens the
document's facts hold (`taken_tokens`), and the schema of ``quantities/concept_cues.tsv``; the
reading itself is `pipeline.stages.quantities.concept`."""

from __future__ import annotations

from typing import Collection, Iterable, NamedTuple, Optional

from spacy.tokens import Doc, Span, Token

from pipeline.core.attrs import DATELINE, ENTITIES, QUANTITIES, TIMEX
from pipeline.rules.resources import Column, register_schema

from .change import CHANGES

#: the roles of the concept's cue words (quantities/concept_cues.tsv)
CONCEPT_ROLES = ("through", "share", "holding_verb", "holder_verb", "payer_verb", "target_preposition", "elided",
                 "not_concept", "multiple", "fraction", "sum_preposition", "means", "pronoun", "measure_verb",
                 "interval_preposition")
CONCEPT_CUES = register_schema("quantities/concept_cues.tsv", Column("word"), Column("role", choices=CONCEPT_ROLES),
                               Column("examples", "list", required=False, default=()))
#: the tables the concept reads
CONCEPT_TABLES = (CONCEPT_CUES, CHANGES)

#: the dimension of ages (pipeline/quantities/phrases.py)
AGE = "age"
#: the date facts whose `about` is what lasts
DURATION = "DURATION"
#: the words of a noun's phrase that belong to its concept, before it
_BEFORE = {"amod", "compound", "nmod", "poss", "nummod"}
#: after a name, its number belongs to it ("the FTSE 100", "the S&P 500")
_NAME_NUMBER = {"nummod", "npadvmod", "appos"}
#: how a quantity modifies the noun after it ("200 people", "a 186-metre bridge")
_MODIFIES = {"nummod", "compound", "amod", "npadvmod", "quantmod", "nmod"}
#: dependencies through which a quantity reaches the verb whose subject it measures
_TO_VERB = {"dobj", "obj", "npadvmod", "advmod", "attr", "pobj", "prep", "acomp", "oprd", "nummod", "quantmod",
            "compound", "conj", "appos", "amod"}
#: the dependencies that make a quantity the verb's own object or complement, not an adjunct
_DIRECT = {"dobj", "obj", "attr", "oprd"}
_SUBJECTS = {"nsubj", "nsubjpass"}
_NOUNS = {"NOUN", "PROPN"}
#: how many heads up the verb may be ("fell to a record [12,384] megawatts": three)
_REACH = 5
#: how far a verb without a subject of its own hands over to the verb above it ("is expected to be")
_CLIMB = 4
#: how many lemmas the concept keeps
_LEMMA_CACHE = 20000


def concept_phrase(token: Token, after: int = 0, counted: Collection[int] = frozenset(),
                   dropped: frozenset[str] = frozenset()) -> str:
    """The concept a noun names: itself with its adjectives, compounds and owner (without "'s"),
    no determiner: "Apple's quarterly revenue" -> "Apple quarterly revenue".

    token (Token): the head noun.
    after (int): the phrase starts at or after this token index (not inside the quantity); the
        owner may stand before it ("the bridge's 14 deck sections" -> "bridge deck sections").
    counted (Collection[int]): the tokens of the document's quantities: they are other quantities,
        not part of the name ("14 of the 35 seats" -> seats; "the 4GB model" -> model; but "777 planes").
    dropped (frozenset[str]): words that are never part of a concept ("more", "such").
    RETURNS (str): the words, as written, joined by spaces.
    """
    words = []
    for child in token.lefts:
        if in_dateline(child) or (child.i < after and child.dep_ != "poss"):
            continue
        if child.dep_ in _BEFORE and child.lower_ not in dropped and not _other_number(child, counted):
            words.extend(w for w in child.subtree if (w.i >= after or child.i < after) and w.dep_ not in {"case", "det"}
                         and w.pos_ not in {"DET", "PRON"} and w.lower_ not in dropped
                         and (w.dep_ != "punct" or _inside_word(w)) and not _other_number(w, counted)
                         and not in_dateline(w))
        elif child.dep_ == "punct" and child.i >= after and _inside_word(child):  # "777-200LR"
            words.append(child)
    words.append(token)
    if token.pos_ == "PROPN":
        words.extend(c for c in token.rights if c.dep_ in _NAME_NUMBER and c.like_num)
    text, last = "", None
    for word in sorted(set(words), key=lambda w: w.i):  # as written: "same-store sales", "7-Eleven"
        glued = last is not None and word.i == last.i + 1 and not last.whitespace_
        text += word.text if glued or last is None else " " + word.text
        last = word
    return text


def in_dateline(token: Token) -> bool:
    """Whether `token` is a word of its document's dateline ("LONDON (Reuters) -"): where the story
    was filed, which the parser often makes the subject of the first verb, never a concept's word."""
    return any(line.start <= token.i < line.end for line in token.doc.spans.get(DATELINE, []))


def _other_number(token: Token, counted: Collection[int]) -> bool:
    """A word of another quantity ("the 35 seats", "the 4GB model"), or, where the quantities
    are not known, a number that does not follow a name ("the STOXX 600 index")."""
    if counted:
        return token.i in counted
    return token.like_num and token.dep_ == "nummod" and not (token.i > 0 and token.doc[token.i - 1].pos_ == "PROPN")


def _inside_word(token: Token) -> bool:
    """A hyphen inside a word: "kerosene-fuelled", "pan-European"."""
    doc = token.doc
    return token.i > 0 and not doc[token.i - 1].whitespace_ and not token.whitespace_ and token.i + 1 < len(doc)


def _entity_text(token: Token) -> str:
    """The entity `token` is part of, by its canonical name ("Moreno" -> "Isabel Moreno")."""
    for entity in token.doc.spans.get(ENTITIES, []):
        if entity.start <= token.i < entity.end:
            return entity._.canonical or entity.text
    return token.text


def _noun(token: Token) -> bool:
    return token.pos_ in _NOUNS or (token.dep_ == "pobj" and token.tag_ in {"VBN", "JJ"})


class Taken(NamedTuple):
    """A document's facts and their tokens, which are never another fact's concept."""

    quantities: tuple[Span, ...]  # in document order
    counted: dict[int, Span]  # a quantity's token -> its quantity
    dated: dict[int, Span]  # a date's token -> its date


def taken_tokens(doc: Doc, quantities: Optional[Iterable[Span]] = None, dates: Optional[Iterable[Span]] = None) -> Taken:
    """The document's quantities and dates (`doc.spans`, unless given) by their tokens."""
    quantities = tuple(doc.spans.get(QUANTITIES, []) if quantities is None else quantities)
    dates = tuple(doc.spans.get(TIMEX, []) if dates is None else dates)
    return Taken(quantities, {i: span for span in quantities for i in range(span.start, span.end)},
                 {i: span for span in dates for i in range(span.start, span.end)})
