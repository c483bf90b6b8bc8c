"""The quantity grammar: rewrites, phrase patterns, cue words and customs, loaded as data.

``QuantityGrammar`` reads ``models/<lang>/quantities/`` with the shared lexicon, the unit
table and the currencies, checks every entry (a bad one fails naming its file and line),
compiles the patterns once and registers the units quantulum3 lacks. Nothing about English
quantities is in this code; the readers of ``phrases.py`` and the normalizer are the mechanism.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Optional

from pipeline.core.kinds import QUANTITY
from pipeline.language.lexicon import Lexicon
from pipeline.language.number_use import NumberUses
from pipeline.language.units import UnitTable
from pipeline.rules.macros import load_macros, words_pattern
from pipeline.rules.resources import Resources, built_from, register_schema, words_by_role
from pipeline.rules.templates import Lookup, Name, Node, Template, names_in, tables_in
from pipeline.rules.tsv import Column, ResourceError

from .change import ChangeWords
from .phrases import READERS, Phrase
from .quantity import Quantity
from .quantulum import Quantulum

CUE_ROLES = ("unit_glue", "speed_period", "range", "range_opener", "paired_range", "paired_opener", "not_counted",
             "occasion", "determiner", "clause_word", "half_part", "half_in", "angle", "people", "people_clause",
             "age_bound", "age_upward", "address_noun", "baseline_relation", "baseline", "comparative", "change_noun",
             "change_preposition", "compared", "partitive", "per", "change_from", "not_per", "per_noun", "negative", "glued_less",
             "change_through", "planned", "change_level", "change_earlier", "shared_modifier", "negation", "stand_in",
             "list_joint", "level_verb", "amount_of")
CUES = register_schema("quantities/cues.tsv", Column("word"), Column("role", choices=CUE_ROLES))
REWRITES = register_schema("quantities/rewrites.tsv", Column("id"), Column("pattern"), Column("replacement"),
                           Column("examples", "list", required=False, default=()))
PHRASES = register_schema("quantities/phrases.tsv", Column("id"), Column("pattern"), Column("reader"),
                          Column("unit", required=False), Column("examples", "list", required=False, default=()))
CUSTOMS = register_schema("quantities/customs.tsv", Column("country"), Column("temperature_scale"))
VAGUE = register_schema("quantities/vague_amounts.tsv", Column("word"), Column("low", "float"), Column("high", "float"),
                        Column("value", "float", required=False), Column("needs_of", "flag"),
                        Column("examples", "list", required=False, default=()))
LEMMAS = register_schema("quantities/counted_lemmas.tsv", Column("word"), Column("lemma"))
COMPOUNDS = register_schema("quantities/compound_units.tsv", Column("larger"), Column("smaller"),
                            Column("examples", "list", required=False, default=()))

#: a quantity modifier written "N or more" follows the quantity (lexicon/modifiers.tsv)
AFTER = "N "
#: a bound turned by a negation before it ("no higher than": EQUAL_OR_LESS)
NEGATED = {"MORE_THAN": "EQUAL_OR_LESS", "LESS_THAN": "EQUAL_OR_MORE", "EQUAL_OR_MORE": "LESS_THAN",
           "EQUAL_OR_LESS": "MORE_THAN"}
#: the tables a rewrite's replacement may look a group up in
REWRITE_TABLES = ("number", "scale", "temperature_symbol")
ANY_COUNTRY = "*"


@dataclass(frozen=True)
class Rewrite:
    """One rewrite of a spelling quantulum3 misreads: where, and into what."""

    id: str
    pattern: re.Pattern
    replacement: Template
    examples: tuple[str, ...]
    where: str


class QuantityGrammar:
    """What the quantity stage knows of one language."""

    def __init__(self, resources: Resources) -> None:
        """
        resources (Resources): the language's `lexicon/`, `units/` and `quantities/` resources.
        RAISES ResourceError: naming the file and line of an entry that cannot be used.
        """
        self.lexicon = Lexicon(resources)
        self.units = UnitTable(resources)
        self.uses = NumberUses(self.lexicon, self.units)
        self.currencies = self.units.currencies
        self.macros = load_macros(resources, ["lexicon", "quantities"])
        self.cues = words_by_role(resources.table(CUES), CUE_ROLES)
        #: the quantity modifiers with their number of words, longest first ("no more than" before "more than");
        #: those written "N ..." follow the quantity ("$20 or more"), the others stand before it
        found = [(w, code, len(w.split())) for w, code in self.lexicon.modifiers(QUANTITY) if code]
        self.modifiers = sorted((m for m in found if not m[0].startswith(AFTER)), key=lambda m: -len(m[0]))
        #: the modifiers before a quantity by their last word
        self.modifiers_by_last: dict[str, list[tuple[str, str, int]]] = {}
        for modifier in self.modifiers:
            self.modifiers_by_last.setdefault(modifier[0].rsplit(" ", 1)[-1], []).append(modifier)
        #: the modifiers after a quantity by their first word
        self.modifiers_after: dict[str, list[tuple[str, str, int]]] = {}
        for w, code, n in sorted(found, key=lambda m: -len(m[0])):
            if w.startswith(AFTER):
                self.modifiers_after.setdefault(w.split()[1], []).append((w[len(AFTER):], code, n - 1))
        self.tables = {"scale": self._scale_words(), "temperature_symbol": self._temperature_symbols()}
        self.rewrites = [self._rewrite(row) for row in resources.table(REWRITES)]
        self.phrases = [self._phrase(row) for row in resources.table(PHRASES)]
        for kind in (self.rewrites, self.phrases):
            seen: dict[str, str] = {}
            for entry in kind:
                if entry.id in seen:
                    raise ResourceError(f"{entry.where}: id {entry.id!r} is already used at {seen[entry.id]}")
                seen[entry.id] = entry.where
        self.temperature_scales = self._customs(resources.table(CUSTOMS))
        #: (larger unit, smaller unit) -> examples: "6ft 2in" is one length
        self.compounds: dict[tuple[str, str], tuple[str, ...]] = {}
        for row in resources.table(COMPOUNDS):
            pair = (row["larger"], row["smaller"])
            units = [self.units.units.get(name) for name in pair]
            if None in units or units[0].dimension != units[1].dimension or not units[0].factor or not units[1].factor:
                raise ResourceError(f"{row.where}: {pair[0]!r} and {pair[1]!r} are not two units of one dimension "
                                    f"in units/units.tsv, each with its SI factor")
            self.compounds[pair] = row.get("examples", ())
        #: signs written before an amount ("$", "€")
        self.currency_signs = tuple(sign for c in self.currencies.values() for sign in c.signs)
        #: a minor unit's name -> the codes of the currencies whose hundredth it is, in file order
        self.minor_units: dict[str, tuple[str, ...]] = {}
        for currency in self.currencies.values():
            if currency.minor:
                self.minor_units[currency.minor] = self.minor_units.get(currency.minor, ()) + (currency.code,)
        self.quantulum = Quantulum(self.units.custom_units)
        self.changes = ChangeWords(resources, self.cues["change_through"], self.cues["planned"], self.cues["change_level"],
                                   self.cues["change_earlier"])
        #: vague amounts ("dozens", "tens of thousands") by their words
        self.vague_amounts = {row["word"]: row for row in resources.table(VAGUE)}
        #: the labels of the date stage's spans, which are never amounts
        self.date_labels = frozenset({"DATE", "TIME", "DURATION", "SET"})
        #: dimensions whose units are never "per" something written after them ("5% a year" is a rate of change)
        self.unit_not_per = frozenset(self.cues["not_per"])
        #: counted nouns whose unit is not the parser's lemma ("people": person)
        self.counted_lemmas = {row["word"]: row["lemma"] for row in resources.table(LEMMAS)}

    # ------------------------------------------------------------------ loading

    def _scale_words(self) -> dict[str, str]:
        """A scale suffix -> the scale word of the same value ("bn" -> "billion")."""
        words = {value: word for word, value in reversed(list(self.lexicon.scales.items())) if " " not in word}
        return {suffix: words[value] for suffix, value in self.lexicon.suffixes.items() if value in words}

    def _temperature_symbols(self) -> dict[str, str]:
        """Every written form of a temperature scale -> its degree symbol ("celsius" -> "°C")."""
        found = {}
        for unit in self.units.units.values():
            symbol = next((s for s in unit.symbols if s.startswith("°")), None)
            if unit.dimension == "temperature" and unit.offset and symbol:
                found.update({word.lower(): symbol.upper() for word in unit.words})
        return found

    def _rewrite(self, row: Any) -> Rewrite:
        pattern = self.macros.compile(row["pattern"], row.where, re.I)
        replacement = Template.parse(row["replacement"], row.where)
        for node in replacement.nodes():
            unknown = names_in(node) - set(pattern.groupindex)
            if unknown:
                raise ResourceError(f"{row.where}: the replacement reads {', '.join(sorted(unknown))}, which the "
                                    f"pattern does not capture")
            tables = tables_in(node) - set(REWRITE_TABLES)
            if tables:
                raise ResourceError(f"{row.where}: no table {', '.join(sorted(tables))}; the tables are "
                                    f"{', '.join(REWRITE_TABLES)}")
        return Rewrite(row["id"], pattern, replacement, row.get("examples", ()), row.where)

    def _phrase(self, row: Any) -> Phrase:
        if row["reader"] not in READERS:
            raise ResourceError(f"{row.where}: no reader {row['reader']!r}; the readers are "
                                f"{', '.join(sorted(READERS))}")
        pattern = self.macros.compile(row["pattern"], row.where, re.I)
        missing = READERS[row["reader"]].groups - set(pattern.groupindex)
        if missing:
            raise ResourceError(f"{row.where}: reader {row['reader']} reads the group(s) {', '.join(sorted(missing))}, "
                                f"which the pattern does not capture")
        if row.get("unit") and row["unit"] not in self.units.units:
            raise ResourceError(f"{row.where}: unit {row['unit']!r} is not in units/units.tsv")
        return Phrase(row["id"], pattern, row["reader"], row.get("unit"), row.get("examples", ()), row.where)

    def _customs(self, rows: list) -> dict[str, str]:
        found = {}
        countries = {place["country"] for place in self.lexicon.places}
        for row in rows:
            unit = self.units.units.get(row["temperature_scale"])
            if unit is None or unit.dimension != "temperature" or unit.factor is None:
                raise ResourceError(f"{row.where}: {row['temperature_scale']!r} is not a temperature scale of "
                                    f"units/units.tsv")
            if row["country"] != ANY_COUNTRY and row["country"] not in countries:
                raise ResourceError(f"{row.where}: no place of lexicon/places.tsv is in country {row['country']!r}")
            found[row["country"]] = unit.name
        if ANY_COUNTRY not in found:
            raise ResourceError(f"{rows[-1].where if rows else 'quantities/customs.tsv'}: give the scale of any "
                                f"other country (country {ANY_COUNTRY})")
        return found

    # ------------------------------------------------------------------ patterns

    def pattern(self, name: str) -> re.Pattern:
        """The macro `name` (lexicon/ or quantities/macros.tsv), compiled case-insensitively."""
        return self._named[name]

    @cached_property
    def _named(self) -> dict[str, re.Pattern]:
        return {name: re.compile(self.macros.expand(f"%{name}", where), re.I)
                for name, (_, where) in self.macros.definitions.items()}

    @cached_property
    def unit_word(self) -> re.Pattern:
        """Any written form of a unit of the table, as a word ("hectares", "nautical miles")."""
        return re.compile(r"(?<!\w)" + words_pattern(self.units.by_word) + r"(?!\w)", re.I)

    @cached_property
    def scale_multipliers(self) -> frozenset[str]:
        """Words that multiply the number before them: "million", "hundred"."""
        words = {**self.lexicon.numbers, **self.lexicon.scales}
        return frozenset(w for w, value in words.items() if value is not None and value >= 100 and w.isalpha())

    @cached_property
    def currency_mention(self) -> re.Pattern:
        """A currency's sign or name as written: "A$", "$" (not the one of "A$"), "euros"."""
        currencies = self.currencies.values()
        signs = [s for c in currencies for s in c.signs + c.prefixed]
        names = [n for c in currencies for n in c.names]
        glued = re.escape("".join(sorted({ch for s in signs for ch in s if not ch.isalnum()})))
        return re.compile(rf"(?<![A-Za-z{glued}]){words_pattern(signs)}|\b(?i:{words_pattern(names)})s?\b")

    def per_unit(self, m: re.Match) -> str:
        """What a rate is per, from a match of the macro per_after: a unit's name ("a day": day,
        "yearly": year, "a barrel": barrel) or the thing as written ("per episode": episode)."""
        if m.groupdict().get("adverb"):
            return self.units.by_adverb[m.group("adverb").lower()].name
        word = m.group("per").lower()
        return self.units.by_word[word].name if word in self.units.by_word else word

    def in_rate(self, doc: Any, j: int, start: int) -> bool:
        """Whether token `j`, after the number at token `start`, is in what a rate is per
        ("barrels [a day]", "$5 million [yearly]"), which the date stage may have taken as a SET."""
        for k in (j, j - 1):
            if k > start:
                m = self.pattern("per_after").match(doc[k:k + 3].text)
                if m is not None and doc[k].idx + m.end() >= doc[j].idx + len(doc[j]):
                    return True
        return False

    def starts_currency_name(self, text: str, start: int, end: int) -> bool:
        """Whether the name the entity stage found at `text[start:end]` begins a currency's name
        that goes on after it: "Norwegian" in "3 billion Norwegian kroner", "US" in "US dollars"."""
        first = text[start:end].split(" ", 1)[0].lower()
        if first not in self.currency_name_starts:
            return False
        m = self.pattern("currency_after").match(text, start)
        return m is not None and m.end() > end

    @cached_property
    def currency_name_starts(self) -> frozenset[str]:
        """The first words of the currencies' names ("norwegian", "us", "hong")."""
        return frozenset(name.split()[0] for name in self.units.currency_names)

    def places_of(self, country: str) -> re.Pattern:
        """The places of `country` as written: names in any case, abbreviations as written."""
        rows = [p for p in self.lexicon.places if p["country"] == country]
        names = words_pattern(p["name"] for p in rows)
        abbreviations = [p["abbreviation"] for p in rows if p["abbreviation"]]
        tail = r"|\b" + words_pattern(abbreviations) if abbreviations else ""
        return re.compile(rf"\b(?i:{names})\b{tail}")

    @cached_property
    def country_places(self) -> dict[str, re.Pattern]:
        """Each country whose customs are listed -> its places."""
        return {country: self.places_of(country) for country in self.temperature_scales if country != ANY_COUNTRY}

    def lookup(self, node: Node, match: re.Match) -> Optional[Any]:
        """Evaluate a replacement's expression on a rewrite's match."""
        if isinstance(node, Name):
            return match.group(node.name)
        if isinstance(node, Lookup):
            key = self.lookup(node.key, match)
            if key is None:
                return None
            if node.table == "number":
                return self.lexicon.parse_number(key)
            return self.tables[node.table].get(key.lower())
        options = getattr(node, "options", None)
        if options:
            return next((v for v in (self.lookup(o, match) for o in options) if v is not None), None)
        return getattr(node, "value", None)

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        for cached in ("_named", "unit_word", "scale_multipliers", "country_places", "currency_mention",
                       "currency_name_starts"):
            state.pop(cached, None)
        return state


