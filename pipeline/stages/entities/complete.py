"""Names NER cut short, made whole: "Australian Competition" and "Consumer Commission" are one
name, "Kestrel Mobile and Brightwave Communications" two, "a Ford" + "Transit van" a product."""

from __future__ import annotations

from typing import Callable, Iterable, Sequence

from spacy.tokens import Span

from .labels import NEVER_JOINS_THE_NEXT
from .votes import EntityVotes

#: lowercase words that may stand inside a name ("Bank of England", "Health and Safety Executive")
JOINING_WORDS = frozenset({"of", "and", "&", "for"})


def complete_names(ents: Sequence[Span], votes: EntityVotes, org_words: frozenset[str] = frozenset(),
                   labels: Iterable[str] = (), product_nouns: frozenset[str] = frozenset()) -> list[Span]:
    """Names NER cut short, made whole.

    - a name of two whole names around "and" is two ("Kestrel Mobile and Brightwave
      Communications"), while a fragment ending in "and" or "of" joins the name after it ("Australian Library and" +
      "Information Association");
    - two names around "and" or "of" join when the second ends in a head word and the first does
      not ("Australian Competition" and "Consumer Commission", not "Shanghai Airlines" and
      "Xiamen Airlines"), unless they end a list ("St Aldric's, Riverside General and Southwark
      Community Hospital");
    - one or two capitalised words before "of" join a facility or place that ends in a head word,
      and before "and" an organisation ("Prince of" + "Wales Bridge", "Environment and" + "Climate
      Change Canada"); words before "and" that end in a head word are a name of their own
      ("Kestrel Mobile" and "Brightwave Communications");
    - capitalised words after a name join it when the last is a head word ("Alberta Electric
      System" + "Operator"), and so does a lowercase head that joins names ("Apollo" + "crater");
      capitalised words inside a sentence join a name ending in a head word ("the Finance" + "Bill");
    - a maker's name and the capitalised words or numbers after it, before a lowercase noun of a
      product, are the product ("a Ford" + "Transit van", "the Kestrel" + "K9 phone").

    ents (Sequence[Span]): the document's entities, in order.
    votes (EntityVotes): the head words.
    org_words (frozenset[str]): words that end organisation names ("Council", "Inc").
    labels (Iterable[str]): labels of names (others, such as dates, are left alone).
    product_nouns (frozenset[str]): lowercase nouns of products ("van", "phone").
    RETURNS (list[Span]): the entities, some longer, in order.
    """
    names = set(labels)
    heads = votes.last_heads | {w.lower() for w in org_words}
    facility_heads = frozenset(word for (position, word), found in votes.heads.items()
                               if position == "last" and any(label in {"FAC", "LOC"} for label, _ in found))
    ents = sorted(ents, key=lambda e: e.start)
    out: list[Span] = []
    i = 0
    while i < len(ents):
        ent = ents[i]
        if ent.label_ not in names:
            out.append(ent)
            i += 1
            continue
        doc = ent.doc
        # two whole names that NER took for one: "Kestrel Mobile and Brightwave Communications"
        split = next((t.i for t in ent[1:-1] if t.lower_ in {"and", "&"} and doc[t.i - 1].lower_ in heads), None)
        if split is not None and ent[-1].lower_ in heads:
            out.extend([Span(doc, ent.start, split, label=ent.label_), Span(doc, split + 1, ent.end, label=ent.label_)])
            i += 1
            continue
        nxt = ents[i + 1] if i + 1 < len(ents) and ents[i + 1].label_ in names else None
        start, end, label = ent.start, ent.end, ent.label_
        if nxt is not None and ent[-1].lower_ in JOINING_WORDS and nxt.start == ent.end:
            end, label = nxt.end, nxt.label_
            i += 1
        elif nxt is not None and nxt.start == ent.end + 1 and doc[ent.end].lower_ in JOINING_WORDS \
                and nxt[-1].lower_ in heads and ent[-1].lower_ not in heads and ent.label_ not in NEVER_JOINS_THE_NEXT \
                and not (doc[ent.end].lower_ == "and" and _after_a_name_and_comma(ent, out)):
            end, label = nxt.end, nxt.label_
            i += 1
        # capitalised words before "of" / "and" that no other name holds
        joiner = doc[start - 1].lower_ if start >= 2 else ""
        if (joiner == "of" and ent[-1].lower_ in facility_heads) or (joiner == "and" and label == "ORG"):
            first = start - 1
            while first - 1 >= 0 and doc[first - 1].is_title and not doc[first - 1].ent_type_ \
                    and doc[first - 1].pos_ in {"PROPN", "NOUN"} and start - first <= 2:
                first -= 1
            if first < start - 1 and (out == [] or out[-1].end <= first):
                if joiner == "and" and doc[start - 2].lower_ in heads:  # a name of its own: "Kestrel Mobile and"
                    out.append(Span(doc, first, start - 1, label=label))
                else:
                    start = first
        # capitalised words inside a sentence before a name that ends in a head word ("Finance" + "Bill")
        if start == ent.start and ent[-1].lower_ in heads:
            first = start
            while first - 1 >= 0 and start - first < 2 and doc[first - 1].is_title and not doc[first - 1].ent_type_ \
                    and not doc[first - 1].is_sent_start and doc[first - 1].pos_ in {"PROPN", "NOUN"} \
                    and (out == [] or out[-1].end <= first - 1):
                first -= 1
            start = first
        # capitalised words after the name, the last a head word
        k = end
        while k < len(doc) and k - end < 2 and doc[k].is_title and not doc[k].ent_type_:
            k += 1
        if k > end and doc[k - 1].lower_ in heads and (i + 1 >= len(ents) or ents[i + 1].start >= k):
            end = k
        elif label == "ORG" and (model_end := _model_before_product_noun(doc, end, product_nouns)) > end \
                and (i + 1 >= len(ents) or ents[i + 1].start > end):
            end, label = model_end, "PRODUCT"
        elif end < len(doc) and doc[end].lower_ in votes.joining_heads and doc[end].is_lower \
                and (i + 1 >= len(ents) or ents[i + 1].start > end):
            end += 1
        if (start, end, label) == (ent.start, ent.end, ent.label_):
            out.append(ent)
        else:
            out.append(Span(doc, start, end, label=label))
        i += 1
    return out


