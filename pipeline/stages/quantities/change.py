"""Whether a quantity is the size of a change, or a level a change reached or left: "rose 5%",
"fell to $3", "cut 1,200 jobs", "a 3% drop", "up 12%", "down from 40" (GUIDELINES.md section 3).

Read on the dependency parse, from the quantity up through its heads, with the change words of
``quantities/changes.tsv``: a verb whose object the quantity is or which it reaches through a
preposition, a noun it modifies, an adverb it measures. The walk stops at a subject (the
quantity that does the changing is no change itself) and at the first verb, so a change word
elsewhere in the sentence never reaches it.
"""

from __future__ import annotations

from typing import Callable, Optional

from spacy.tokens import Span, Token

from pipeline.language.lemmas import written_lemma
from pipeline.rules.resources import Resources, register_schema
from pipeline.rules.tsv import Column

CHANGES = register_schema("quantities/changes.tsv", Column("word"), Column("part", choices=("verb", "noun", "adverb")),
                          Column("change", choices=("increase", "decrease")),
                          Column("via", "list", required=False, default=()),
                          Column("examples", "list", required=False, default=()))

#: the parts of speech spaCy gives each part of the table
_PARTS = {"verb": {"VERB"}, "noun": {"NOUN"}, "adverb": {"ADV", "ADP", "ADJ", "PART"}}
#: dependencies through which a quantity reaches the word it measures or changes: a modifier of
#: its noun, an object, a measure of an adverb, the object of a preposition
_UPWARD = {"nummod", "compound", "amod", "quantmod", "nmod", "dobj", "obj", "npadvmod", "advmod", "attr", "pobj",
           "prep", "agent", "appos", "conj", "dative", "oprd", "acomp"}
#: how many heads up a change word may be: "cut [1,200] jobs" is two, "fell to a record [12,384] megawatts" three
_REACH = 4


class ChangeWords:
    """The change words of one language, and the reading of a quantity's change."""

    def __init__(self, resources: Resources, through: frozenset[str] = frozenset(),
                 planned: frozenset[str] = frozenset()) -> None:
        """
        resources (Resources): the language's `quantities/` resources (changes.tsv).
        through (frozenset[str]): the prepositions through which a quantity reaches its change
            ("rose by 5%", "fell to $3", "down from 40"); any other ends the walk ("a zone 3 km
            wide in the sea where debris fell"). Empty: any.
        planned (frozenset[str]): after a comparative and "than", what makes it a plan, not a
            change ("15% lower than planned").
        """
        self.through = through
        self.planned = planned
        self.rows = resources.table(CHANGES)
        self.words: dict[tuple[str, str], str] = {}
        #: (word, part of speech) -> the prepositions a quantity must come through, when only some do
        self.via: dict[tuple[str, str], frozenset[str]] = {}
        for row in self.rows:
            for pos in _PARTS[row["part"]]:
                self.words.setdefault((row["word"], pos), row["change"])
                if row.get("via"):
                    self.via.setdefault((row["word"], pos), frozenset(row["via"]))

    def _word(self, token: Token, through: Optional[Token], lemma: Callable[[Token], str]) -> Optional[str]:
        """The change `token` gives a quantity that reaches it through the preposition `through`."""
        for key in ((lemma(token).lower(), token.pos_), (token.lower_, token.pos_)):
            if key in self.words:
                via = self.via.get(key)
                return self.words[key] if via is None or (through is not None and through.lower_ in via) else None
        return None

    def change(self, span: Span, lemma: Callable[[Token], str] = written_lemma) -> Optional[str]:
        """ "increase", "decrease", or None: the change the sentence gives the quantity `span`.

        span (Span): a quantity's span in a parsed document.
        lemma (Callable[[Token], str]): a token's lemma (the pipeline's `Lemmas`).
        RETURNS (Optional[str]): the change, or None when the quantity is a plain level.
        """
        token = span.root
        for _ in range(_REACH):
            if token.dep_ not in _UPWARD or token.head.i == token.i:
                return None
            head = token.head
            if head.i in range(span.start, span.end):
                token = head
                continue
            if token.pos_ == "ADP" and self.through and token.lower_ not in self.through:
                return None  # "a zone [3 km] wide in the sea": not what the verb changes
            found = self._word(head, token if token.pos_ == "ADP" else None, lemma)
            if found is not None:
                counted = token.dep_ == "nummod" and head.tag_ in {"NNS", "NNPS"}
                if counted and head.pos_ == "NOUN" or self._short_of_plan(head):
                    return None  # "five declines": a count of changes; "12% lower than planned"
                return found
            if head.pos_ in {"VERB", "AUX"}:
                return self._beside(span, head)  # "employs 1,800 people": the first verb up is no change
            if head.pos_ in {"NOUN", "PROPN"} and self._beside(span, head):
                return self._beside(span, head)  # "[1,500] fewer visitors", "an extra [500] staff"
            token = head
        return None

    def _beside(self, span: Span, verb: Token) -> Optional[str]:
        """An adverb or adjective of change of `verb` (or of the noun the quantity counts) right
        before or after the quantity: "closed up [350 points]", "ended [0.5%] lower", "[1,500]
        fewer visitors"."""
        doc = span.doc
        for i in (span.start - 1, span.end):
            if 0 <= i < len(doc) and doc[i].head.i == verb.i and self.words.get((doc[i].lower_, doc[i].pos_)) \
                    and doc[i].pos_ != "VERB":
                return None if self._short_of_plan(doc[i]) else self.words[(doc[i].lower_, doc[i].pos_)]
        return None

    def _short_of_plan(self, word: Token) -> bool:
        """ "lower than planned", "fewer than forecast": a comparison with a plan, not a change."""
        after = word.doc[word.i + 1:word.i + 4]
        return len(after) >= 2 and after[0].lower_ == "than" and any(w.lower_ in self.planned for w in after[1:])