def default_grammar(resources: Optional[Resources] = None) -> QuantityGrammar:
    """The quantity grammar of `resources` (default: the installed language), built once."""
    return built_from(QuantityGrammar, resources)


def read_phrases(text: str, grammar: Optional[QuantityGrammar] = None) -> list[tuple[int, int, Quantity]]:
    """Quantities written as phrases that quantulum3 misreads: shares ("one in five", "a third
    of"), rate changes ("40 basis points"), dollars of other countries ("A$6.2bn") and age
    groups ("the over-75s", "aged 65 and over"), as the phrase patterns find them.

    text (str): a document's text.
    grammar (Optional[QuantityGrammar]): the patterns and words; default: the installed language's.
    RETURNS (list): (start char, end char, quantity) for each phrase, in text order, not
        overlapping (an earlier pattern wins).
    """
    return [(start, end, quantity) for start, end, quantity, _ in explain_phrases(text, grammar)]


def explain_phrases(text: str,
                    grammar: Optional[QuantityGrammar] = None) -> list[tuple[int, int, Quantity, Phrase]]:
    """`read_phrases` with the phrase pattern that found each quantity."""
    if grammar is None:
        grammar = default_grammar()
    found: list[tuple[int, int, Quantity, Phrase]] = []
    for phrase in grammar.phrases:
        reader = READERS[phrase.reader].read
        for m in phrase.pattern.finditer(text):
            quantity = reader(grammar, phrase, m)
            if quantity is None:
                continue
            start, end = m.span("q") if "q" in phrase.pattern.groupindex else m.span()
            if not any(start < b and a < end for a, b, _, _ in found):
                found.append((start, end, quantity, phrase))
    return sorted(found, key=lambda f: f[0])