def _model_before_product_noun(doc, start: int, product_nouns: frozenset[str]) -> int:
    """Where a model's words (one or two, capitalised or numbers, in no entity) that begin at
    `start` end, when a lowercase product noun follows them ("Transit" + "van"); else `start`."""
    end = start
    while end < len(doc) and end - start < 2 and (doc[end].is_title or doc[end].is_upper or doc[end].like_num) \
            and not doc[end].ent_type_:
        end += 1
    if end > start and end < len(doc) and doc[end].is_lower and doc[end].lower_ in product_nouns:
        return end
    return start


def _after_a_name_and_comma(ent: Span, before: list[Span]) -> bool:
    """Whether `ent` follows another name and a comma: it is in a list ("A, B and C")."""
    start = ent.start
    return start >= 2 and ent.doc[start - 1].text == "," and bool(before) and before[-1].end in (start - 1, start - 2) \
        and (before[-1].end == start - 1 or ent.doc[start - 2].tag_ == "POS")


#: labels of names whose first words alone also name them ("Prairie Crest" of "Prairie Crest Renewables")
SHORTENED_LABELS = frozenset({"ORG", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})


def short_forms(mentions: list[Span], proper: set[int], taken: Iterable[Span] = (),
                is_place: Callable[[str], bool] = lambda name: False,
                stands_alone: Callable[[Span, str], bool] = lambda span, label: True,
                function_words: frozenset[str] = frozenset()) -> list[Span]:
    """Names NER cut at the front or missed, when the article names them in full elsewhere.

    Proper nouns that no mention holds become a mention of a longer name of the article (of a
    label in SHORTENED_LABELS) when they, with the mention right after them if any, are its
    first words ("Prairie" + "Crest said" and "Prairie Crest chief executive Dana Whitfield"
    beside "Prairie Crest Renewables": the mention after them is taken in), or when the whole name
    follows from them ("the Velocita-Kern team", where NER saw nothing). First words are no
    mention when the words left out hold a number ("Orbit" is not "Orbit 7", as in
    `names.resolve_names`), when they end in a function word ("The" of "The Guardian"), when they
    are a known place ("Flagstaff" of "Flagstaff Fire Department"), or when one word is not
    `stands_alone` ("Federal investigators").

    mentions (list[Span]): the names found so far, in any order.
    proper (set[int]): the indices of title-case words and proper nouns (see `mentions.capitalised`).
    taken (Iterable[Span]): other entities (dates, numbers) whose tokens no name may take.
    is_place (Callable[[str], bool]): whether a name is a known place.
    stands_alone (Callable[[Span, str], bool]): whether one word (a span) is a name of the label by
        itself: not a word of the dictionary, or a cue of the label stands by it ("Kestrel chief executive").
    RETURNS (list[Span]): the mentions, some longer, and the new ones.
    """
    doc = mentions[0].doc if mentions else None
    whole: dict[tuple[str, ...], str] = {}
    for m in mentions:
        if len(m) >= 2 and m.label_ in SHORTENED_LABELS:
            whole.setdefault(tuple(t.text for t in m), m.label_)
    if not whole:
        return mentions
    first: dict[tuple[str, ...], str] = {}  # first words of a whole name that name it alone
    for words, label in whole.items():
        for n in range(1, len(words)):
            if words[n - 1].lower() not in function_words and not any(ch.isdigit() for w in words[n:] for ch in w):
                first.setdefault(words[:n], label)
    by_length = sorted(whole, key=len, reverse=True)
    starts = {m.start: m for m in mentions}
    used = {i for span in [*mentions, *taken] for i in range(span.start, span.end)}
    free = proper - used
    out = list(mentions)
    for i in sorted(free):
        if i - 1 in free and not doc[i].is_sent_start:
            continue  # not the first word of a run
        end = i + 1
        while end in free and not doc[end].is_sent_start:
            end += 1
        words = tuple(t.text for t in doc[i:end])
        after = starts.get(end) if end < len(doc) and not doc[end].is_sent_start else None
        longest = next((n for n in by_length if n[:len(words)] == words
                        and tuple(t.text for t in doc[i:i + len(n)]) == n and not used & set(range(i, i + len(n)))), None)
        if after is not None and words + tuple(t.text for t in after) in whole.keys() | first.keys():
            out.remove(after)
            out.append(Span(doc, i, after.end, label=after.label_))
        elif longest is not None:
            out.append(Span(doc, i, i + len(longest), label=whole[longest]))
        elif words in first and not is_place(" ".join(words)) \
                and (len(words) > 1 or stands_alone(doc[i:end], first[words])):
            out.append(Span(doc, i, end, label=first[words]))
    return out
