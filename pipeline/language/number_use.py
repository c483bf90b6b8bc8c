"""What a number is when it is not a plain quantity, answered in one place for every stage.

"Apollo 11" and "Flight 1187" hold a number that is part of a name; "22-year-old" is an age,
not a duration; "a day" after "190,000 vehicles" is the period of a rate; "2019" is a year;
"3-2" before "win" is a score. The date and the quantity stages both ask ``NumberUses``, and
its cue words are data (``lexicon/number_cues.tsv``, the months of the lexicon, the time units).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Optional

from spacy.tokens import Doc, Span, Token

from pipeline.core.attrs import ENTITIES
from pipeline.rules.macros import words_pattern
from pipeline.rules.resources import register_schema
from pipeline.rules.tsv import Column

from .lexicon import Lexicon
from .units import UnitTable

_ROLES = ("age_after", "score_noun", "age_before", "age_owner", "age_in", "pronoun", "rank_before", "ordinal_suffix",
          "idiom", "focus", "age_verb", "age_subject")
NUMBER_CUES = register_schema("lexicon/number_cues.tsv", Column("word"), Column("role", choices=_ROLES))
#: a year as news writes one
YEAR = re.compile(r"1[89]\d\d|20\d\d")
#: a year cut to its last two digits ("iLife '11", "the '90s" is a decade and the date stage's)
_SHORT_YEAR = re.compile(r"['\u2019]\d\d")
#: a model's plural: its name and "s" ("777s", "A320s", "MD-80s") or "'s" ("A380's")
_MODEL_PLURAL = re.compile(r"(?P<stem>[A-Za-z]*-?\d[\w-]*?)['\u2019]?s")
#: a token that mixes letters and digits, as model names do ("A380", "3GS", "KC-30")
_LETTERS_AND_DIGITS = re.compile(r"(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[\w-]+")
#: digits and the capital letters glued after them ("200LR")
_GLUED_LETTERS = re.compile(r"\d+(?P<letters>[A-Za-z]+)")
#: a product's name written in camel case ("iOS", "tvOS", "iPhone"), which the tagger may tag anything
_CAMEL_CASE = re.compile(r"[a-z]+[A-Z][A-Za-z]*")
#: how many characters before a number the word that may name it is looked for ("Boeing 787")
_WORD_REACH = 40
#: a number as plain digits (no thousands separator, no decimals), as a model's number is written
_PLAIN_DIGITS = re.compile(r"\d+")
#: the shortest plain number that names a model all through a story: shorter ones ("iPhone 4",
#: "Apollo 11") are names only where a name stands before them, as they are common counts too
_CARRIED_DIGITS = 3
#: entity labels of the words that name a model before its number ("Boeing 787", "Airlines 777")
_MODEL_OWNERS = frozenset({"PRODUCT", "ORG", "FAC", "WORK_OF_ART", "NORP"})
_AGE_IN_DIGITS = re.compile(r"\d{1,3}")
#: the most tokens an age phrase takes: "ninety - five years of age"
_AGE_PHRASE_TOKENS = 10


@dataclass(frozen=True)
class AgePhrase:
    """An age written with its unit: "22-year-old", "five years of age" (offsets of characters
    in the text asked, or of tokens in its document)."""

    value: float
    unit: str  # the time unit's name ("year")
    start: int
    end: int  # past the cue ("old", "of age")


@dataclass(frozen=True)
class Age:
    """An age the way news writes one, as tokens of its document: "aged 48", "Sheila Ambrose,
    68,", "in her 30s" (the years 30 to 39)."""

    start: int
    end: int
    value: float
    modifier: Optional[str] = None
    value_max: Optional[float] = None
    unit: str = "year"
    written_with_unit: bool = False  # "22-year-old" (an AgePhrase), not "aged 48"


