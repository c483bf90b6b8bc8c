"""Whether a quantity is the size of a change: "rose 5%", "cut 1,200 jobs", "a 3% drop", "up
12%", "4,000 job cuts", "the increase was 5%" (GUIDELINES.md section 3, "Change"). The level a
change reaches or leaves is no change: in "fell 2% to $3 from $5" only the 2% is.

Read on the dependency parse, from the quantity up through its heads, with the change words of
``quantities/changes.tsv``: a verb whose object the quantity is or which it reaches through a
preposition, a noun it modifies, an adverb it measures, a noun of change that is the subject of
the quantity's copula. The walk stops at a subject (the quantity that does the changing is no
change itself) and at the first verb, so a change word elsewhere in the sentence never reaches
it. A quantity that reaches its change word through a preposition of level ("to", "from") is the
level reached or left: related to the change (which makes a bare number a quantity, and "from
9,000 to 7,500" two levels rather than a range), but plain. A comparative ("12% higher") with
"than" is a change only against an earlier time ("than a year earlier"), not against another
thing ("than the old model") or a plan ("than planned").
"""

from __future__ import annotations

from typing import Callable, NamedTuple, Optional

from spacy.tokens import Span, Token

from pipeline.core.attrs import TIMEX
from pipeline.language.lemmas import written_lemma
from pipeline.rules.resources import Resources, register_schema
from pipeline.rules.tsv import Column, Row

#: the direct object, in a row's `via`: "close 12 libraries", not "closed up 350 points"
OBJECT = "object"
COUNTS = ("no", "only", "own")
CHANGES = register_schema("quantities/changes.tsv", Column("word"), Column("part", choices=("verb", "noun", "adverb")),
                          Column("change", choices=("increase", "decrease")),
                          Column("via", "list", required=False, default=()),
                          Column("counts", required=False, choices=COUNTS),
                          Column("examples", "list", required=False, default=()))

#: the parts of speech spaCy gives each part of the table
_PARTS = {"verb": {"VERB"}, "noun": {"NOUN"}, "adverb": {"ADV", "ADP", "ADJ", "PART"}}
#: dependencies through which a quantity reaches the word it measures or changes: a modifier of
#: its noun, an object, a measure of an adverb, the object of a preposition
_UPWARD = {"nummod", "compound", "amod", "quantmod", "nmod", "dobj", "obj", "npadvmod", "advmod", "attr", "pobj",
           "prep", "agent", "appos", "conj", "dative", "oprd", "acomp"}
_OBJECTS = {"dobj", "obj"}
#: the tags of a comparative ("higher", "more", "fewer")
_COMPARATIVE = {"JJR", "RBR"}
#: how many heads up a change word may be: "cut [1,200] jobs" is two, "fell to a record [12,384] megawatts" three
_REACH = 4


class Reading(NamedTuple):
    """What a quantity is to the change word that reaches it."""

    change: str  # increase or decrease
    level: bool  # the level the change reached or left ("fell to $3"), not its size


