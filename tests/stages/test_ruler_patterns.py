"""Entity-ruler patterns joined at load (pipeline/stages/entities/patterns.py compact_patterns): fewer, same entities."""

import spacy

from pipeline.stages.entities.patterns import compact_patterns

NUMBER = {"TEXT": {"REGEX": r"^\d+$"}, "OP": "?"}
PATTERNS = [
    {"label": "PRODUCT", "pattern": [{"TEXT": "Apollo"}, NUMBER]},
    {"label": "PRODUCT", "pattern": "Hubble Space Telescope"},
    {"label": "PRODUCT", "pattern": [{"TEXT": "Voyager"}, NUMBER]},
    {"label": "ORG", "pattern": [{"TEXT": "Apollo"}, {"TEXT": "Global"}]},  # another rest: kept apart
    {"label": "EVENT", "pattern": [{"TEXT": "Gemini"}, NUMBER]},  # another label: kept apart
    {"label": "PRODUCT", "pattern": [{"TEXT": "Soyuz"}, NUMBER], "id": "soyuz"},  # an id: kept apart
    {"label": "PRODUCT", "pattern": [{"LOWER": "pioneer"}, NUMBER]},  # not TEXT: kept as it is
]


def test_patterns_that_differ_only_in_their_first_word_are_joined_where_the_first_was():
    joined = compact_patterns(PATTERNS)
    assert joined[0] == {"label": "PRODUCT", "pattern": [{"TEXT": {"IN": ["Apollo", "Voyager"]}}, NUMBER]}
    assert joined[1:] == [PATTERNS[1]] + PATTERNS[3:]


def test_the_joined_patterns_find_the_same_entities():
    text = ("Apollo 11 landed in 1969; Voyager 2 and Voyager left later. Apollo Global bought Gemini 4 "
            "photos, and Soyuz 7 and Pioneer 10 were seen by the Hubble Space Telescope.")
    found = []
    for patterns in (PATTERNS, compact_patterns(PATTERNS)):
        nlp = spacy.blank("en")
        nlp.add_pipe("entity_ruler").add_patterns(patterns)
        found.append([(e.text, e.label_, e.ent_id_) for e in nlp(text).ents])
    assert found[0] == found[1]
    assert ("Voyager 2", "PRODUCT", "") in found[1] and ("Apollo Global", "ORG", "") in found[1]
