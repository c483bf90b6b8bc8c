"""The clause a quantity stands in, read for its concept: the verb it reaches, that verb's object
and subject (through "to be", relative clauses and participles), and the noun a pronoun stands
for. A base of `pipeline.stages.quantities.concept.Concepts`, which sets the cue words it reads."""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Span, Token

from .concept_phrases import _CLIMB, _LEMMA_CACHE, _NOUNS, _REACH, _SUBJECTS, _TO_VERB, Taken, in_dateline


class ClauseConcepts:
    """The verb-and-subject half of the concept reading (`Concepts` holds the cue words)."""

    def _from_verb(self, span: Span, root: Token, taken: Taken, depth: int) -> Optional[tuple[Token, int]]:
        """The object of the verb a quantity reaches through a preposition ("bought three hotels
        for $90m"), else its subject ("revenue rose 5%"); nothing for a sum paid or raised."""
        token, via = root, None
        for _ in range(_REACH):
            if token.dep_ not in _TO_VERB and not (token.dep_ == "advcl" and token.pos_ in {"ADJ", "ADV"}) \
                    or token.head.i == token.i:
                return None
            if via is None and token.dep_ not in {"nummod", "quantmod", "compound", "conj", "appos"}:
                via = token.dep_ in {"pobj", "prep"}
            token = token.head
            if token.pos_ in {"VERB", "AUX"} and token.dep_ != "prep":  # "compared with $39.1m": a preposition
                break
        else:
            return None
        verb = token
        if via:  # "bought three hotels for $90m", "raised its rate by 0.25%"
            found = self._verb_object(verb, span, taken, depth)
            if found is not None:
                return found
        if {self._lemma(verb), verb.lower_} & self.words["payer_verb"]:
            return None
        if self._lemma(verb) in self.change_verbs:  # "add £86 a year to the bill", "cut $600m from its budget"
            target = self._object_of(verb, self.words["target_preposition"], span, taken)
            if target is not None and target.i not in taken.dated and target.pos_ == "NOUN" \
                    and any(c.dep_ == "poss" or c.lower_ in {"the", "this", "that"} for c in target.children):
                return self._refine(target, 0, span, taken, depth)
        subject = self._subject(verb, span, taken, resolve=True)
        return self._refine(subject, 0, span, taken, depth) if subject is not None else None

    def _verb_object(self, verb: Token, span: Span, taken: Taken, depth: int) -> Optional[tuple[Token, int]]:
        for child in verb.children:
            if child.dep_ in {"dobj", "obj"} and not (span.start <= child.i < span.end):
                if child.i in taken.counted:  # "purchase 20 of Boeing's planes for $4.6 billion"
                    other = taken.counted.get(child.i)
                    return self._find(other, taken, depth + 1) if other is not None and depth < 2 else None
                if child.pos_ in _NOUNS:
                    return self._refine(child, 0, span, taken, depth)
        return None

    def _verb_of(self, token: Token) -> Optional[Token]:
        """The verb a noun or adjective is the object, complement or adjunct of."""
        for _ in range(_REACH):
            if token.head.i == token.i or token.dep_ not in _TO_VERB | {"advcl"}:
                return None
            token = token.head
            if token.pos_ in {"VERB", "AUX"} and token.dep_ != "prep":
                return token
        return None

    def _subject(self, verb: Token, span: Span, taken: Taken, resolve: bool = True, pronouns: bool = True,
                 participles: bool = True) -> Optional[Token]:
        """The noun subject of `verb`, or of the verb it hands over to ("is expected to be",
        "rose 22 percent, comprising ..."), the noun a relative clause is about ("the line,
        which cost £812m"), and "it" as the subject said before it.

        resolve (bool): a relative pronoun stands for the noun its clause is about.
        pronouns (bool): "it" and "they" stand for the subject said before them.
        participles (bool): a participle without a subject ("a deal valued at $1bn") is about
            the noun it qualifies.
        """
        for _ in range(_CLIMB):
            subjects = [c for c in verb.children if c.dep_ in _SUBJECTS and not (span.start <= c.i < span.end)
                        and not in_dateline(c)]
            if subjects:
                subject = subjects[0]
                if subject.pos_ in _NOUNS:
                    return subject if subject.i not in taken.counted else None
                if resolve and subject.tag_ in {"WDT", "WP"} and verb.dep_ == "relcl" and verb.head.pos_ in _NOUNS:
                    return verb.head
                if pronouns and subject.lower_ in self.words["pronoun"] \
                        and {self._lemma(verb), verb.lower_} & self.words["measure_verb"]:
                    return self._antecedent(subject, taken)
                return None
            if verb.dep_ == "xcomp":  # "which Boeing estimates to be worth $18m": the object is its subject
                objects = [c for c in verb.head.children if c.dep_ in {"dobj", "obj"} and c.i < verb.i]
                if objects:
                    obj = objects[0]
                    if obj.pos_ in _NOUNS:
                        return obj
                    head = verb.head
                    if resolve and obj.tag_ in {"WDT", "WP"} and head.dep_ == "relcl" and head.head.pos_ in _NOUNS:
                        return head.head
                    return None
            if verb.dep_ in {"xcomp", "conj"} or (verb.dep_ == "advcl" and verb.tag_ in {"VBG", "VBN"}):
                verb = verb.head
                continue
            if participles and verb.dep_ in {"acl", "relcl"} and verb.tag_ in {"VBG", "VBN"} and verb.head.pos_ in _NOUNS:
                return verb.head
            return None
        return None

    def _antecedent(self, pronoun: Token, taken: Taken) -> Optional[Token]:
        """The noun a pronoun stands for: in a subordinate clause, the subject of its sentence's
        main clause ("the laptop's battery life was extended, though it is only 1.7 cm thick");
        else the main subject of the sentence before ("The new iPhone was praised. It is 9.3 mm
        thick."), when it agrees in number; else None."""
        doc = pronoun.doc
        sentence = pronoun.sent
        plural = pronoun.lower_ in {"they", "them", "those"}
        roots = [sentence.root] if pronoun.head != sentence.root else []
        if sentence.start > 0:
            roots.append(doc[sentence.start - 1].sent.root)
        for root in roots:
            subjects = [c for c in root.children if c.dep_ in _SUBJECTS and c.i < pronoun.i and c.i not in taken.counted]
            if subjects:
                subject = subjects[0]
                agrees = (subject.tag_ in {"NNS", "NNPS"}) == plural
                return subject if subject.pos_ in _NOUNS and agrees else None
        return None

    def _lemma(self, token: Token) -> str:
        """A noun's or verb's lemma, lowercase (cached by form and tag: the lemmatizer runs on demand)."""
        if token.pos_ not in {"NOUN", "VERB", "AUX", "PROPN"}:
            return token.lower_
        key = (token.orth, token.tag)
        lemma = self._lemmas.get(key)
        if lemma is None:
            if len(self._lemmas) > _LEMMA_CACHE:
                self._lemmas.clear()
            lemma = self._lemmas[key] = self.lemma(token).lower()
        return lemma
