"""The rules that tidy one mention of the entity stage: leading articles, role words and
possessives trimmed, a kind noun that splits two names, news conventions that settle a label
(a dateline's place, an organisation word at the end), names that are only a common word at a
sentence's start, wire services in a dateline's brackets."""

from __future__ import annotations

import re
from typing import Callable, Iterable, Optional

import numpy
from spacy.attrs import IS_TITLE, ORTH, TAG
from spacy.tokens import Doc, Span, Token

from .votes import EntityVotes
from .words import EntityWords


def split_at_kind_noun(ent: Span, kind_nouns: frozenset[str], leading: frozenset[str] = frozenset()) -> Optional[list[Span]]:
    """ "the Houston company Halcyon Orbital": a lowercase noun of an organisation's kind inside a
    mention ends one name and begins the organisation it describes; the words before it keep
    the mention's label (the article's evidence decides it later), those after are an ORG; a
    `leading` word ("the") may begin the mention. None when the mention holds no such noun between capitalised words."""
    for token in ent[1:-1]:
        if token.lower_ not in kind_nouns or not token.is_lower:
            continue
        head, tail = ent.doc[ent.start:token.i], ent.doc[token.i + 1:ent.end]
        if not all(t.is_title or t.is_upper or t.lower_ in leading for t in head) or not tail[0].text[:1].isupper():
            return None
        return [Span(ent.doc, head.start, head.end, label=ent.label_), Span(ent.doc, tail.start, tail.end, label="ORG")]
    return None


def without_space(ents: Iterable[Span]) -> list[Span]:
    """The mentions with no whitespace token at either end, cut where a line break stands inside one:
    NER takes the line breaks after a name that ends a paragraph with no full stop ("the Office for
    National Statistics\\n\\n"), and sometimes the name that begins the next ("Boston\\n\\nAirport");
    a name never runs over a line break. Mentions of whitespace alone are dropped."""
    out = []
    for ent in ents:
        if not any(t.is_space for t in ent):
            out.append(ent)
            continue
        doc = ent.doc
        breaks = [t.i for t in ent if t.is_space and "\n" in t.text]
        for start, end in zip([ent.start] + [i + 1 for i in breaks], breaks + [ent.end]):
            while start < end and doc[start].is_space:
                start += 1
            while end > start and doc[end - 1].is_space:
                end -= 1
            if end > start:
                out.append(Span(doc, start, end, label=ent.label, kb_id=ent.kb_id, span_id=ent.id))
    return out


def common_words_at_sentence_start(names: list[str], mentions: list[Span], common: Callable[[], frozenset[str]],
                                    votes: EntityVotes, labels: dict[str, str],
                                    speaking: frozenset[str] = frozenset()) -> set[str]:
    """Entities that are only a capitalised common word beginning a sentence ("Turnout was 67 per
    cent", "Debris fell"): NER takes them for names; `common` gives the dictionary's words. An
    entity stays when it has another mention ("Apple has ... Apple released"), when its mention
    is longer, inside a sentence or all capitals, when it is a
    nationality or group (the dictionary holds "Chinese"), when its name is a known place or has a
    head word or shape, when a cue stands by it ("Apple said it"), or when it is the subject of a
    verb of `speaking` ("Amazon said on Monday", "Cisco has promised": a common word does not speak)."""
    seen: dict[str, bool] = {}
    for name, mention in zip(names, mentions):
        first = mention[0]
        seen[name] = name not in seen and len(mention) == 1 and first.text.istitle() and not mention.ent_id_ \
            and begins_sentence(first)
    candidates = [name for name, at_start in seen.items() if at_start and labels[name] != "NORP"]
    if not candidates:
        return set()
    words = common()  # the dictionary is read only when there is a candidate
    speakers = {name for name, mention in zip(names, mentions)
                if mention[0].dep_ == "nsubj" and mention[0].head.lower_ in speaking}
    dropped = {name for name in candidates if name.lower() in words and name not in speakers
               and not votes.is_place(name) and not votes.name_votes(name)}
    if dropped:  # a cue for the name keeps it: "Apple said it would", "Amazon shares fell"
        text = mentions[0].doc.text
        dropped -= {name for name, mention in zip(names, mentions) if name in dropped
                    and any(votes.cues[i].weight > 0 for i in votes.cue_votes(mention, text))}
    return dropped


def wire_services(doc: Doc, datelines, taken: list[Span]) -> list[Span]:
    """ "LONDON, Nov. 15 (Northgate Wire) -": the source in a dateline's brackets is an ORG."""
    found = []
    for dateline in datelines:
        match = re.search(r"\(([^)]+)\)", dateline.text)
        if not match:
            continue
        start = dateline.start_char + match.start(1)
        span = doc.char_span(start, start + len(match.group(1)), label="ORG")
        if span is not None and not any(t.start < span.end and span.start < t.end for t in taken):
            found.append(span)
    return found


def dateline_places(doc: Doc, datelines, taken: list[Span]) -> list[Span]:
    """ "SHANGHAI (Reuters) -", "PARIS, June 3 (AFP) -": the place a dateline opens with is a GPE,
    also where NER did not see it (the words before the first comma, bracket or dash)."""
    found = []
    for dateline in datelines:
        match = re.match(r"[^,(\u2013\u2014]+?(?=\s*(?:[,(\u2013\u2014]|-\s|$))", dateline.text)
        if not match:
            continue
        span = doc.char_span(dateline.start_char, dateline.start_char + len(match.group(0)), label="GPE")
        if span is not None and not any(t.start < span.end and span.start < t.end for t in taken):
            found.append(span)
    return found


