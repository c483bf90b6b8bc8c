"""Stage 2: named entities with one canonical name per document.

The statistical NER of en_core_web_sm and spaCy's own ``entity_ruler`` (domain patterns in
``models/en/entities/patterns.jsonl``) find the mentions; ``EntityCanonicalizer`` tidies them
("the Great Hall of the People in Beijing" -> a facility and a city), and gives each
mention the canonical name of its entity ("Xi" -> "Xi Jinping", "CNSA" -> "China National
Space Administration"), written to ``doc.spans["entities"]`` with ``span._.canonical``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cached_property
from typing import Callable, Iterable, Optional

import numpy
from spacy.attrs import IS_TITLE, ORTH, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from pipeline.core.attrs import DATELINE, ENTITIES
from pipeline.core.kinds import NAME_LABELS
from pipeline.language.lexicon import PLACES, TIMEZONES
from pipeline.rules.component import RuleComponent
from pipeline.rules.guard import guarded
from pipeline.rules.resources import Column, Resources, default_resources, register_schema, words_by_role

from .votes import JOINING_WORDS, EntityVotes, complete_names

# a facility or organisation "in" a place is two entities
SPLIT_LABELS = ["FAC", "ORG", "LOC"]
#: labels of short names that join a longer name of another label only as themselves
PLACES_OR_PEOPLE = frozenset({"GPE", "LOC", "PERSON", "NORP"})
#: the gazetteers whose names vote for a place label (see pipeline.stages.entities.gazetteer)
GAZETTEERS = ["countries", "subdivisions", "cities"]
ROLES = ("org_word", "role_word", "function_word", "leading_word", "place_before", "kind_noun", "place_preposition",
         "compass_word", "product_noun")
#: a city NER left out is taken up only with at least this many people (countries and subdivisions always)
FIND_CITIES_FROM = 15000
WORDS = register_schema("entities/words.tsv", Column("word"), Column("role", choices=ROLES))


class EntityWords:
    """The words the entity stage reads (entities/words.tsv), by role, and the AP state
    abbreviations of datelines (lexicon/places.tsv)."""

    def __init__(self, resources: Resources) -> None:
        self.roles = words_by_role(resources.table(WORDS), ROLES)
        self.states = {row["abbreviation"]: row["name"] for row in resources.table(PLACES)
                       if row["kind"] == "state" and row["abbreviation"]}
        self.timezones = frozenset(row["word"] for row in resources.table(TIMEZONES))

    def __getitem__(self, role: str) -> frozenset[str]:
        return self.roles[role]


def default_words() -> EntityWords:
    """The installed language's entity words."""
    global _DEFAULT_WORDS
    if _DEFAULT_WORDS is None:
        _DEFAULT_WORDS = EntityWords(default_resources())
    return _DEFAULT_WORDS


_DEFAULT_WORDS: Optional[EntityWords] = None


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
                label not in PLACES_OR_PEOPLE and other_words[-len(words):] == words)
            if not same_family or (is_place is not None and is_place(name) and other_label not in PLACES_OR_PEOPLE):
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


