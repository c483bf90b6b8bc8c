"""What a quantity describes, its concept (``about``), from the dependency parse, by the ordered
rule of GUIDELINES.md section 3 and of the news guideline's "Concept":

1. "N unit of X" -> X ("1,935.3 grams of lunar samples", "3,000 of the workers"); but a share of
   a base that is the object or complement of a verb of having or being is about what has it
   ("iTunes accounts for 70% of sales" -> iTunes; "the tax burden would rise to 37.1% of GDP");
2. a fraction before its noun ("half the price") and the noun inside a share ("one train in five");
3. the noun the quantity modifies ("200 people", "a 186-metre bridge", "a $40 billion contract");
   for a count whose noun names a kind of another, that other ("a 26-member council");
4. with no noun of its own ("released eight more"), the noun of the quantity before it;
5. the bare noun a sum is "in" ("$19bn in dividends", not "in cash", "in a funding round");
6. the noun before the quantity that its preposition or adjective attaches to ("a loss of $2bn",
   "an order worth $15bn", "lorries over 7.5 tonnes", "a sound louder than 100 decibels");
7. the level a change left ("up from 7.9%") and a quantity joined to another ("$299 and $399",
   "9.3 mm (0.37 inches)"): the concept of the quantity before;
8. the verb's object when the quantity comes through a preposition ("bought three hotels for
   $90m", "raised its rate by 0.25%"); nothing for a sum paid, raised or promised ("the firm was
   fined £2m"); what a change verb adds to or cuts from ("add £86 to the bill"); else the verb's
   subject ("Apple's revenue rose 5%" -> "Apple revenue", "Inflation was 2.4%"), through "to
   be", relative clauses and, for a verb of measuring, "it" said after its noun.

The noun found is then looked through where the data says so (``quantities/concept_cues.tsv``):
a word such as "value" or "price" to what it is of, a share to who holds it, "others" to the
counted noun of the quantity before, a change noun to what changes ("a 5% rise in council tax",
changes.tsv), "times" to what it multiplies or compares. A concept is the head noun with its
adjectives and compounds and its owner without "'s", and no determiner.

A duration (a date fact of type DURATION) is about what lasts: the noun it modifies ("a 53-day
trip"), what it is "of" ("75 hours of video"), the object of its verb when it is an adjunct
("announced 5,000 job cuts over the next three years"), else the verb's subject ("the meeting
lasted three hours"); a length counted before its clause ("Two years after the merger, the firm
...") or with nothing that lasts is about nothing (not a verb).
"""

from __future__ import annotations

from typing import Callable, Iterable, Optional

from spacy.tokens import Span, Token

from pipeline.language.lemmas import written_lemma
from pipeline.rules.resources import Resources, words_by_role

from .change import CHANGES
from .concept_clauses import ClauseConcepts
from .concept_phrases import (
    _DIRECT,
    _MODIFIES,
    _NOUNS,
    _REACH,
    _SUBJECTS,
    _TO_VERB,
    AGE,
    CONCEPT_CUES,
    CONCEPT_ROLES,
    CONCEPT_TABLES,
    DURATION,
    Taken,
    _entity_text,
    _noun,
    concept_phrase,
    taken_tokens,
)

__all__ = ["AGE", "CONCEPT_CUES", "CONCEPT_ROLES", "CONCEPT_TABLES", "DURATION", "Concepts", "Taken", "concept_phrase",
           "taken_tokens"]


