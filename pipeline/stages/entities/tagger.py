"""The `entity_canonicalizer` component: named entities with one canonical name per document.

The statistical NER of en_core_web_sm and spaCy's own ``entity_ruler`` (domain patterns in
``models/en/entities/patterns.jsonl``) find the mentions; ``EntityCanonicalizer`` tidies them
("the Great Hall of the People in Beijing" -> a facility and a city), and gives each
mention the canonical name of its entity ("Xi" -> "Xi Jinping", "CNSA" -> "China National
Space Administration"), written to ``doc.spans["entities"]`` with ``span._.canonical``.
"""

from __future__ import annotations

from functools import cached_property
from typing import Iterable, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.core.attrs import DATELINE, ENTITIES
from pipeline.core.kinds import NAME_LABELS
from pipeline.rules.component import RuleComponent
from pipeline.rules.guard import guarded
from pipeline.rules.resources import Resources

from . import patterns  # noqa: F401 -- registers the entity ruler's pattern reader
from .complete import JOINING_WORDS, complete_names, short_forms
from .labels import SPLIT_LABELS
from .mentions import (
    capitalised,
    cased,
    common_words_at_sentence_start,
    dateline_places,
    looks_like_a_name,
    relabel,
    split_at_kind_noun,
    token_set,
    trim,
    unit_after_number,
    wire_services,
    without_space,
)
from .names import canonical_form, name_key, one_name_per_key, resolve_names
from .votes import EntityVotes
from .words import EntityWords, english_words

#: labels of short names that join a longer name of another label only as themselves
#: the gazetteers whose names vote for a place label (see pipeline.stages.entities.gazetteer)
GAZETTEERS = ["countries", "subdivisions", "cities"]
#: a city NER left out is taken up only with at least this many people (countries and subdivisions always)
FIND_CITIES_FROM = 15000


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
        """Write `doc.spans["entities"]`, and set `doc.ents` to the names the table holds.

        doc (Doc): a document after NER and the entity ruler.
        RETURNS (Doc): the same document; each entity span has `span._.canonical`; `doc.ents` holds
            the same spans, with the label voted for their entity (the table's label), beside the
            entities that are no names (DATE, MONEY, ...; DISEASE), as NER and the ruler found them.
        """
        self.require_resources()
        words = self.words
        mentions: list[Span] = []
        others: list[Span] = []
        datelines = doc.spans.get(DATELINE, [])
        for ent in complete_names(without_space(doc.ents), self.votes, words["org_word"], self.labels, words["product_noun"]):
            if ent.label_ not in self.labels:
                others.append(ent)
                continue
            if unit_after_number(ent) or not looks_like_a_name(ent) or ent.text.lower() in words.timezones:
                continue  # "2.3 GB" is a unit; "UTC" a time zone; "lorry driver", "7.30am" are no names
            for part in self._split(ent):
                part = trim(part, words)
                if part is not None:
                    mentions.append(relabel(part, datelines, words))
        mentions.extend(wire_services(doc, datelines, mentions + others))
        mentions.extend(dateline_places(doc, datelines, mentions + others))
        if self.find_places or self.find_headed:
            title, proper = capitalised(doc, words["org_word"])
            if self.find_places:
                mentions.extend(self._places_ner_missed(doc, mentions + others, title))
            if self.find_headed:
                mentions.extend(self._headed_names_ner_missed(doc, mentions + others, proper))
                mentions = short_forms(mentions, title | proper, others, self.votes.is_place, self._stands_alone,
                                       words["function_word"] | words["leading_word"])
        doc.ents = filter_spans(mentions + others)
        mentions = [e for e in doc.ents if e.label_ in self.labels]
        keys = [(m.ent_id_ or canonical_form(cased(m, datelines, words)), m.label_) for m in mentions]
        names = [canonical for canonical, _ in resolve_names(keys, words, self.votes.is_place, self.votes.place_of,
                                                             self.votes.head_label)]
        names = one_name_per_key(names, self.key_aliases)  # one key, one entity, one label
        labels = self.votes.decide(names, mentions, self.labels, words["org_word"])  # one entity, one label
        dropped = common_words_at_sentence_start(names, mentions, lambda: self.common_words, self.votes, labels,
                                                 words["speaking_verb"])
        spans: list[Span] = []
        relabelled: list[Span] = []
        gone: list[Span] = []
        for mention, canonical in zip(mentions, names):
            if canonical in dropped:
                gone.append(mention)
                continue
            span = Span(doc, mention.start, mention.end, label=labels[canonical], kb_id=mention.kb_id,
                        span_id=mention.id)
            span._.canonical = canonical
            span._.entity_key = name_key(canonical, self.key_aliases)
            spans.append(span)
            if span.label != mention.label:
                relabelled.append(span)
        doc.spans[ENTITIES] = spans
        if relabelled or gone:  # doc.ents says what the table says (displaCy shows it): the voted labels,
            # no dropped names; numbers, times and labels that are no names (DISEASE) as NER and the ruler found them
            doc.set_ents(relabelled, outside=gone, default="unmodified")
        return doc

    def _places_ner_missed(self, doc: Doc, taken: list[Span], title: set[int]) -> list[Span]:
        """Known places NER left out: one to three capitalised words inside a sentence that a
        gazetteer holds (a city of at least FIND_CITIES_FROM people, and not a word of the
        dictionary: "Reading", "Nice"), after a preposition of place, compass words allowed
        between ("in south-west England"), or after a place and a comma or "and" ("Thurrock, Essex",
        "Wales and south-west England"). `title`: the indices of title-case tokens."""
        used = token_set(taken)
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
        used = token_set(taken)
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

    def _stands_alone(self, word: Span, label: str) -> bool:
        """Whether one word is a name of `label` by itself: not a word of the dictionary ("Federal"),
        or a cue of the label stands by it ("Kestrel chief executive")."""
        if word.text.lower() not in self.common_words:
            return True
        cues = self.votes.cues
        return any(cues[i].label == label and weight > 0 for i, weight in self.votes.cue_votes(word).items())

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
        described = split_at_kind_noun(ent, self.words["kind_noun"], self.words["leading_word"])
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
