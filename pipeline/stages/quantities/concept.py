"""What a quantity describes, its concept (``about``), from the dependency parse, by the ordered
rule of GUIDELINES.md section 3: "N unit of X" -> X ("1,935.3 grams of lunar samples"); N with a
noun -> that noun ("200 people", "a 186-metre bridge", "a loss of $2bn"); the subject of the
change or level it is ("Apple's revenue rose 5%" -> "Apple revenue", "the FTSE 100 fell 1.8%",
"Inflation was 2.4%"); else nothing. A concept is the head noun with its adjectives and
compounds and its owner without "'s", and no determiner.
"""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Span, Token

from pipeline.core.attrs import ENTITIES

#: the dimension of ages (pipeline/quantities/phrases.py)
AGE = "age"
#: the words of a noun's phrase that belong to its concept, before it
_BEFORE = {"amod", "compound", "nmod", "poss", "nummod"}
#: after a name, its number belongs to it ("the FTSE 100", "the S&P 500")
_NAME_NUMBER = {"nummod", "npadvmod", "appos"}
#: dependencies through which a quantity reaches the verb whose subject it measures
_TO_VERB = {"dobj", "obj", "npadvmod", "advmod", "attr", "pobj", "prep", "acomp", "oprd", "nummod", "quantmod",
            "compound", "conj", "appos", "amod"}
_SUBJECTS = {"nsubj", "nsubjpass"}
#: how many heads up the verb may be ("fell to a record [12,384] megawatts": three)
_REACH = 5


def concept_phrase(token: Token, after: int = 0) -> str:
    """The concept a noun names: itself with its adjectives, compounds and owner (without "'s"),
    no determiner: "Apple's quarterly revenue" -> "Apple quarterly revenue".

    token (Token): the head noun.
    after (int): the phrase starts at or after this token index (not inside the quantity).
    RETURNS (str): the words, as written, joined by spaces.
    """
    words = []
    for child in token.lefts:
        name_number = child.i > 0 and token.doc[child.i - 1].pos_ == "PROPN"  # "the STOXX 600 index"
        if child.i >= after and child.dep_ in _BEFORE and not (child.like_num and child.dep_ == "nummod"
                                                               and not name_number):
            words.extend(w for w in child.subtree if w.i >= after and w.dep_ not in {"case", "det"}
                         and w.pos_ not in {"DET", "PRON"} and (w.dep_ != "punct" or _inside_word(w)))
    words.append(token)
    if token.pos_ == "PROPN":
        words.extend(c for c in token.rights if c.dep_ in _NAME_NUMBER and c.like_num)
    text, last = "", None
    for word in sorted(set(words), key=lambda w: w.i):  # as written: "same-store sales", "7-Eleven"
        glued = last is not None and word.i == last.i + 1 and not last.whitespace_
        text += word.text if glued or last is None else " " + word.text
        last = word
    return text


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
    return token.pos_ in {"NOUN", "PROPN"} or (token.dep_ == "pobj" and token.tag_ in {"VBN", "JJ"})


def quantity_concept(span: Span) -> Optional[str]:
    """What the quantity `span` measures or counts, or None when the parse does not say.

    span (Span): a quantity's span in a parsed document.
    RETURNS (Optional[str]): the concept as words of the sentence ("lunar samples").
    """
    root = span.root
    if span.label_ == AGE:  # "Isabel Moreno, 28": the person; an age group ("the over-75s"): nothing
        before = span.doc[span.start - 2] if span.start >= 2 and span.doc[span.start - 1].text == "," else None
        return before.ent_type_ and _entity_text(before) if before is not None and before.ent_type_ == "PERSON" \
            else None
    # "1,935.3 grams of lunar samples", "14 of the 35 seats", "one of the injured"
    for token in span:
        for child in token.rights:
            if child.dep_ == "prep" and child.lower_ == "of" and child.i >= span.end - 1:
                objects = [c for c in child.children if c.dep_ == "pobj" and _noun(c)]
                if objects:
                    return concept_phrase(objects[0], after=child.i + 1)
    # "200 people", "a 186-metre bridge": the quantity modifies a noun after it
    for token in span:
        head = token.head
        if token.dep_ in {"nummod", "compound", "amod", "npadvmod", "quantmod", "nmod"} and head.i >= span.end \
                and head.pos_ in {"NOUN", "PROPN"}:
            return concept_phrase(head, after=span.end)
    # "a rise of 5%", "rainfall of 20 mm": the noun the quantity is "of"
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ in {"NOUN", "PROPN"} \
            and root.head.head.i < span.start:
        return concept_phrase(root.head.head)
    # "Apple's revenue rose 5%", "Inflation was 2.4%": the subject of the change or level
    token = root
    for _ in range(_REACH):
        if token.dep_ not in _TO_VERB or token.head.i == token.i:
            return None
        token = token.head
        if token.pos_ in {"VERB", "AUX"}:
            subjects = [c for c in token.children if c.dep_ in _SUBJECTS and c.pos_ in {"NOUN", "PROPN"}
                        and not (span.start <= c.i < span.end)]
            return concept_phrase(subjects[0]) if subjects else None
    return None
