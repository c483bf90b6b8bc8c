"""The entity ruler's patterns (``entities/patterns.jsonl``), read for spaCy's own ``entity_ruler``
by the config's reader ``newsfacts.read_patterns.v1``, with the patterns that differ only in their
first word joined into one (`compact_patterns`): the same entities, found faster."""

from __future__ import annotations

import json
from typing import Optional

import spacy

from pipeline.rules.resources import config_path


@spacy.registry.readers("newsfacts.read_patterns.v1")
def read_patterns(path: str) -> list[dict]:
    """Read entity-ruler patterns from a JSON Lines file into a list, compacted (`compact_patterns`);
    a relative `path` is inside the models folder (`config_path`)."""
    import srsly

    return compact_patterns(list(srsly.read_jsonl(config_path(path))))


def compact_patterns(patterns: list[dict]) -> list[dict]:
    """The same entity-ruler patterns, with token patterns that differ only in the word their first
    token must be ("Apollo" 11, "Voyager" 2 ...) joined into one whose first token is any of them.

    The data keeps one pattern per name, which is easy to read and edit; spaCy's Matcher follows
    every token pattern from every token, so half as many patterns cost less (the same entities).
    """
    def key(entry: dict) -> Optional[tuple]:
        pattern = entry["pattern"]
        if isinstance(pattern, list) and pattern and set(pattern[0]) == {"TEXT"} and isinstance(pattern[0]["TEXT"], str):
            return entry["label"], entry.get("id"), json.dumps(pattern[1:], sort_keys=True)
        return None

    keyed = [(entry, key(entry)) for entry in patterns]
    groups: dict[tuple, list[dict]] = {}
    for entry, group_key in keyed:
        if group_key is not None:
            groups.setdefault(group_key, []).append(entry)
    compacted = []
    for entry, group_key in keyed:
        group = groups.get(group_key, [entry])
        if len(group) == 1:
            compacted.append(entry)
        elif group[0] is entry:  # the group, where its first pattern was
            words = [member["pattern"][0]["TEXT"] for member in group]
            compacted.append({**entry, "pattern": [{"TEXT": {"IN": words}}] + entry["pattern"][1:]})
    return compacted
