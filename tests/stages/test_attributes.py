"""The attribute ruler applied by lookups gives exactly the attributes of spaCy's own."""

import spacy

from pipeline.run.build import base_model_name
from pipeline.stages.attributes import TokenAttributes

TEXTS = ["The council met on Monday; it's gonna vote again, y'all.", "Let's see: there are 12 ships and he ain't here.",
         "Shares in Acme Corp. rose 5% to $3.20 at 10:30 a.m. ET.\nThe  new bridge (186 metres) opened."]


def test_the_same_attributes_as_spacys_attribute_ruler():
    nlp = spacy.load(base_model_name())
    ruler = nlp.get_pipe("attribute_ruler")
    fast = TokenAttributes(nlp)
    fast.initialize(patterns=ruler.patterns)
    with nlp.select_pipes(enable=["tok2vec", "tagger", "parser"]):
        docs = list(nlp.pipe(TEXTS))
    for doc in docs:
        theirs, ours = ruler(doc.copy()), fast(doc.copy())
        assert [(t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_) for t in ours] == \
            [(t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_) for t in theirs]


def test_a_rule_it_cannot_apply_is_refused():
    nlp = spacy.blank("en")
    fast = TokenAttributes(nlp)
    try:
        fast.add_patterns([{"patterns": [[{"LOWER": "a"}, {"LOWER": "b"}, {"LOWER": "c"}]], "attrs": {"POS": "X"}}])
    except ValueError as err:
        assert "not supported" in str(err)
    else:
        raise AssertionError("a rule of three tokens was accepted")
