"""One label per entity, decided by the evidence of the whole article.

The statistical NER labels each mention on its own, and often differently; a label a user can
filter on needs evidence NER does not use. Every mention of a canonical entity votes, and so
does what stands around it and what the name is:

- NER's label of each mention (together worth the `ner` weight, split by mention);
- cues around a mention ("in X", "X, a town in", "mayor of X", "X-based", "shares of X",
  "said X, a spokesperson", "X said it"), in ``entities/cues.tsv``;
- the name's head words ("Storm X" is an event, "X Bridge" a facility, "X Council" an
  organisation), in ``entities/heads.tsv``, and its shape ("A380", "iPhone"), in ``entities/shapes.tsv``;
- names news takes for granted (planets, continents), in ``entities/names.tsv``;
- the gazetteers of countries, subdivisions and cities (``pipeline.stages.entities.gazetteer``).

A company's legal suffix ("Inc.", "plc") already makes a mention an organisation (``org_word`` in
``entities/words.tsv``); a longer list of legal forms (ours, or cleanco's) gained nothing on
either evaluation set (benchmarks/entity_sources.py), so it has no vote of its own.

Each is a vote with a weight (the evidence weights are ``entities/weights.tsv``), never a veto:
"Paris Hilton" said to be a person by NER and by "said Paris Hilton, a" stays one although
Paris is a city. The label with the most weight wins; a tie keeps NER's majority.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

from spacy.tokens import Span

from pipeline.rules.resources import Resources, register_schema
from pipeline.rules.tsv import Column, ResourceError

from .gazetteer import Gazetteer

CUES = register_schema("entities/cues.tsv", Column("cue"), Column("label"), Column("weight", kind="float"))
HEADS = register_schema("entities/heads.tsv", Column("word"), Column("position", choices=("first", "last")),
                        Column("label"), Column("weight", kind="float"),
                        Column("joins", kind="flag", required=False, default=False))
SHAPES = register_schema("entities/shapes.tsv", Column("pattern"), Column("label"), Column("weight", kind="float"))
WEIGHTS = register_schema("entities/weights.tsv", Column("evidence"), Column("label"), Column("weight", kind="float"))
ALIASES = register_schema("entities/aliases.tsv", Column("name"), Column("main"))
NAMES = register_schema("entities/names.tsv", Column("name"), Column("label"), Column("weight", kind="float"))
#: tags of adjectives: a name used only as one is a nationality or group ("Cornish", "South Korean")
ADJECTIVE_TAGS = frozenset({"JJ", "JJR", "JJS"})
#: how far around a mention a cue is looked for, in characters
CONTEXT_CHARS = 60
#: the least weight of a head word for a name to vote for its kind on the other names of its list
LIST_HEAD = 2.0


@dataclass(frozen=True)
class Cue:
    """Words around a name that vote for a label: `before` must end just before the mention,
    `after` must start just after it."""

    before: Optional[re.Pattern]
    after: Optional[re.Pattern]
    label: str
    weight: float
    where: str
    #: the literal words next to the name (alternatives), to skip the cue quickly; None: any word
    last_before: Optional[tuple[str, ...]] = None
    first_after: Optional[tuple[str, ...]] = None


def _words_pattern(text: str) -> str:
    """A cue's words as a regular expression: spaces match any space, `a|an` alternatives,
    `*` any one word, `#` a number; everything else literally."""
    parts = []
    for piece in re.findall(r"\s+|[^\s]+", text):
        if piece.isspace():
            parts.append(r"\s+")
        elif piece == "*":
            parts.append(r"[\w'\u2019.-]+")
        elif piece.strip(",.;:") == "#":
            parts.append(r"\d+" + re.escape(piece.replace("#", "", 1)) if piece.startswith("#")
                         else re.escape(piece[:piece.index("#")]) + r"\d+" + re.escape(piece[piece.index("#") + 1:]))
        else:
            parts.append("(?:" + "|".join(re.escape(alt) for alt in piece.split("|")) + ")")
    return "".join(parts)


def parse_cue(cue: str, label: str, weight: float, where: str = "") -> Cue:
    """A cue as written in cues.tsv: the name is X ("in X", "X, a town in", "X-based").

    RAISES ResourceError: when the cue has no X, or nothing around it.
    """
    match = re.search(r"(?<![A-Za-z])X(?![A-Za-z])", cue)
    if match is None:
        raise ResourceError(f"{where}: the cue {cue!r} has no X standing for the name")
    before, after = cue[:match.start()], cue[match.end():]
    if not before.strip() and not after.strip():
        raise ResourceError(f"{where}: the cue {cue!r} has no words around X")
    before_re = re.compile(r"(?:^|(?<=[\W_]))" + _words_pattern(before) + "$", re.I) if before.strip() else None
    after_re = re.compile("^" + _words_pattern(after) + r"(?=[\W_]|$)", re.I) if after.strip() else None
    return Cue(before_re, after_re, label, weight, where, _literal(before.split()[-1:]), _literal(after.split()[:1], True))


def _literal(words: list[str], first: bool = False) -> Optional[tuple[str, ...]]:
    """The alternatives of the word next to the name, lowercase, or None if it is a wildcard or
    there is none (then the cue's regular expression alone decides)."""
    if not words or "*" in words[0] or "#" in words[0]:
        return None
    alternatives = tuple(alt.lower() for alt in words[0].split("|") if alt)
    return tuple(alt[:12] for alt in alternatives) if first else alternatives


class EntityVotes:
    """The evidence that decides an entity's label, loaded from the language's resources."""

    def __init__(self, resources: Resources, gazetteers: Iterable[str] = ("countries", "subdivisions", "cities")) -> None:
        """
        resources (Resources): the language's resources (entities/*.tsv).
        gazetteers (Iterable[str]): the gazetteer sources that vote (see `pipeline.stages.entities.gazetteer.SOURCES`).
        """
        self.cues = [parse_cue(row["cue"], row["label"], row["weight"], row.where) for row in resources.table(CUES)]
        self.heads: dict[tuple[str, str], list[tuple[str, float]]] = defaultdict(list)
        self.joining_heads: set[str] = set()  # lowercase heads that join the name before them ("Apollo crater")
        for row in resources.table(HEADS):
            self.heads[(row["position"], row["word"].lower())].append((row["label"], row["weight"]))
            if row["joins"]:
                self.joining_heads.add(row["word"].lower())
        self.last_heads = frozenset(word for position, word in self.heads if position == "last")
        self.shapes = [(re.compile(row["pattern"]), row["label"], row["weight"]) for row in resources.table(SHAPES)]
        self.weights: dict[str, dict[str, float]] = defaultdict(dict)
        for row in resources.table(WEIGHTS):
            self.weights[row["evidence"]][row["label"]] = row["weight"]
        self.names: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for row in resources.table(NAMES):
            self.names[row["name"]].append((row["label"], row["weight"]))
        # "cities>=15000": a further vote for a city of at least that many people
        self.population_tiers = sorted((int(evidence.split(">=")[1]), weights) for evidence, weights in
                                       self.weights.items() if evidence.startswith("cities>="))
        self.gazetteer = Gazetteer(resources, gazetteers)
        self.aliases = {row["name"]: row["main"] for row in resources.table(ALIASES)}
        self.aliases.update({k: v for k, v in self.gazetteer.country_names.items() if k not in self.aliases})

    def is_place(self, name: str) -> bool:
        """Whether a gazetteer holds `name` (or the country it is another name of)."""
        return bool(self.gazetteer.sources_of(self.aliases.get(name, name)))

    def place_of(self, name: str) -> Optional[str]:
        """The main name of the known place `name` (its alias's, for another name of a country), or
        None when no gazetteer holds it nor names.tsv as a place ("Southeast Asia")."""
        place = self.aliases.get(name, name)
        if self.gazetteer.sources_of(place) or any(label in {"GPE", "LOC"} for label, _ in self.names.get(place, ())):
            return place
        return None

    def strongest_head(self, word: str) -> Optional[tuple[str, float]]:
        """The label and weight of the strongest head `word` is as a name's last word, or None."""
        heads = self.heads.get(("last", word.lower()))
        return max(heads, key=lambda h: h[1]) if heads else None

    def head_label(self, name: str, least: float = 0.0) -> Optional[str]:
        """The label the last word of a name of two words or more gives it as a head ("Apple
        Worldwide Developers Conference": EVENT), or None; with `least`, only a head of at least that weight."""
        words = name.split()
        best = self.strongest_head(words[-1]) if len(words) > 1 else None
        return best[0] if best is not None and best[1] >= least else None

    def cue_votes(self, mention: Span, text: Optional[str] = None,
                  around: Optional[tuple[int, int]] = None) -> dict[int, float]:
        """The cues found around one mention: cue index -> weight.

        mention (Span): the mention.
        text (Optional[str]): its document's text (`doc.text` builds it anew on every call).
        around (Optional[tuple[int, int]]): where the words before and after it are read, when
            not right at the mention (a list of names shares them: "stops at X and Y").
        """
        text = mention.doc.text if text is None else text
        start, end = around or (mention.start_char, mention.end_char)
        before = text[max(0, start - CONTEXT_CHARS):start]
        after = text[end:end + CONTEXT_CHARS]
        # a cue is tried only when the word next to the name is one of its own
        last = (before.rstrip().rsplit(None, 1) or [""])[-1].lower()
        following = after.lstrip()[:12].lower()
        found = {}
        for i, cue in enumerate(self.cues):
            if cue.last_before is not None and not last.endswith(cue.last_before):
                continue
            if cue.first_after is not None and not following.startswith(cue.first_after):
                continue
            if (cue.before is None or cue.before.search(before)) and (cue.after is None or cue.after.search(after)):
                found[i] = cue.weight
        return found

    def name_votes(self, name: str) -> Counter:
        """The votes of what the name itself is: head words, shape, known names, gazetteers."""
        votes: Counter = Counter()
        words = name.split()
        if not words:
            return votes
        for position, word in (("first", words[0]), ("last", words[-1])):
            if len(words) > 1:
                for label, weight in self.heads.get((position, word.lower()), ()):
                    votes[label] += weight
        for pattern, label, weight in self.shapes:
            if pattern.search(name):
                votes[label] += weight
        for label, weight in self.names.get(name, ()):
            votes[label] += weight
        place = self.aliases.get(name, name)
        for source in self.gazetteer.sources_of(place):
            votes.update(self.weights[source])
        population = self.gazetteer.population.get(place, 0)
        for least, weights in self.population_tiers:
            if population >= least:
                votes.update(weights)
        return votes

    def decide(self, names: Sequence[str], mentions: Sequence[Span], allowed: Iterable[str],
               org_words: frozenset[str] = frozenset()) -> dict[str, str]:
        """One label per canonical name.

        names (Sequence[str]): the canonical name of each mention.
        mentions (Sequence[Span]): the mentions, labelled by NER and the mention rules.
        allowed (Iterable[str]): the labels an entity may take.
        org_words (frozenset[str]): words that end organisation names: a name of a list that ends
            in one, or in a head word, votes for its kind on the other names of the list (the
            `list` weight): "Southlink Rail, Thameside Trains and Anglia Metro".
        RETURNS (dict[str, str]): canonical name -> label.
        """
        allowed = set(allowed)
        ner: dict[str, Counter] = defaultdict(Counter)
        adjectives: Counter = Counter()  # mentions tagged as adjectives, per name
        first: dict[str, dict[str, int]] = defaultdict(dict)
        cues: dict[str, dict[int, float]] = defaultdict(dict)
        listed: dict[str, set[str]] = defaultdict(set)  # the kinds of the names listed with it
        text = mentions[0].doc.text if mentions else ""
        for i, (name, mention) in enumerate(zip(names, mentions)):
            ner[name][mention.label_] += 1
            first[name].setdefault(mention.label_, i)
            cues[name].update(self.cue_votes(mention, text))  # each cue counts once per entity
            around = coordinated(mentions, i, text)
            if around != (mention.start_char, mention.end_char):
                cues[name].update(self.cue_votes(mention, text, around))
                for j, other in enumerate(mentions):  # the kinds of the other names of the list
                    if around[0] <= other.start_char and other.end_char <= around[1] and names[j] != name:
                        kind = "ORG" if other[-1].text in org_words and len(other) > 1 else self.head_label(names[j], LIST_HEAD)
                        if kind is not None:
                            listed[name].add(kind)
            adjectives[name] += all(token.tag_ in ADJECTIVE_TAGS and token.is_alpha for token in mention)
        labels = {}
        for name, counts in ner.items():
            votes = self.votes(counts, cues[name], name)
            for kind in listed[name]:
                votes[kind] += self.weights["list"].get(kind, self.weights["list"].get("*", 0.0))
            if adjectives[name] == sum(counts.values()):
                votes.update(self.weights["adjective"])
            # NER's majority (then its first label) breaks ties
            majority = max(counts, key=lambda label: (counts[label], -first[name][label]))
            candidates = [label for label in votes if label in allowed] or [majority]
            labels[name] = max(candidates, key=lambda label: (round(votes[label], 6), label == majority))
        return labels

    def votes(self, ner: Counter, cues: dict[int, float], name: str) -> Counter:
        """All votes for one entity: NER's labels of its mentions (`ner`, counts by label), the
        cues found around them (cue index -> weight; each counts once), and the name's own evidence."""
        total = sum(ner.values())
        default = self.weights["ner"].get("*", 1.0)
        votes: Counter = Counter({label: self.weights["ner"].get(label, default) * n / total
                                  for label, n in ner.items()})
        for index, weight in cues.items():
            votes[self.cues[index].label] += weight
        votes.update(self.name_votes(name))
        return votes


_LIST_COMMA = re.compile(r"\s*,\s+")
_LIST_AND = re.compile(r"\s*,?\s+(?:and|or)\s+")


def coordinated(mentions: Sequence[Span], index: int, text: str) -> tuple[int, int]:
    """Where the list of names holding mention `index` begins and ends ("Cork and Kerry",
    "Braehead, Govan and Paisley"): the names of a list share the words around it. A list is
    names joined by commas and a last "and" or "or"; a comma alone joins nothing ("Telling the
    Commons, Maitland said")."""
    by_start = sorted(mentions, key=lambda m: m.start_char)
    position = next(i for i, m in enumerate(by_start) if m is mentions[index])
    # the run of names joined by commas or and/or around this one
    first = last = position
    while first > 0 and (_LIST_COMMA.fullmatch(text[by_start[first - 1].end_char:by_start[first].start_char])
                         or _LIST_AND.fullmatch(text[by_start[first - 1].end_char:by_start[first].start_char])):
        first -= 1
    while last + 1 < len(by_start) and (_LIST_COMMA.fullmatch(text[by_start[last].end_char:by_start[last + 1].start_char])
                                        or _LIST_AND.fullmatch(text[by_start[last].end_char:by_start[last + 1].start_char])):
        last += 1
    # a list ends at its "and": the names up to the first and/or gap at or after this name
    joins = [bool(_LIST_AND.fullmatch(text[by_start[i].end_char:by_start[i + 1].start_char])) for i in range(first, last)]
    ands = [first + k + 1 for k, is_and in enumerate(joins) if is_and]  # index of the name after each "and"
    end_at = next((i for i in ands if i >= position), None)
    if end_at is None:
        return mentions[index].start_char, mentions[index].end_char
    begin_at = max([first] + [i for i in ands if i <= position and i != end_at])
    return by_start[begin_at].start_char, by_start[end_at].end_char