class EntityCanonicalizer(RuleComponent):
    """Tidy entity mentions and give each the canonical name of its entity."""

    resource_folders = ("lexicon", "entities")

    def __init__(self, nlp: Language, name: str = "entity_canonicalizer", *,
                 labels: Iterable[str] = NAME_LABELS, split_labels: Iterable[str] = SPLIT_LABELS,
                 split_locatives: bool = True, gazetteers: Iterable[str] = GAZETTEERS,
                 find_places: bool = True, find_headed: bool = True) -> None:
        """
        nlp (Language): the pipeline this component belongs to.
        name (str): the component's name in the pipeline.
        labels (Iterable[str]): entity labels that are names (not numbers or dates).
        split_labels (Iterable[str]): labels of names that "X in Y" splits into X and the place Y.
        split_locatives (bool): split "X in Y" facilities and organisations into X and Y.
        gazetteers (Iterable[str]): the gazetteers that vote for an entity's label
            (`pipeline.stages.entities.gazetteer.SOURCES`: countries, subdivisions, cities).
        find_places (bool): take up known places NER left out, after a preposition of place
            ("through Barnet", "in south-west England") or after a place and a comma or "and"
            ("Thurrock, Essex").
        find_headed (bool): take up proper nouns NER left out that end in an organisation word or a
            head word ("Harbourside Athletic won", "Brightmart Stores Inc.").
        """
        super().__init__(nlp, name)
        self.labels = set(labels)
        self.split_labels = set(split_labels)
        self.split_locatives = split_locatives
        self.gazetteers = list(gazetteers)
        self.find_places = find_places
        self.find_headed = find_headed
        self.words: Optional[EntityWords] = None
        self.votes: Optional[EntityVotes] = None
        self.key_aliases: dict[str, str] = {}
        self.nlp = nlp

    @cached_property
    def common_words(self) -> frozenset[str]:
        """The lowercase words of the language's dictionary: the index of the pipeline's lemmatizer
        (en_core_web_sm's holds WordNet's nouns, verbs, adjectives and adverbs); empty without one.
        Read on first use: only an article with a candidate word needs it."""
        return english_words(self.nlp)

    def load_resources(self, resources: Resources) -> None:
        self.words = EntityWords(resources)
        self.votes = EntityVotes(resources, self.gazetteers)
        self.key_aliases = {name_key(name): name_key(main) for name, main in self.votes.aliases.items()}

    @guarded(ENTITIES)
    def __call__(self, doc: Doc) -> Doc:
        """Write `doc.spans["entities"]` and tidy `doc.ents`.

        doc (Doc): a document after NER and the entity ruler.
        RETURNS (Doc): the same document; each entity span has `span._.canonical`.
        """
        self.require_resources()
        words = self.words
        mentions: list[Span] = []
        others: list[Span] = []
        datelines = doc.spans.get(DATELINE, [])
        for ent in complete_names(doc.ents, self.votes, words["org_word"], self.labels, words["product_noun"]):
            if ent.label_ not in self.labels:
                others.append(ent)
                continue
            if _unit_after_number(ent) or not _looks_like_a_name(ent) or ent.text.lower() in words.timezones:
                continue  # "2.3 GB" is a unit; "UTC" a time zone; "lorry driver", "7.30am" are no names
            for part in self._split(ent):
                part = _trim(part, words)
                if part is not None:
                    mentions.append(_relabel(part, datelines, words))
        mentions.extend(_wire_services(doc, datelines, mentions + others))
        if self.find_places or self.find_headed:
            title, proper = _capitalised(doc, words["org_word"])
            if self.find_places:
                mentions.extend(self._places_ner_missed(doc, mentions + others, title))
            if self.find_headed:
                mentions.extend(self._headed_names_ner_missed(doc, mentions + others, proper))
        doc.ents = filter_spans(mentions + others)
        mentions = [e for e in doc.ents if e.label_ in self.labels]
        keys = [(m.ent_id_ or canonical_form(_cased(m, datelines, words)), m.label_) for m in mentions]
        names = [canonical for canonical, _ in resolve_names(keys, words, self.votes.is_place, self.votes.place_of,
                                                             self.votes.head_label)]
        labels = self.votes.decide(names, mentions, self.labels, words["org_word"])  # one entity, one label
        dropped = _common_words_at_sentence_start(names, mentions, lambda: self.common_words, self.votes, labels)
        spans = []
        for mention, canonical in zip(mentions, names):
            if canonical in dropped:
                continue
            span = Span(doc, mention.start, mention.end, label=labels[canonical])
            span._.canonical = canonical
            span._.entity_key = name_key(canonical, self.key_aliases)
            spans.append(span)
        doc.spans[ENTITIES] = spans
        return doc

    def _places_ner_missed(self, doc: Doc, taken: list[Span], title: set[int]) -> list[Span]:
        """Known places NER left out: one to three capitalised words inside a sentence that a
        gazetteer holds (a city of at least FIND_CITIES_FROM people, and not a word of the
        dictionary: "Reading", "Nice"), after a preposition of place, compass words allowed
        between ("in south-west England"), or after a place and a comma or "and" ("Thurrock, Essex",
        "Wales and south-west England"). `title`: the indices of title-case tokens."""
        used = _token_set(taken)
        places = [s for s in taken if s.label_ in {"GPE", "LOC"}]
        found: list[Span] = []
        last = 0
        for i in sorted(title):
            if i < last or i == 0 or i in used or not doc[i].is_alpha or doc[i].is_sent_start:
                continue
            end = i
            while end in title and end - i < 3 and end not in used:
                end += 1
            last = end
            span = next((doc[i:k] for k in range(end, i, -1) if self._known_place(doc[i:k].text)), None)
            if span is None or span.end in title or not self._place_before(doc, i, places):
                continue
            found.append(Span(doc, span.start, span.end, label="GPE"))
            places.append(found[-1])  # "through Barnet and Enfield"
            last = span.end
        return found

    def _headed_names_ner_missed(self, doc: Doc, taken: list[Span], proper: set[int]) -> list[Span]:
        """Names NER left out: two to four proper nouns (tagged so, capitalised, in no other
        mention) whose last word ends organisation names ("Inc.", "Council": ORG) or is a head
        word ("Athletic", "Hospital": the head's label). `proper`: the indices of such tokens."""
        used = _token_set(taken)
        proper = proper - used
        found: list[Span] = []
        last = 0
        for i in sorted(proper):
            if i < last:
                continue
            end = i
            while end in proper:
                end += 1
            last = end
            label = self._head_label(doc[end - 1].text)
            # the end of a longer name NER cut ("European Aeronautic Defence and" + "Space Company") is left alone
            after_name = i > 0 and (i - 1 in used or (doc[i - 1].lower_ in JOINING_WORDS and i > 1 and i - 2 in used))
            if 2 <= end - i <= 4 and label is not None and doc[i].lower_ not in self.words["leading_word"] \
                    and not after_name:
                found.append(Span(doc, i, end, label=label))
        return found

    def _head_label(self, word: str) -> Optional[str]:
        """The label a name's last word gives it: ORG for an organisation word, else the head's
        strongest label; None for another word."""
        if word in self.words["org_word"]:
            return "ORG"
        best = self.votes.strongest_head(word)
        return best[0] if best is not None and word[:1].isupper() else None

    def _known_place(self, name: str) -> bool:
        sources = self.votes.gazetteer.sources_of(self.votes.aliases.get(name, name))
        if not sources:
            return False
        if "countries" in sources or "subdivisions" in sources:
            return True
        return self.votes.gazetteer.population.get(name, 0) >= FIND_CITIES_FROM and name.lower() not in self.common_words

    def _place_before(self, doc: Doc, start: int, places: list[Span]) -> bool:
        j = start - 1
        while j > 0 and (doc[j].lower_ in self.words["compass_word"] or (doc[j].text == "-" and j > 1)):
            j -= 1
        if doc[j].lower_ in self.words["place_preposition"]:
            return True
        return doc[j].lower_ in {",", "and", "or"} and any(p.end == j for p in places)

    def _split(self, ent: Span) -> list[Span]:
        described = _split_at_kind_noun(ent, self.words["kind_noun"], self.words["leading_word"])
        if described is not None:
            return described
        if not self.split_locatives or ent.label_ not in self.split_labels:
            return [ent]
        for token in ent[1:-1]:
            tail = ent.doc[token.i + 1:ent.end]
            if token.lower_ == "in" and all(t.text[:1].isupper() or t.is_punct for t in tail):
                head = ent.doc[ent.start:token.i]
                return [Span(ent.doc, head.start, head.end, label=ent.label_, kb_id=ent.kb_id,
                             span_id=ent.id),
                        Span(ent.doc, tail.start, tail.end, label="GPE")]
        return [ent]