class Concepts(ClauseConcepts):
    """The concept of quantities and durations, with the cue words of one language."""

    def __init__(self, resources: Optional[Resources] = None, lemma: Callable[[Token], str] = written_lemma) -> None:
        """
        resources (Optional[Resources]): the language's `quantities/` tables (concept_cues.tsv,
            changes.tsv); None: no cue words (the parse alone).
        lemma (Callable[[Token], str]): a token's lemma (the pipeline's `Lemmas`).
        """
        rows = resources.table(CONCEPT_CUES) if resources is not None else []
        self.rows = rows
        self.words = words_by_role(rows, CONCEPT_ROLES)
        #: the words of a change ("rise", "drop", "up"), from changes.tsv, by part of speech
        changes = resources.table(CHANGES) if resources is not None else []
        self.change_nouns = frozenset(row["word"] for row in changes if row["part"] == "noun")
        self.change_verbs = frozenset(row["word"] for row in changes if row["part"] == "verb")
        self.change_adverbs = frozenset(row["word"] for row in changes if row["part"] == "adverb")
        self.lemma = lemma
        self._lemmas: dict[tuple[int, int], str] = {}

    # ------------------------------------------------------------------ quantities

    def quantity(self, span: Span, taken: Optional[Taken] = None) -> Optional[str]:
        """What the quantity `span` measures or counts, or None when the parse does not say.

        span (Span): a quantity's span in a parsed document.
        taken (Optional[Taken]): the tokens of the document's facts (`taken_tokens`; computed
            when not given).
        RETURNS (Optional[str]): the concept as words of the sentence ("lunar samples").
        """
        taken = taken_tokens(span.doc) if taken is None else taken
        if span.label_ == AGE:
            return self._age(span, taken)
        found = self._find(span, taken, depth=0)
        return self._phrase(found, taken)

    def _phrase(self, found: Optional[tuple[Token, int]], taken: Taken) -> Optional[str]:
        if found is None:
            return None
        token, after = found
        return concept_phrase(token, after, taken.counted, self.words["not_concept"])

    def _age(self, span: Span, taken: Taken) -> Optional[str]:
        """A person's age: "Isabel Moreno, 28" -> the person; "a 67-year-old roofer", "a man in
        his 60s", "children aged 10 to 14" -> the noun; an age group ("the over-75s"): nothing."""
        doc = span.doc
        before = doc[span.start - 2] if span.start >= 2 and doc[span.start - 1].text == "," else None
        if before is not None and before.ent_type_ == "PERSON":
            return _entity_text(before)
        for token in span:
            head = token.head
            if token.dep_ in _MODIFIES and head.i >= span.end and head.pos_ in _NOUNS:
                return concept_phrase(head, span.end, taken.counted, self.words["not_concept"])
        root = span.root
        via = root.head if root.dep_ in {"pobj", "dobj", "npadvmod"} else root
        noun = via.head
        own = span.start <= via.i < span.end and via.i == noun.i + 1  # "People aged 65 and over", "adults under 65"
        if via != noun and noun.pos_ in _NOUNS and noun.i < span.start and via.dep_ in {"prep", "amod", "acl"} \
                and (own or via.lower_ == "in"):  # "a man in his 60s"; not "with under-12s admitted free"
            return concept_phrase(noun, 0, taken.counted, self.words["not_concept"])
        return None

    def _find(self, span: Span, taken: Taken, depth: int) -> Optional[tuple[Token, int]]:
        """The head noun of the concept and where its phrase may start, by the ordered rule."""
        doc, root, end = span.doc, span.root, span.end
        tokens = list(span)
        following = [c for token in tokens for c in token.rights if c.i >= end - 1]  # the words it governs after it
        nxt = doc[end] if end < len(doc) else None
        # 1. "1,935.3 grams of lunar samples", "14 of the 35 seats", "one of the injured"
        for child in following:
            if child.dep_ == "prep" and child.lower_ == "of":
                objects = [c for c in child.children if c.dep_ == "pobj" and _noun(c)]
                pronouns = [c for c in child.children if c.dep_ == "pobj" and c.lower_ in self.words["pronoun"]]
                if pronouns and not objects:  # "at least 60% of them": the noun said before
                    objects = [a for a in [self._antecedent(pronouns[0], taken)] if a is not None]
                    if objects:
                        return objects[0], 0
                if objects:
                    if span.label_ == "percentage":
                        holder = self._holder(span, root, taken)
                        if holder is not None:
                            return holder, 0
                    return self._refine(objects[0], child.i + 1, span, taken, depth)
        # 2. "half the price": a share said with a fraction word before its noun
        if nxt is not None and tokens[-1].lower_ in self.words["fraction"] and nxt.tag_ in {"DT", "PRP$"}:
            noun = nxt.head
            if noun.pos_ in _NOUNS and noun.i > end and noun.i not in taken.counted:
                return noun, end
        #    "one train in five": the noun inside the share
        if span.label_ == "percentage":
            for i, token in enumerate(tokens[1:-2], start=1):
                if token.pos_ == "NOUN" and tokens[i + 1].lower_ == "in":
                    return token, token.i
        # 3. "200 people", "a 186-metre bridge": the quantity modifies a noun after it
        for token in tokens:
            head = token.head
            if token.dep_ in _MODIFIES and head.i >= end and head.pos_ in _NOUNS and head.i not in taken.counted:
                # "a one-page memo", "a 26-member council": the counted noun names a kind of another
                after, hyphen = end, nxt is not None and nxt.text == "-"
                glued = hyphen or (span.start > 0 and doc[span.start - 1].lower_ in {"a", "an"})
                while span.label_ == "count" and glued and head.dep_ in {"compound", "amod", "nmod", "npadvmod"} \
                        and head.i == end + hyphen and head.head.pos_ in _NOUNS and head.head.i > head.i:
                    head, after = head.head, head.i + 1
                while head.dep_ == "compound" and head.head.i == head.i + 1 and head.head.pos_ in _NOUNS:
                    head = head.head  # "a 1.2 km link road": the compound is part of what it names
                return self._refine(head, after, span, taken, depth)
        # 4. "released eight more", "five more were found", with no noun of its own: the noun of the
        # quantity before
        elided = self.words["elided"]
        if any(t.head.lower_ in elided and t.head.i >= end for t in tokens) \
                or any(c.lower_ in elided and c.i >= end for c in following):
            return self._before(span, taken, depth)
        # 5. "$19bn in dividends": the bare noun a sum is in
        if span.label_ == "currency":
            found = self._sum_in(span, root, tokens, taken)
            if found is not None:
                return found, 0
        # 6. "a rise of 5%", "an order worth $15bn", "lorries over 7.5 tonnes", "a sound louder than 100 dB"
        noun = self._noun_before(span, root, tokens, taken)
        if noun is not None:
            return self._refine(noun, 0, span, taken, depth, through_verb=True)
        # 7. "15.8% of the vote, up from 7.9%": the level a change left is of what the change is of
        if root.dep_ == "pobj" and root.head.lower_ == "from" and root.head.head.lower_ in self.change_adverbs:
            found = self._before(span, taken, depth)
            if found is not None:
                return found
        #    "$299 and $399", "9.3 mm (0.37 inches)": the concept of the quantity it continues
        if root.dep_ in {"conj", "appos"} and root.head.i in taken.counted and depth < 2:
            other = taken.counted.get(root.head.i)
            if other is not None:
                return self._find(other, taken, depth + 1)
        # 8. the verb's object or subject
        found = self._from_verb(span, root, taken, depth)
        if found is None and depth < 2:  # "at 8GB and 16GB of memory": what the quantity joined to it is of
            for child in root.rights:
                other = taken.counted.get(child.i) if child.dep_ == "conj" else None
                if other is not None and other.start >= span.end:
                    return self._find(other, taken, depth + 1)
        return found

    def _sum_in(self, span: Span, root: Token, tokens: list[Token], taken: Taken) -> Optional[Token]:
        """The bare noun after "in" that a sum is in ("$19bn in dividends", "ordered $6 billion in
        new jets"), not a date, a place or a noun with a determiner ("in a funding round")."""
        heads = list(tokens)
        if root.dep_ == "pobj" and root.head.lower_ == "of" and self._lemma(root.head.head) in self.words["through"]:
            root = root.head.head  # "received a total of $19bn in dividends"
            heads.append(root)
        if root.dep_ in {"dobj", "obj"}:
            heads.append(root.head)
        for head in heads:
            for child in head.rights:
                if child.dep_ == "prep" and child.lower_ in self.words["sum_preposition"] and child.i >= span.end:
                    for noun in child.children:
                        if noun.dep_ == "pobj" and noun.pos_ == "NOUN" and noun.i not in taken.counted \
                                and not any(c.dep_ in {"det", "poss"} for c in noun.children) \
                                and noun.i not in taken.dated \
                                and not {self._lemma(noun), noun.lower_} & (self.words["through"] | self.words["means"]):
                            return noun
        return None

    def _noun_before(self, span: Span, root: Token, tokens: list[Token], taken: Taken) -> Optional[Token]:
        """The noun before the quantity that its preposition or adjective attaches to."""
        doc = span.doc
        # "a sound louder than 100 decibels": a noun, a comparative and "than" before the amount
        for than in [t for t in tokens[:2] if t.lower_ == "than"] or \
                ([doc[span.start - 1]] if span.start > 0 and doc[span.start - 1].lower_ == "than" else []):
            if than.i >= 2 and doc[than.i - 1].tag_ in {"JJR", "RBR"} and doc[than.i - 2].pos_ in _NOUNS:
                return doc[than.i - 2]
        link = root.head if root.dep_ in {"pobj", "npadvmod"} and root.head.pos_ in {"ADP", "ADJ"} else root
        if link.i == root.i and not (root.pos_ == "ADP" and root.dep_ == "prep"):
            return None
        noun = link.head
        if link.dep_ in {"prep", "amod", "acl"} and noun.i != link.i and noun.pos_ in _NOUNS and noun.i < span.start \
                and noun.i not in taken.counted and noun.i not in taken.dated:
            return noun
        return None

    def _refine(self, noun: Token, after: int, span: Span, taken: Taken, depth: int,
                through_verb: bool = False) -> Optional[tuple[Token, int]]:
        """Look through the noun found where the cue words say so.

        through_verb (bool): the quantity is "of" the noun ("a record of 53,000 megawatts"): a
            word such as "value" or "record" with nothing it is of is about its verb's subject.
        """
        lemma, word = self._lemma(noun), noun.lower_
        words = self.words
        if word in words["elided"] or lemma in words["elided"]:  # "support 1,200 others"
            return self._before(span, taken, depth)
        if word in words["multiple"]:  # "30 times the distance", "four times faster"
            return self._multiplied(noun, span, taken, depth)
        if lemma in words["share"]:  # "the state holds a 30% stake" -> state
            verb = noun.head
            holder = self._subject(verb, span, taken) if noun.dep_ in _DIRECT and verb.pos_ in {"VERB", "AUX"} \
                and {self._lemma(verb), verb.lower_} & words["holding_verb"] else None
            return (holder, 0) if holder is not None else (noun, after)
        if lemma in self.change_nouns:  # "a 5% rise in council tax"; "shares slid, a drop of 5%"
            changed = self._object_of(noun, ("in",), span, taken)
            if changed is not None:
                return changed, 0
            if noun.dep_ in {"npadvmod", "appos"}:
                if noun.head.i in taken.counted and depth < 2:
                    other = taken.counted.get(noun.head.i)
                    if other is not None:
                        return self._find(other, taken, depth + 1)
                if noun.head.pos_ in {"VERB", "AUX"}:
                    subject = self._subject(noun.head, span, taken)
                    if subject is not None:
                        return self._refine(subject, 0, span, taken, depth + 1)
            return noun, after
        if lemma in words["through"] and not any(c.dep_ == "poss" for c in noun.children):  # "the value of the contract"
            owner = self._object_of(noun, ("of", "for"), span, taken)
            if owner is not None:
                return owner, 0
            if noun.dep_ == "pobj" and noun.head.head.pos_ in _NOUNS and noun.head.head.i not in taken.counted \
                    and noun.head.head.i not in taken.dated:
                return noun.head.head, 0  # "tankers at a rate of 15 a year"
            if through_verb and noun.dep_ in _DIRECT and noun.head.pos_ in {"VERB", "AUX"}:
                subject = self._subject(noun.head, span, taken)  # "demand reached a record of 53,000 MW"
                if subject is not None and subject != noun:
                    return subject, 0
        return noun, after

    def _object_of(self, noun: Token, prepositions: Iterable[str], span: Span, taken: Taken) -> Optional[Token]:
        """The noun after one of `prepositions` that `noun` has, outside the quantity."""
        for child in noun.rights:
            if child.dep_ == "prep" and child.lower_ in prepositions and not (span.start <= child.i < span.end):
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and _noun(pobj) and pobj.i not in taken.counted \
                            and not (span.start <= pobj.i < span.end):
                        return pobj
        return None

    def _multiplied(self, times: Token, span: Span, taken: Taken, depth: int) -> Optional[tuple[Token, int]]:
        """"30 times the distance" -> distance; "four times faster than buses" -> what is faster."""
        doc = times.doc
        for child in times.children:
            if child.dep_ in {"dobj", "pobj", "npadvmod", "attr", "appos"} and child.pos_ in _NOUNS:
                return child, child.left_edge.i
        following = doc[times.i + 1] if times.i + 1 < len(doc) else None
        if following is not None and following.pos_ == "DET" and times.i + 2 < len(doc):
            following = doc[times.i + 2]
        if following is not None and following.pos_ == "NOUN" and following.i not in taken.counted:
            return following, times.i + 1
        if times.head.tag_ in {"JJR", "RBR"} or times.head.lower_.endswith("er"):
            verb = self._verb_of(times.head)
            subject = self._subject(verb, span, taken) if verb is not None else None
            if subject is not None:
                return subject, 0
        return times, span.end

    def _before(self, span: Span, taken: Taken, depth: int) -> Optional[tuple[Token, int]]:
        """The concept of the nearest quantity before `span` in its sentence that has a noun of
        its own ("create 1,500 jobs and support 25,000 others" -> jobs)."""
        if depth >= 2:
            return None
        sentence_start = span.sent.start
        for other in reversed(taken.quantities):
            if sentence_start <= other.start and other.end <= span.start and other.label_ == span.label_:
                found = self._find(other, taken, depth + 1)
                if found is not None:
                    return found
        return None

    def _holder(self, span: Span, root: Token, taken: Taken) -> Optional[Token]:
        """What has a share said with a verb of having or being: "iTunes held 19 percent of the
        market", "exports account for 40% of the economy", "would rise to 37.1% of GDP"."""
        token = root
        while token.dep_ in {"conj", "appos"} and token.head.i != token.i:  # "5,000, or 9% of the work force"
            token = token.head
        if token.dep_ == "pobj" and token.head.lower_ in {"to", "for"}:
            token = token.head
        elif token.dep_ not in _DIRECT:
            return None
        verb = token.head
        if verb.pos_ not in {"VERB", "AUX"} or not {self._lemma(verb), verb.lower_} & self.words["holder_verb"]:
            return None
        return self._subject(verb, span, taken, resolve=True)

    # ------------------------------------------------------------------ durations

    def duration(self, span: Span, taken: Optional[Taken] = None, depth: int = 0) -> Optional[str]:
        """What a duration measures, what lasts: "a 53-day trip" -> trip, "75 hours of video" ->
        video, "the meeting lasted three hours" -> meeting, "the plane has flown for thirty hours"
        -> plane; a length counted before its clause ("Two years after the merger, the firm ...")
        or with nothing that lasts: None.
        """
        taken = taken_tokens(span.doc) if taken is None else taken
        dropped = self.words["not_concept"]
        root = span.root
        for token in span:
            head = token.head
            if token.dep_ in _MODIFIES and head.i >= span.end and head.pos_ in _NOUNS:  # "a 53-day trip"
                return concept_phrase(head, span.end, taken.counted, dropped)
        token, direct, interval = root, None, False
        for _ in range(_REACH):
            if token.dep_ not in _TO_VERB - {"conj", "appos"} or token.head.i == token.i:
                break
            if direct is None and token.dep_ not in {"nummod", "quantmod", "compound"}:
                direct = token.dep_ in _DIRECT
            interval = interval or token.head.lower_ in self.words["interval_preposition"]
            token = token.head
            if token.pos_ in {"VERB", "AUX"} and token.dep_ != "prep":
                break
        verb = token if token.pos_ in {"VERB", "AUX"} and token.i != root.i else None
        subject = None
        if verb is not None:
            subject = self._subject(verb, span, taken, resolve=True, pronouns=False, participles=False)
            if span.end <= verb.i and (subject is None or span.end <= subject.i) and root.dep_ not in _SUBJECTS:
                return None  # "Two years after the merger, the firm closed": counted from an event
        for token in span:  # "75 hours of video"
            for child in token.rights:
                if child.dep_ == "prep" and child.lower_ == "of" and child.i >= span.end - 1:
                    objects = [c for c in child.children if c.dep_ == "pobj" and _noun(c)]
                    if objects:
                        return concept_phrase(objects[0], child.i + 1, taken.counted, dropped)
        if verb is None:
            return None
        if not direct and not interval:  # "announced 5,000 job cuts over the next three years"
            for child in verb.children:
                if child.dep_ in {"dobj", "obj"} and child.pos_ in _NOUNS and child.i not in taken.counted:
                    other = taken.dated.get(child.i)
                    if other is not None:  # "has seven hours of talk time, up two hours": the other duration's
                        return self.duration(other, taken, depth + 1) if other != span and depth < 2 else None
                    return concept_phrase(child, 0, taken.counted, dropped)
        return concept_phrase(subject, 0, taken.counted, dropped) if subject is not None else None