def in_dateline(span: Span, datelines) -> bool:
    return any(d.start <= span.start and span.end <= d.end for d in datelines)


def cased(span: Span, datelines, words: EntityWords) -> str:
    """ "LONDON" in a dateline is London, and "Fla." there is Florida."""
    if in_dateline(span, datelines):
        if span.text in words.states:
            return words.states[span.text]
        if span.text.isupper():
            return " ".join(w.capitalize() for w in span.text.split())
    return span.text


def relabel(span: Span, datelines, words: EntityWords) -> Span:
    """Fix labels that news conventions settle: a dateline's place is a GPE ("FLAGSTAFF,
    Ariz. -"), a name ending in "Rail", "Energy" or "Association" is an organisation, and a
    "person" right after "in" or "near" is a place ("a school in Bedminster")."""
    label = span.label_
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    possessive = span.end < len(doc) and doc[span.end].tag_ == "POS"
    if in_dateline(span, datelines) and span.start == datelines[0].start:
        label = "GPE"
    elif span[-1].text in words["org_word"] and label in {"PERSON", "GPE", "FAC", "PRODUCT", "WORK_OF_ART", "NORP", "LOC"} \
            and len(span) > 1:
        label = "ORG"
    elif label == "PERSON" and before in words["place_before"] and not possessive:
        label = "GPE"
    if label == span.label_:
        return span
    return Span(span.doc, span.start, span.end, label=label, kb_id=span.kb_id, span_id=span.id)


def looks_like_a_name(ent: Span) -> bool:
    """A name has a capital letter and is not a clock time or one common noun."""
    if not any(ch.isupper() for ch in ent.text) or re.fullmatch(r"[\d.:,]+\s*(?:am|pm|a\.m\.|p\.m\.)?", ent.text, re.I):
        return False
    return not (len(ent) == 1 and ent[0].is_title and ent[0].pos_ in {"NOUN", "VERB", "ADJ", "ADV"}
                and ent[0].is_sent_start and ent.label_ in {"PERSON", "ORG", "GPE"})


def unit_after_number(ent: Span) -> bool:
    """A short all-capitals mention right after a number is a unit symbol ("2.3 GB")."""
    return (len(ent) == 1 and ent.start > 0 and ent.doc[ent.start - 1].like_num
            and ent.text.isupper() and len(ent.text) <= 3)


def capitalised(doc: Doc, org_words: frozenset[str]) -> tuple[set[int], set[int]]:
    """The indices of title-case tokens, and of proper nouns (NNP, NNPS) that are title-case or an
    organisation word ("plc"), read from the token arrays (building a Token per word costs more)."""
    strings = doc.vocab.strings
    table = doc.to_array([IS_TITLE, TAG, ORTH])
    title = table[:, 0] == 1
    proper = (table[:, 1] == strings["NNP"]) | (table[:, 1] == strings["NNPS"])
    titled = set(numpy.flatnonzero(title).tolist())
    names = set(numpy.flatnonzero(proper & title).tolist())
    names.update(i for i in numpy.flatnonzero(proper & ~title).tolist() if doc[i].text in org_words)
    return titled, names


def token_set(spans: Iterable[Span]) -> set[int]:
    """The indices of the tokens the spans cover."""
    used: set[int] = set()
    for span in spans:
        used.update(range(span.start, span.end))
    return used


def begins_sentence(token: Token) -> bool:
    """Whether `token` is the first word of its sentence (after any quotes, brackets or line breaks)."""
    doc, i = token.doc, token.i
    while i > 0 and not doc[i].is_sent_start:
        i -= 1
        if not (doc[i].is_punct or doc[i].is_space):
            return False
    return True


def trim(span: Span, words: EntityWords) -> Optional[Span]:
    """Drop a leading article, a role word before a person's name, a kind noun beginning a sentence
    before an organisation's ("Operator ScotLink"), and a trailing possessive or punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    label = span.label
    while start < end and (doc[start].lower_ in words["leading_word"] or doc[start].is_punct):
        start += 1
    # "Operator ScotLink said": a kind noun, capitalised as the sentence's first word, describes the
    # organisation (a person's full name keeps its first word: "Group Captain Ann Reid")
    if end - start >= 2 and begins_sentence(doc[start]) and doc[start].lower_ in words["kind_noun"] \
            and doc[start + 1].text[:1].isupper() and not (span.label_ == "PERSON" and end - start > 2):
        start += 1
        label = span.doc.vocab.strings["ORG"]
    # "Headteacher Marcus Bell", "President Xi": a role word and a name make a person
    role_inside = start < end and doc[start].text in words["role_word"]
    role_before = start > 0 and doc[start - 1].text in words["role_word"]
    if (role_inside or role_before) and span.label_ in {"PERSON", "ORG", "GPE", "NORP", "FAC"}:
        name = doc[start + 1 if role_inside else start:end]
        if len(name) and (span.label_ == "PERSON" or (len(name) >= 2 and all(t.is_title for t in name)
                                                       and name[-1].text not in words["org_word"])):
            start = name.start
            label = span.doc.vocab.strings["PERSON"]
    while end > start and (doc[end - 1].is_punct or doc[end - 1].text in {"'s", "\u2019s"}):
        end -= 1
    if end <= start:
        return None
    return Span(doc, start, end, label=label, kb_id=span.kb_id, span_id=span.id)
