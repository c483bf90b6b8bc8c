"""Stage 2: named entities with one canonical name and one label per entity in an article.

The statistical NER of en_core_web_sm and spaCy's own ``entity_ruler`` (domain patterns in
``models/<lang>/entities/patterns.jsonl``) find the mentions; this package is the mechanism that
tidies them and decides what each entity is called and what it is:

- ``patterns``: the entity ruler's patterns, read and compacted;
- ``words``: the entity cue words by role (``entities/words.tsv``);
- ``names``: a mention's canonical name and its key across articles;
- ``complete``: names NER cut short, made whole;
- ``votes``: one label per entity, by the evidence of the whole article;
- ``gazetteer``: the place names of the gazetteer files (built by ``tools/build_gazetteers.py``);
- ``mentions``: the rules that tidy one mention (trim, split, relabel);
- ``tagger``: the ``entity_canonicalizer`` component.
"""

from .tagger import EntityCanonicalizer, make_entity_canonicalizer

__all__ = ["EntityCanonicalizer", "make_entity_canonicalizer"]
