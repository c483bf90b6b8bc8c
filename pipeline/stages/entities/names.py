"""A mention's name: its own form (`canonical_form`), the canonical name of its entity in an
article (`resolve_names`: the longest name that holds it, or whose initials it spells) and the
key of an entity across articles (`name_key`)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Callable, Optional

from .labels import KEEPS_ITS_OWN_NAME
from .words import EntityWords, default_words


def canonical_form(text: str) -> str:
    """A mention's own name: no leading article, no possessive, single spaces."""
    text = re.sub(r"\s+", " ", text.strip())
    text = re.sub(r"^(?:the|The)\s+", "", text)
    return re.sub(r"(?:'s|\u2019s|'|\u2019)$", "", text).strip()


def name_key(name: str, aliases: Optional[dict[str, str]] = None) -> str:
    """The key of a name across articles: lowercase ASCII words without punctuation or a leading
    "the" ("U.S." and "US" -> "us", "Bríd Nolan" -> "brid nolan"), then its entry in `aliases`
    (key -> key of the entity's main name, e.g. "us" -> "united states") if it has one.
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    folded = re.sub(r"(?:'s|')$", "", folded.strip()).replace("&", " and ")
    folded = re.sub(r"[.'’]", "", folded)
    key = " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())
    key = re.sub(r"^the ", "", key) or " ".join(name.lower().split())  # a name in another script stays
    return (aliases or {}).get(key, key)


def one_name_per_key(names: list[str], aliases: Optional[dict[str, str]] = None) -> list[str]:
    """The canonical names of an article's mentions, one per entity key: names with the same key
    ("MOSCOW" of a dateline NER did not see as one, and "Moscow") are one entity, named by the name
    written other than in capitals if there is one, then the most frequent, then the first.
    names (list[str]): the canonical name of each mention, in document order.
    aliases (Optional[dict[str, str]]): key -> key of the entity's main name (see `name_key`).
    RETURNS (list[str]): the names, each replaced by its key's chosen name.
    """
    keys = [name_key(name, aliases) for name in names]
    groups: dict[str, list[str]] = {}
    for key, name in zip(keys, names):
        groups.setdefault(key, []).append(name)
    chosen = {}
    for key, found in groups.items():
        if len(set(found)) == 1:
            continue
        counts = Counter(found)
        chosen[key] = max(counts, key=lambda n: (not n.isupper(), counts[n], -found.index(n)))
    return [chosen.get(key, name) for key, name in zip(keys, names)] if chosen else names


def acronym(name: str, words: Optional[EntityWords] = None) -> str:
    """Initials of the capitalised words: "China National Space Administration" -> "CNSA"."""
    skipped = (words or default_words())["function_word"]
    return "".join(w[0] for w in name.split() if w[:1].isupper() and w.lower() not in skipped)


def resolve_names(mentions: list[tuple[str, str]], words: Optional[EntityWords] = None,
                  is_place: Optional[Callable[[str], bool]] = None,
                  place_of: Optional[Callable[[str], Optional[str]]] = None,
                  head_label: Optional[Callable[[str], Optional[str]]] = None) -> list[tuple[str, str]]:
    """Map each (name, label) mention to the (canonical name, label) of its entity.

    A mention takes the longest other name of the document that contains it as a run of
    whole words (extra words that are numbers make another entity: "Chang'e" is not
    "Chang'e 6"), or whose initials it spells; a one-word mention may join a person.
    A known place does not join an organisation or facility named after it ("Bristol" is not
    "Bristol City Council", "Indonesia" not "Garuda Indonesia"), nor another known place
    ("Oklahoma" is not "Oklahoma City").
    mentions (list[tuple[str, str]]): canonical forms and labels, in document order.
    words (Optional[EntityWords]): the language's entity words (default: the installed ones).
    is_place (Optional[Callable[[str], bool]]): whether a name is a known place (a gazetteer's).
    place_of (Optional[Callable[[str], Optional[str]]]): the main name of a known place, None for
        another name ("People's Republic of China" -> "China").
    head_label (Optional[Callable[[str], Optional[str]]]): the label a name's head word gives it;
        a one-word name does not join a longer one it begins whose head makes it an event, a
        facility, a place or a law of another label ("Apple" and "Apple Worldwide Developers Conference").
    RETURNS (list[tuple[str, str]]): the canonical name and label for every mention.
    """
    vocabulary = words or default_words()
    names = sorted({m for m in mentions}, key=lambda m: (-len(m[0]), m[0], m[1]))
    places = {name: place_of(name) for name, _ in names} if place_of is not None else {}
    resolved = []
    for name, label in mentions:
        words = name.split()
        best = (name, label)
        for other, other_label in names:
            if len(other) <= len(best[0]) or other == name:
                continue
            # NER often takes a company's short name for a person: "Lumora" of "Lumora AI"; and a
            # model for a facility: "A380" of "Airbus A380" (a name's last words are the same
            # thing, its first words often another: "Bristol" of "Bristol City Council")
            other_words = other.split()
            same_family = other_label == label or (len(words) == 1 and "PERSON" in (label, other_label)) or (
                label not in KEEPS_ITS_OWN_NAME and other_words[-len(words):] == words)
            if not same_family or (is_place is not None and is_place(name) and other_label not in KEEPS_ITS_OWN_NAME):
                continue
            if places.get(name) is not None and places.get(other) not in (None, places[name]):
                continue  # two known places are two ("Oklahoma" is not "Oklahoma City")
            if head_label is not None and len(words) == 1 and other_words[0] == name \
                    and head_label(other) not in (None, "ORG", "PERSON", label):
                continue  # "Apple" is not the "Apple Worldwide Developers Conference" named after it
            if _contains(other_words, words) and not any(
                    w[:1].isdigit() for w in other_words if w not in words):
                best = (other, other_label)
            elif len(words) == 1 and name.isupper() and len(name) >= 2 and acronym(other, vocabulary) == name:
                best = (other, other_label)
        resolved.append(best)
    votes: dict[str, Counter] = {}
    for (_, label), (canonical, _) in zip(mentions, resolved):
        votes.setdefault(canonical, Counter())[label] += 1
    # one entity, one label: the most frequent among its mentions, the first on a tie
    return [(canonical, max(votes[canonical].items(), key=lambda kv: (kv[1], -_first(mentions, resolved, canonical, kv[0])))[0])
            for canonical, _ in resolved]


def _first(mentions, resolved, canonical, label) -> int:
    return next(i for i, ((_, found), (c, _)) in enumerate(zip(mentions, resolved)) if c == canonical and found == label)


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))
