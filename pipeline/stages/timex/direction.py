"""Which way a clause looks, from the parse: forward, back, or neither.

"will meet on Friday", "is due to be published in May", "plans to open in June" look
forward; "met on Friday", "had said", "tried to escape on Monday" look back; "the budget goes
to council on 5 March" and a dateline take the nearest date. The words that decide it (the
auxiliaries, the verbs of planning) are the date grammar's cues.
"""

from __future__ import annotations

from typing import Callable, Optional

from spacy.tokens import Span, Token

from pipeline.language.lemmas import written_lemma

from .grammar import DateGrammar


def clause_direction(span: Span, grammar: DateGrammar,
                     lemma: Callable[[Token], str] = written_lemma) -> Optional[bool]:
    """Which way the clause of `span` looks: True forward, False back, None neither.

    span (Span): a temporal expression in a parsed document.
    grammar (DateGrammar): the grammar whose cue words decide.
    lemma (Callable[[Token], str]): a token's lemma (the pipeline's `Lemmas`).
    RETURNS (Optional[bool]): the direction for resolving a bare weekday or month.
    """
    cue = grammar.cue
    doc = span.doc
    # "Tuesday's ruling": a day named as the owner of an event speaks of one that has happened,
    # unless the clause says it will
    possessive = span.end < len(doc) and doc[span.end].tag_ == "POS"
    verb = span.root
    planned = False  # "figures due on Friday", "a vote expected in June"
    for _ in range(4):
        if verb.pos_ in {"VERB", "AUX"} or verb.dep_ == "ROOT":
            break
        verb = verb.head
        planned = planned or verb.lower_ in cue("planned_word")
    aux = {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
    if verb.dep_ == "conj":
        aux |= {c.lower_ for c in verb.head.children if c.dep_ in {"aux", "auxpass"}}
    negated = any(c.dep_ == "neg" for c in verb.children)
    if aux & cue("future_aux") or verb.lower_ in cue("forward_word"):
        return True
    if "had" in aux:
        return False
    before = span.doc[span.start - 1].lower_ if span.start else ""
    past_form = verb.tag_ == "VBD" or (verb.tag_ == "VBN" and verb.dep_ != "acl")  # not "30 mm forecast by"
    verb_lemma = lemma(verb).lower()
    if before in cue("until_word") and "had" not in aux and before != "by" and verb_lemma in cue("extending_lemma"):
        return True  # "extended the warning until Friday", "has been postponed until Saturday"
    if before in cue("until_word") and not aux & cue("past_aux") and not past_form:
        return True  # "30 mm forecast by Thursday", "stays open until Friday"
    if aux & cue("modal_aux") and not aux & {"have", "'ve"} and not negated:
        return True  # "could bring storms on Saturday"
    if planned or (verb_lemma in cue("planned_lemma") and verb.tag_ == "VBN" and not aux & {"was", "were"}):
        return True  # "scheduled for Oct. 15", "has been set for May 12", "is not expected before June"
    if "to" in aux:  # an infinitive: forward when planned, or when it says what a thing is for
        governor = verb.head
        if verb.dep_ in {"acl", "relcl", "advcl"} or lemma(governor).lower() in cue("future_lemma") \
                or {c.lower_ for c in governor.children if c.dep_ == "aux"} & {"going"}:
            governor_aux = {c.lower_ for c in governor.children if c.dep_ in {"aux", "auxpass"}}
            if governor_aux & {"had", "was", "were"} or governor.tag_ == "VBD":
                return None  # "had been due to open in mid-March": a plan seen from the past
            return True
        return False
    if aux & cue("past_aux") or verb.tag_ in {"VBD", "VBN"} or possessive:
        return False
    if verb.tag_ in {"VBZ", "VBP"} and lemma(verb) != "be" and not negated:
        return True  # a timetable: "they host Dundee Harp on Saturday"
    if verb.tag_ in {"VBZ", "VBP", "VBG", "VB"}:
        return None
    return None if verb.pos_ not in {"VERB", "AUX"} else False