def _split_at_kind_noun(ent: Span, kind_nouns: frozenset[str], leading: frozenset[str] = frozenset()) -> Optional[list[Span]]:
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


def english_words(nlp: Language, name: str = "lemmatizer") -> frozenset[str]:
    """The words of the lemmatizer's index (its dictionary of the language's lemmas), lowercase.

    nlp (Language): a pipeline with a rule lemmatizer, enabled or not.
    name (str): the lemmatizer's component name.
    RETURNS (frozenset[str]): the words; empty when there is no lemmatizer or index.
    """
    if name not in nlp.component_names:
        return frozenset()
    lookups = getattr(nlp.get_pipe(name), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return frozenset()
    return frozenset(word for words in lookups.get_table("lemma_index").values() for word in words)


def _common_words_at_sentence_start(names: list[str], mentions: list[Span], common: Callable[[], frozenset[str]],
                                    votes: EntityVotes, labels: dict[str, str]) -> set[str]:
    """Entities that are only a capitalised common word beginning a sentence ("Turnout was 67 per
    cent", "Debris fell"): NER takes them for names; `common` gives the dictionary's words. An
    entity stays when it has another mention ("Apple has ... Apple released"), when its mention
    is longer, inside a sentence or all capitals, when it is a
    nationality or group (the dictionary holds "Chinese"), when its name is a known place or has a
    head word or shape, or when a cue stands by it ("Apple said it")."""
    seen: dict[str, bool] = {}
    for name, mention in zip(names, mentions):
        first = mention[0]
        seen[name] = name not in seen and len(mention) == 1 and first.text.istitle() and not mention.ent_id_ \
            and _begins_sentence(first)
    candidates = [name for name, at_start in seen.items() if at_start and labels[name] != "NORP"]
    if not candidates:
        return set()
    words = common()  # the dictionary is read only when there is a candidate
    dropped = {name for name in candidates if name.lower() in words
               and not votes.is_place(name) and not votes.name_votes(name)}
    if dropped:  # a cue for the name keeps it: "Apple said it would", "Amazon shares fell"
        text = mentions[0].doc.text
        dropped -= {name for name, mention in zip(names, mentions) if name in dropped
                    and any(votes.cues[i].weight > 0 for i in votes.cue_votes(mention, text))}
    return dropped


def _wire_services(doc: Doc, datelines, taken: list[Span]) -> list[Span]:
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


def _in_dateline(span: Span, datelines) -> bool:
    return any(d.start <= span.start and span.end <= d.end for d in datelines)


def _cased(span: Span, datelines, words: EntityWords) -> str:
    """ "LONDON" in a dateline is London, and "Fla." there is Florida."""
    if _in_dateline(span, datelines):
        if span.text in words.states:
            return words.states[span.text]
        if span.text.isupper():
            return " ".join(w.capitalize() for w in span.text.split())
    return span.text


def _relabel(span: Span, datelines, words: EntityWords) -> Span:
    """Fix labels that news conventions settle: a dateline's place is a GPE ("FLAGSTAFF,
    Ariz. -"), a name ending in "Rail", "Energy" or "Association" is an organisation, and a
    "person" right after "in" or "near" is a place ("a school in Bedminster")."""
    label = span.label_
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    possessive = span.end < len(doc) and doc[span.end].tag_ == "POS"
    if _in_dateline(span, datelines) and span.start == datelines[0].start:
        label = "GPE"
    elif span[-1].text in words["org_word"] and label in {"PERSON", "GPE", "FAC", "PRODUCT", "WORK_OF_ART", "NORP", "LOC"} \
            and len(span) > 1:
        label = "ORG"
    elif label == "PERSON" and before in words["place_before"] and not possessive:
        label = "GPE"
    if label == span.label_:
        return span
    return Span(span.doc, span.start, span.end, label=label, kb_id=span.kb_id, span_id=span.id)


def _looks_like_a_name(ent: Span) -> bool:
    """A name has a capital letter and is not a clock time or one common noun."""
    if not any(ch.isupper() for ch in ent.text) or re.fullmatch(r"[\d.:,]+\s*(?:am|pm|a\.m\.|p\.m\.)?", ent.text, re.I):
        return False
    return not (len(ent) == 1 and ent[0].is_title and ent[0].pos_ in {"NOUN", "VERB", "ADJ", "ADV"}
                and ent[0].is_sent_start and ent.label_ in {"PERSON", "ORG", "GPE"})


def _unit_after_number(ent: Span) -> bool:
    """A short all-capitals mention right after a number is a unit symbol ("2.3 GB")."""
    return (len(ent) == 1 and ent.start > 0 and ent.doc[ent.start - 1].like_num
            and ent.text.isupper() and len(ent.text) <= 3)


def _capitalised(doc: Doc, org_words: frozenset[str]) -> tuple[set[int], set[int]]:
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


def _token_set(spans: Iterable[Span]) -> set[int]:
    """The indices of the tokens the spans cover."""
    used: set[int] = set()
    for span in spans:
        used.update(range(span.start, span.end))
    return used


def _begins_sentence(token: Token) -> bool:
    """Whether `token` is the first word of its sentence (after any quotes, brackets or line breaks)."""
    doc, i = token.doc, token.i
    while i > 0 and not doc[i].is_sent_start:
        i -= 1
        if not (doc[i].is_punct or doc[i].is_space):
            return False
    return True


def _trim(span: Span, words: EntityWords) -> Optional[Span]:
    """Drop a leading article, a role word before a person's name, a kind noun beginning a sentence
    before an organisation's ("Operator ScotLink"), and a trailing possessive or punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    label = span.label
    while start < end and (doc[start].lower_ in words["leading_word"] or doc[start].is_punct):
        start += 1
    # "Operator ScotLink said": a kind noun, capitalised as the sentence's first word, describes the
    # organisation (a person's full name keeps its first word: "Group Captain Ann Reid")
    if end - start >= 2 and _begins_sentence(doc[start]) and doc[start].lower_ in words["kind_noun"] \
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


@Language.factory(
    "entity_canonicalizer",
    assigns=["doc.ents", "doc.spans"],
    requires=["doc.ents"],
    default_config={"labels": list(NAME_LABELS), "split_labels": SPLIT_LABELS, "split_locatives": True,
                    "gazetteers": GAZETTEERS, "find_places": True, "find_headed": True},
)
def make_entity_canonicalizer(nlp: Language, name: str, labels: list[str], split_labels: list[str],
                              split_locatives: bool, gazetteers: list[str], find_places: bool = True,
                              find_headed: bool = True) -> EntityCanonicalizer:
    """Build the canonicaliser; settings come from the pipeline config."""
    return EntityCanonicalizer(nlp, name, labels=labels, split_labels=split_labels, split_locatives=split_locatives,
                               gazetteers=gazetteers, find_places=find_places, find_headed=find_headed)