class ChangeWords:
    """The change words of one language, and the reading of a quantity's change."""

    def __init__(self, resources: Resources, through: frozenset[str] = frozenset(),
                 planned: frozenset[str] = frozenset(), level: frozenset[str] = frozenset(),
                 earlier: frozenset[str] = frozenset()) -> None:
        """
        resources (Resources): the language's `quantities/` resources (changes.tsv).
        through (frozenset[str]): the prepositions through which a quantity reaches its change
            ("rose by 5%", "fell to $3", "down from 40"); any other ends the walk ("a zone 3 km
            wide in the sea where debris fell"). Empty: any.
        planned (frozenset[str]): after a comparative and "than", what makes it a plan, not a
            change ("15% lower than planned").
        level (frozenset[str]): the prepositions through which a quantity is the level a change
            reached or left ("fell to $3", "down from 40"), not its size.
        earlier (frozenset[str]): after a comparative and "than", words that make it a
            comparison with an earlier time ("than before"), as a date after "than" does.
        """
        self.through = through
        self.planned = planned
        self.level = level
        self.earlier = earlier
        self.rows = resources.table(CHANGES)
        #: (word, part of speech) -> its row; a word of two is a noun with its compound ("job cut")
        self.words: dict[tuple[str, str], Row] = {}
        #: the heads of the words of two ("cut" of "job cut")
        self.compound_heads: set[str] = set()
        for row in self.rows:
            for pos in _PARTS[row["part"]]:
                self.words.setdefault((row["word"], pos), row)
            if " " in row["word"]:
                self.compound_heads.add(row["word"].rsplit(" ", 1)[1])

    def _row(self, token: Token, child: Token, lemma: Callable[[Token], str]) -> Optional[Row]:
        """The change word `token` is, for a quantity that reaches it through its child `child`
        (a preposition, an object, a modifier)."""
        word = lemma(token).lower()
        keys = [(word, token.pos_), (token.lower_, token.pos_)]
        if word in self.compound_heads:  # "4,000 job cuts": the count of jobs cut
            keys[:0] = [(f"{lemma(c).lower()} {word}", token.pos_) for c in token.children if c.dep_ == "compound"]
        for key in keys:
            row = self.words.get(key)
            if row is not None:
                via = row.get("via")
                if not via or child.pos_ == "ADP" and child.lower_ in via or OBJECT in via and child.dep_ in _OBJECTS:
                    return row
                return None
        return None

    def reading(self, span: Span, lemma: Callable[[Token], str] = written_lemma) -> Optional[Reading]:
        """What the quantity `span` is to the change its sentence gives it: its size or a level
        (`Reading`), or None when no change word reaches it."""
        token = span.root
        for _ in range(_REACH):
            if token.dep_ not in _UPWARD or token.head.i == token.i:
                return None
            head = token.head
            if head.i in range(span.start, span.end):
                token = head
                continue
            through = token.pos_ == "ADP"
            if through and self.through and token.lower_ not in self.through:
                return None  # "a zone [3 km] wide in the sea": not what the verb changes
            row = self._row(head, token, lemma)
            if row is not None:
                return self._read(span, token, head, row)
            if head.pos_ in {"VERB", "AUX"}:
                if token.dep_ == "attr":  # "the increase was [5%]": the subject says what changed
                    return self._subject(span, head, lemma) or self._beside(span, head)
                return self._beside(span, head)  # "employs 1,800 people": the first verb up is no change
            if head.pos_ in {"NOUN", "PROPN"}:
                beside = self._beside(span, head)
                if beside is not None:
                    return beside  # "[1,500] fewer visitors", "an extra [500] staff"
                if head.tag_ in {"NN", "NNP"} and head.i > token.i and any(c.dep_ == "det" for c in head.children):
                    return None  # "add a [200-megawatt] battery": what the thing is, not how much is added
            token = head
        return None

    def change(self, span: Span, lemma: Callable[[Token], str] = written_lemma) -> Optional[str]:
        """ "increase", "decrease", or None: the change of which the quantity `span` is the size.

        span (Span): a quantity's span in a parsed document, labelled with its dimension.
        lemma (Callable[[Token], str]): a token's lemma (the pipeline's `Lemmas`).
        RETURNS (Optional[str]): the change, or None when the quantity is a plain value or level.
        """
        found = self.reading(span, lemma)
        return None if found is None or found.level or self._after_a_level_word(span) else found.change

    def _after_a_level_word(self, span: Span) -> bool:
        """ "cut by $200 to [$399]": a quantity right after "to" or "from" that the parser hung on
        the quantity before it (one chain of quantmods under "by") is the level, not the size."""
        before = span.doc[span.start - 1] if span.start > 0 else None
        return before is not None and before.lower_ in self.level and before.dep_ == "quantmod" \
            and before.i > 0 and before.doc[before.i - 1].like_num

    def related(self, span: Span, lemma: Callable[[Token], str] = written_lemma) -> bool:
        """Whether a change word reaches the quantity `span`, as its size or as a level."""
        return self.reading(span, lemma) is not None

    def _read(self, span: Span, child: Token, word: Token, row: Row) -> Optional[Reading]:
        """The reading of a quantity that reaches the change word `word` (its row `row`) through
        `child`."""
        counted = child.dep_ == "nummod" and word.tag_ in {"NNS", "NNPS"} and word.pos_ == "NOUN"
        if counted and row.get("counts") != "own":
            return None  # "five declines": a count of changes; but "4,000 job cuts" are jobs
        if word.tag_ in _COMPARATIVE:
            compared = self._compared(word)
            if compared is not None:
                return Reading(row["change"], False) if compared else None  # "12% higher than a year earlier"
        counts = row.get("counts")
        if counts == "no" and span.label_ == "count" or counts == "only" and span.label_ not in {"count", ""}:
            return None  # "save 300 jobs", "12 more trucks" (a series): no amount; "close a £6m gap": no count
        level = child.pos_ == "ADP" and child.lower_ in self.level
        return Reading(row["change"], level)

    def _beside(self, span: Span, head: Token) -> Optional[Reading]:
        """An adverb or adjective of change of `head` (a verb, or the noun the quantity counts)
        right before or after the quantity, or of the quantity itself: "closed up [350 points]",
        "ended [0.5%] lower", "[1,500] fewer visitors"."""
        doc = span.doc
        for i in (span.start - 1, span.end):
            if 0 <= i < len(doc) and (doc[i].head.i == head.i or span.start <= doc[i].head.i < span.end) \
                    and doc[i].pos_ != "VERB":
                row = self.words.get((doc[i].lower_, doc[i].pos_))
                if row is not None:
                    return self._read(span, doc[i], doc[i], row)
        return None

    def _subject(self, span: Span, verb: Token, lemma: Callable[[Token], str]) -> Optional[Reading]:
        """ "The reduction would be [about 800]": a noun of change as the subject of the
        quantity's copula makes it the size."""
        for child in verb.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and child.pos_ == "NOUN":
                row = self.words.get((lemma(child).lower(), "NOUN"))
                return None if row is None or row.get("via") else Reading(row["change"], False)
        return None

    def _compared(self, word: Token) -> Optional[bool]:
        """After a comparative and "than": whether it compares with an earlier time ("12% higher
        than a year earlier": True), or with another thing or a plan ("15% more efficient than
        the old van", "12% lower than planned": False); None without "than"."""
        doc = word.doc
        heads = [word]  # "20% more fuel efficient than": "than" hangs from "efficient"; up to the clause's verb
        while len(heads) < 4 and heads[-1].head.i != heads[-1].i and heads[-1].pos_ not in {"VERB", "AUX"}:
            heads.append(heads[-1].head)
        than = next((c for t in heads for c in t.children if c.lower_ == "than" and c.i > word.i),
                    next((t for t in doc[word.i + 1:word.i + 3] if t.lower_ == "than"), None))
        if than is None:
            return None
        compared = [t for t in than.subtree if t.i != than.i]
        if any(t.lower_ in self.planned for t in compared):
            return False
        if any(t.lower_ in self.earlier for t in compared):
            return True
        dates = [(s.start, s.end) for s in doc.spans.get(TIMEX, [])]
        return any(start <= t.i < end for t in compared for start, end in dates)
