"""The words the entity stage reads, by role (``entities/words.tsv``: organisation words, role
words, words of place ...), the AP state abbreviations of datelines and the time zones; and the
words of the language's dictionary."""

from __future__ import annotations

from spacy.language import Language

from pipeline.language.lexicon import PLACES, TIMEZONES
from pipeline.rules.resources import Resources, built_from, register_schema, words_by_role
from pipeline.rules.tsv import Column

ROLES = ("org_word", "role_word", "function_word", "leading_word", "place_before", "kind_noun", "place_preposition",
         "compass_word", "product_noun", "speaking_verb")
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
    """The installed language's entity words, built once per process."""
    return built_from(EntityWords)


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