class NumberUses:
    """The uses of numbers in one language."""

    def __init__(self, lexicon: Lexicon, units: UnitTable) -> None:
        """
        lexicon (Lexicon): the language's lexicon (its resources hold number_cues.tsv).
        units (UnitTable): the language's units (the time units make rates and ages).
        """
        self.lexicon = lexicon
        self.units = units
        rows = lexicon.resources.table(NUMBER_CUES)
        cues = {role: frozenset(r["word"] for r in rows if r["role"] == role) for role in _ROLES}
        self.age_after = cues["age_after"]
        self.score_nouns = cues["score_noun"]
        self.age_before = cues["age_before"]
        self.age_owners = cues["age_owner"]
        self.age_in = cues["age_in"]
        #: number words that are pronouns unless they count a noun ("one of the largest")
        self.pronouns = cues["pronoun"]
        self.rank_before = cues["rank_before"]
        self.ordinal_suffixes = cues["ordinal_suffix"]
        self.focus = cues["focus"]
        self.age_verbs = cues["age_verb"]
        self.age_subjects = cues["age_subject"]
        #: the fixed phrases whose pronoun word counts nothing, by the place of that word in them
        self.idioms: dict[int, set[tuple[str, ...]]] = {}
        for phrase in cues["idiom"]:
            words = tuple(phrase.split())
            [place] = [k for k, w in enumerate(words) if w in self.pronouns]
            self.idioms.setdefault(place, set()).add(words)

    @cached_property
    def _rate(self) -> re.Pattern:
        periods = [w for u in self.units.units.values() if u.dimension == "time" and u.iso in {"TH", "D", "W", "M", "Y"}
                   and u.iso_times == 1 for w in u.surfaces]
        return re.compile(r"(?:a|an|per) " + words_pattern(periods))

    @cached_property
    def _age_phrase(self) -> re.Pattern:
        # the number, its time unit, and a cue: "22-year-old", "48 years old", "five years of age"
        cues = "|".join(r"(?:\s?-?\s?)" + re.escape(cue) + r"\b" if " " not in cue
                        else r"\s+" + r"\s+".join(map(re.escape, cue.split())) + r"\b"
                        for cue in sorted(self.age_after, key=lambda c: (-len(c), c)))
        return self.lexicon.macros.compile(rf"(?P<n>%num)\s?-?\s?(?P<unit>%time_unit)(?:{cues})",
                                           "lexicon/number_cues.tsv (age_after)", re.I)

    @cached_property
    def _decade_of_life(self) -> re.Pattern:
        return self.lexicon.macros.compile("%decade_of_life", "lexicon/macros.tsv")

    @cached_property
    def score(self) -> re.Pattern:
        """ "3-2 win", "5-4 vote": a score or tally, not a quantity."""
        return re.compile(r"\b\d+\s?[-\u2013]\s?\d+(?=\s+" + words_pattern(self.score_nouns) + r"\b)")

    @cached_property
    def _currency_signs(self) -> str:
        return "".join(sign for c in self.units.currencies.values() for sign in c.signs)

    def in_name(self, token: Token) -> bool:
        """A number right after a capitalised noun belongs to a name: "Apollo 11", "Flight 1187",
        "Windows 11"; not after a function word, an adverb ("Roughly 200") or a month ("May 3")."""
        if token.i == 0 or token.text[0] in self._currency_signs or not any(ch.isdigit() for ch in token.text):
            return False
        prev = token.nbor(-1)
        if not prev.whitespace_ or prev.is_stop or prev.is_punct or prev.like_num:
            return False
        if prev.pos_ not in {"PROPN", "NOUN", "X", ""} and not _CAMEL_CASE.fullmatch(prev.text):
            return False  # "Roughly 200 people": an adverb, not a name (but "iOS 4", "tvOS 6", however tagged)
        if prev.lower_.rstrip(".") in self.lexicon.months:
            return False
        return any(ch.isupper() for ch in prev.text) and prev.text[0].isalpha()

    def before_name(self, token: Token, unit_word: Optional[Callable[[str], bool]] = None) -> bool:
        """A number right before the singular proper name it is the number of: "787 Dreamliner",
        "504 Freighter" (a plural counts the name: "22 Dreamliners"); not before a unit ("256 GB"),
        as `unit_word` tells (default: the units table)."""
        doc = token.doc
        if token.i + 1 >= len(doc) or not _PLAIN_DIGITS.fullmatch(token.text) or not token.whitespace_:
            return False
        name = doc[token.i + 1]  # a capitalised singular noun inside a sentence: a name, however tagged
        return name.tag_ in {"NNP", "NN"} and name.text[:1].isupper() and name.ent_type_ not in {"NORP", "GPE"} \
            and name.lower_.rstrip(".") not in self.lexicon.months and token.head.i == name.i \
            and self.model_plural(name) is None \
            and not (unit_word(name.text) if unit_word else name.lower_ in self.units.by_word)  # "12 E195s", "256 GB"

    def story_names(self, doc: Doc, text: str, digits: dict[int, tuple[int, int]],
                    unit_word: Optional[Callable[[str], bool]] = None) -> set[int]:
        """The tokens of `doc` (whose text is `text`) whose numbers name a model or a product,
        anywhere in the story; `digits` are its tokens that hold a digit, as index -> (start, end)
        characters.

        A number is a name where a name stands before it ("Boeing 787", "iPhone 3GS") or after it
        ("787 Dreamliner"); such a number of three digits or more, or with letters ("3GS"), names
        the model wherever the story says it again ("the 787 offers", "the 717 program", "the 3GS"),
        except as an amount ("$787 million") or a count of a plural ("101 drivers"). A number
        joined by a hyphen to a model's name or number is its variant ("787-8", "A380-800F",
        "777-200LR"). A number before a model's plural is a count, not a name ("18 777s").
        `unit_word` tells a unit's word ("256 GB"). The characters around each number are looked
        at first, so that a story without a model builds no token."""
        names: set[int] = set()
        models: set[str] = set()
        for i, (start, end) in digits.items():
            before, after = text[max(0, start - _WORD_REACH):start], text[end:end + 2]
            words_before = before.split() if before[-1:] in {" ", "\t"} else ()
            if not (words_before and words_before[-1] != words_before[-1].lower()  # "Boeing 787", "iOS 4"
                    or after[:1] == " " and after[1:2].isupper()  # "787 Dreamliner"
                    or after[:1] in {"-", "\u2013"}) or YEAR.fullmatch(text, start, end):  # "777-200LR"
                continue
            token = doc[i]
            named = self.in_name(token) and (doc[i - 1].ent_type_ in _MODEL_OWNERS or token.ent_type_ in _MODEL_OWNERS
                                             or _LETTERS_AND_DIGITS.fullmatch(token.text) is not None)
            if (named or self.before_name(token, unit_word) or self._variant_after(token)) and not self._amount(token):
                names.add(i)
                if len(token.text) >= _CARRIED_DIGITS and _PLAIN_DIGITS.fullmatch(token.text) \
                        or _LETTERS_AND_DIGITS.fullmatch(token.text):
                    models.add(token.text)
        for i, (start, end) in digits.items():
            if i in names:
                continue
            if text[start:end] in models:
                token = doc[i]
                if not self._amount(token) and not self._counts_plural(token):
                    names.add(i)  # the model said again
            elif text[start - 1:start] in {"-", "\u2013"} and self._variant(doc[i], names):
                names.add(i)  # "787-8", "A380-800F"
        return names

    @staticmethod
    def _counts_plural(token: Token) -> bool:
        """A number that counts the plural noun after it with no determiner before it, as a model's
        number does not: "leaving 101 drivers" in a story of Route 101 (but "the 787 offers")."""
        doc = token.doc
        return token.dep_ == "nummod" and token.head.tag_ == "NNS" and token.head.i > token.i \
            and not (token.i > 0 and doc[token.i - 1].dep_ == "det")

    def _amount(self, token: Token) -> bool:
        """A number said as an amount: after a currency sign, before a scale word or a unit."""
        doc = token.doc
        if token.i > 0 and (doc[token.i - 1].text[-1] in self._currency_signs or doc[token.i - 1].text in self.units.currencies):
            return True  # "$787", "A$ 717", "CHF 5,000"
        after = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
        return after in self.lexicon.scales or after in self.units.by_word

    def _variant_after(self, token: Token) -> bool:
        """A model's number with its variant joined by a hyphen: "777-200LR" (but not a range with
        its unit, "5-10km", "15-20C")."""
        doc, i = token.doc, token.i
        if i + 2 >= len(doc) or doc[i + 1].text not in {"-", "\u2013"} or token.whitespace_ or doc[i + 1].whitespace_:
            return False
        m = _GLUED_LETTERS.fullmatch(doc[i + 2].text)
        return m is not None and m.group("letters").isupper() and m.group("letters").lower() not in self.units.by_word

    @staticmethod
    def _variant(token: Token, names: set[int]) -> bool:
        """A number joined by a hyphen to the model name before it: "787-8", "A380-800F"."""
        doc, i = token.doc, token.i
        if i < 2 or doc[i - 1].text not in {"-", "\u2013"} or doc[i - 1].whitespace_ or doc[i - 2].whitespace_:
            return False
        model = doc[i - 2]
        return model.i in names or _LETTERS_AND_DIGITS.fullmatch(model.text) is not None and not model.text[:1].isdigit()

    @staticmethod
    def model_plural(token: Token) -> Optional[str]:
        """The model a plural names, lowercase: "777s" and "A320s" (777, a320), "A380's" (a380,
        when the "'s" is no possessive); None for anything else, and for a decade ("1990s", "90s")."""
        doc = token.doc
        m = _MODEL_PLURAL.fullmatch(token.text)
        if m is not None:
            stem = m.group("stem")
            if stem.isdigit() and (len(stem) < 3 or stem.endswith("0")):
                return None  # "the 1990s", "the 90s", "the 4s"
            return stem.lower()
        if _LETTERS_AND_DIGITS.fullmatch(token.text) and not token.text[:1].isdigit() and token.dep_ != "poss" \
                and token.i + 1 < len(doc) and doc[token.i + 1].lower_ in {"'s", "\u2019s"}:
            return token.lower_  # "2 of the new A380's": a plural written with an apostrophe
        return None

    def not_counting(self, token: Token) -> bool:
        """A number that counts nothing: a rank ("No. 1", "number-one"), an ordinal written apart
        from its suffix ("15,599 th"), a year cut short ("iLife '11"), or "one" in a fixed phrase
        ("one thing in common", "all in one") or as a member of a group ("one member of the crew",
        as "one of the crew"), unless a focus word makes it count ("only one thing")."""
        doc, i = token.doc, token.i
        before = doc[i - 1] if i > 0 else None
        word = before.lower_ if before is not None else ""
        if before is not None and i > 1 and not doc[i - 2].whitespace_:
            if before.text in {"-", "\u2013"}:
                word = doc[i - 2].lower_  # "number-one"
            elif before.text == ".":
                word = doc[i - 2].lower_ + "."  # "No. 1", the abbreviation taken apart
        if word in self.rank_before:
            return True
        if i + 1 < len(doc) and token.whitespace_ and doc[i + 1].lower_ in self.ordinal_suffixes and token.like_num:
            return True
        if _SHORT_YEAR.fullmatch(token.text) or before is not None and before.text in {"'", "\u2019"} \
                and not before.whitespace_ and _SHORT_YEAR.fullmatch(before.text + token.text):
            return True
        if token.lower_ not in self.pronouns or before is not None and before.lower_ in self.focus:
            return False
        for place, phrases in self.idioms.items():
            for words in phrases:
                start = i - place
                end = start + len(words)
                if start >= 0 and end <= len(doc) and tuple(t.lower_ for t in doc[start:end]) == words:
                    # "one less seat than in 2019" compares: it counts
                    return not any(t.lower_ == "than" for t in doc[end:end + 2])
        return self._member_of_group(token)

    def _member_of_group(self, token: Token) -> bool:
        """ "one member of the crew", "one component of this system": "one" before a singular noun
        of a group that has a determiner, said as "one of the crew"; not "one lane of traffic"."""
        head = token.head
        if token.dep_ != "nummod" or head.tag_ != "NN" or head.i != token.i + 1 or head.lower_ in self.units.by_word:
            return False
        groups = [g for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
        return any(d.dep_ in {"det", "poss"} for g in groups for d in g.children)

    def age_phrase(self, text: str, start: int = 0) -> Optional[AgePhrase]:
        """The age written at `start` of `text` with its unit and a cue: "22-year-old", "a
        6-month-old", "48 years old", "five years of age", "two decades old"; else None."""
        m = self._age_phrase.match(text, start)
        if m is None:
            return None
        value = self.lexicon.parse_number(m.group("n"))
        unit = self.units.by_word.get(m.group("unit").lower())
        if value is None or unit is None:
            return None
        return AgePhrase(value, unit.name, m.start(), m.end())

    def age(self, token: Token) -> Optional[Age]:
        """The age a number token starts or is: "22-year-old", "five years of age" (an
        `age_phrase`), "aged 48", "Sheila Ambrose, 68, who ...", "a woman in her 30s"; else None."""
        doc, i = token.doc, token.i
        phrase = self._phrase_at(token)
        if phrase is not None:
            return Age(phrase.start, phrase.end, phrase.value, unit=phrase.unit, written_with_unit=True)
        if i > 0 and doc[i - 1].lower_ in self.age_before and token.like_num and not token.is_sent_start:
            value = self.lexicon.parse_number(token.text)
            if value is not None:
                return Age(i - 1, i + 1, value)
        if _AGE_IN_DIGITS.fullmatch(token.text) and 0 < int(token.text) < 120 and i >= 2 \
                and doc[i - 1].text == "," and self._person(doc[i - 2]) \
                and (i + 1 == len(doc) or doc[i + 1].text in {",", ".", ";", ")"}):
            return Age(i, i + 1, float(token.text))
        if self._age_of_subject(token):
            value = self.lexicon.parse_number(token.text)
            if value is not None:
                return Age(i, i + 1, value)
        decade = self._decade_of_life.fullmatch(token.text)
        if decade and i >= 2 and doc[i - 1].lower_ in self.age_owners and doc[i - 2].lower_ in self.age_in:
            low = float(decade.group("decade")) * 10
            return Age(i, i + 1, low, "RANGE", low + 9)
        return None

    def _age_of_subject(self, token: Token) -> bool:
        """ "before he is 40,", "when she turned 65.": a bare number that ends the clause of an age
        verb whose subject is a person."""
        doc, i = token.doc, token.i
        if not _AGE_IN_DIGITS.fullmatch(token.text) or not 0 < int(token.text) < 120 \
                or token.dep_ not in {"attr", "dobj", "acomp"} or token.head.lower_ not in self.age_verbs \
                or token.head.i != i - 1:
            return False
        if i + 1 < len(doc) and not (doc[i + 1].is_punct or doc[i + 1].pos_ == "CCONJ"):
            return False  # "he is 40 points behind"
        subjects = [c for c in token.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
        return bool(subjects) and (subjects[0].lower_ in self.age_subjects or self._person(subjects[0]))

    @staticmethod
    def _person(token: Token) -> bool:
        """A person's name ends at `token`: as the entity recogniser tagged it, or as the entity stage
        knows it from the story ("Papermaster" after "Mark Papermaster", though tagged ORG alone)."""
        if token.ent_type_ == "PERSON":
            return True
        return token.pos_ == "PROPN" and any(span.end == token.i + 1 and span.label_ == "PERSON"
                                             for span in token.doc.spans.get(ENTITIES, ()))

    def _phrase_at(self, token: Token) -> Optional[AgePhrase]:
        """The age phrase that starts at `token`, in token offsets (a few tokens are read, not the
        whole text, so that asking costs the same in a long document)."""
        if not (token.like_num or token.lower_ in self.lexicon.numbers):
            return None
        doc = token.doc
        around = doc[token.i:min(len(doc), token.i + _AGE_PHRASE_TOKENS)]
        phrase = self.age_phrase(around.text)
        if phrase is None:
            return None
        span = around.char_span(phrase.start, phrase.end, alignment_mode="expand")
        if span is None:
            return None
        return AgePhrase(phrase.value, phrase.unit, span.start, span.end)

    def is_age(self, span: Span) -> bool:
        """A span of time that is an age: "22-year-old", "a 6-month-old", "48 years old",
        "five years of age", "her 30s" (the quantity stage reads it as one)."""
        for token in span:
            phrase = self._phrase_at(token)
            if phrase is not None and phrase.end >= span.end:
                return True
        return len(span) == 1 and self.age(span[0]) is not None

    def is_rate(self, span: Span) -> bool:
        """ "a day" after an amount is the period of a rate: "190,000 vehicles a day", "£1,000 a year"."""
        if not self._rate.fullmatch(span.text.lower()) or span.start == 0:
            return False
        before = span.doc[span.start - 1]
        return before.pos_ in {"NOUN", "PROPN", "NUM", "SYM"} or before.like_num

    @staticmethod
    def is_year(text: str) -> bool:
        """ "2019": a number news writes as a year."""
        return bool(YEAR.fullmatch(text))
