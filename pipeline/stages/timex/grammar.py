"""The date grammar: candidate patterns, resolution rules and their tables, loaded as data.

``DateGrammar`` reads ``models/<lang>/dates/`` (with the shared lexicon and unit table),
checks every entry, compiles the patterns once, and resolves an expression by the first rule
whose pattern matches it (see ``rules.tsv``). Nothing about English dates is in this code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any, Optional

from pipeline.core.kinds import DATE
from pipeline.language.lexicon import Lexicon
from pipeline.language.units import UnitTable
from pipeline.rules.caching import MethodCaches
from pipeline.rules.macros import load_macros, words_pattern
from pipeline.rules.prefix_scan import PrefixScanner
from pipeline.rules.regex_code import RegexCode
from pipeline.rules.resources import Resources, register_schema, words_by_role
from pipeline.rules.templates import UNKNOWN, Call, Either, Literal, Lookup, Name, Node, Template, calls_in, names_in, tables_in
from pipeline.rules.tsv import Column, ResourceError

from .functions import FUNCTIONS, Scope
from .periods import BeyondCalendar
from .story import Story

#: template functions that read what the story said (directly, or by resolving another expression)
STORY_FUNCTIONS = {"last", "same_period", "same_period_in", "numeric_date", "day_of", "day_of_any"}

TYPES = ("DATE", "TIME", "DURATION", "SET")
CONTEXTS = ("duration", "date", "ago")
ROLES = ("signal", "prefix", "future_aux", "past_aux", "modal_aux", "extending_lemma", "planned_lemma", "future_lemma",
         "planned_word", "forward_word", "until_word", "range", "comparison", "every", "unit_opener",
         "unit_closer", "unit_adjective", "discourse", "relative", "fraction_before", "ago_end")

NORMALISATION = register_schema("dates/normalisation.tsv", Column("table"), Column("word"), Column("value"))
CUES = register_schema("dates/cues.tsv", Column("word"), Column("role", choices=ROLES))
CANDIDATES = register_schema("dates/candidates.tsv", Column("id"), Column("pattern"),
                             Column("examples", "list", required=False, default=()))
RULES = register_schema("dates/rules.tsv", Column("id"), Column("type", choices=TYPES + ("auto",)),
                        Column("mods", choices=CONTEXTS + ("-",)), Column("pattern"), Column("value"),
                        Column("mod", required=False), Column("examples", "list", required=False, default=()),
                        Column("context", required=False))

#: names a template reads besides its rule's groups
SCOPE_NAMES = {"dct", "ref"}
_MODS = {"APPROX", "MORE_THAN", "LESS_THAN", "EQUAL_OR_MORE", "EQUAL_OR_LESS", "START", "MID", "END",
         "BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER"}
_BAD_VALUE = re.compile(r"\d{4}-(?:H[03-9]|Q[05-9]|(?:1[3-9]|[2-9]\d|00)(?:$|-))")
_SPACES = re.compile(r"\s+")
_POSSESSIVE_END = re.compile(r"(?:'s|')$")
_WORD_CHAR = re.compile(r"[a-z0-9]")
#: a day as TIMEX3 writes it
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_FIRST_PART = re.compile(r"[^ -]*")


@dataclass(frozen=True)
class Timex:
    """TIMEX3 attributes of one temporal expression."""

    type: str  # DATE, TIME, DURATION or SET
    value: str  # e.g. 2024-09-23, 2019-01, P53D, PT49H, 2024-06-02TMO, PRESENT_REF
    mod: Optional[str] = None  # APPROX, MORE_THAN, LESS_THAN, START, MID, END, ...

    def as_dict(self) -> dict:
        return {"type": self.type, "value": self.value, "mod": self.mod}


@dataclass(frozen=True)
class DateRule:
    """One resolution rule: where its expressions are matched, how their value is made."""

    id: str
    type: str
    mods: Optional[str]
    pattern: re.Pattern
    value: Template
    mod: Optional[Template]
    examples: tuple[str, ...]
    where: str
    context: Optional[re.Pattern] = None  # what the words before the expression must end with


@dataclass(frozen=True)
class Candidate:
    """One candidate pattern: where to look for expressions the NER misses."""

    id: str
    group: str  # the name of its group in the combined pattern
    extent: Optional[str]  # the name of its (?P<t>...) group, if it marks the expression in context
    examples: tuple[str, ...]
    where: str


class DateGrammar(MethodCaches):
    """The date grammar of one language."""

    CACHED = {"resolve": "_resolve"}

    def __init__(self, resources: Resources, regexes: Optional[RegexCode] = None) -> None:
        """
        resources (Resources): the language's `lexicon/`, `units/` and `dates/` resources.
        regexes (Optional[RegexCode]): compiles the patterns, from the code saved with the pipeline
            when it has it (the date stage's patterns take 0.1-0.15 s to compile).
        RAISES ResourceError: naming the file and line of an entry that cannot be used.
        """
        self.regexes = regexes or RegexCode(min_length=0)
        self.lexicon = Lexicon(resources)
        self.units = UnitTable(resources)
        self.macros = load_macros(resources, ["lexicon", "dates"])
        self.tables: dict[str, dict[str, Any]] = {}
        for row in resources.table(NORMALISATION):
            value: Any = row["value"]
            if re.fullmatch(r"-?\d+", value):
                value = int(value)
            self.tables.setdefault(row["table"], {})[row["word"]] = value
        self.tables.update(month=self.lexicon.months, weekday=self.lexicon.weekdays, season=self.lexicon.seasons,
                           part=self.lexicon.parts_of_day, ordinal=self.lexicon.ordinals,
                           date_modifier=dict(self.lexicon.modifiers(DATE)))
        self.cues = words_by_role(resources.table(CUES), ROLES)
        self.modifiers = {context: self.lexicon.modifiers(context) for context in CONTEXTS}
        #: the first part (up to a space or hyphen) of each context's modifiers: a text that starts
        #: otherwise has none to strip
        self._modifier_starts = {context: frozenset(_FIRST_PART.match(words).group(0) for words, _ in modifiers)
                                 for context, modifiers in self.modifiers.items()}
        self.rules = [self._rule(row) for row in resources.table(RULES)]
        seen: dict[str, str] = {}
        for rule in self.rules:
            if rule.id in seen:
                raise ResourceError(f"{rule.where}: rule id {rule.id!r} is already used at {seen[rule.id]}")
            seen[rule.id] = rule.where
        self.candidates, self.candidate_pattern = self._candidates(resources.table(CANDIDATES))
        #: the candidate pattern, tried only where one of its alternatives can start
        self.candidate_scanner = PrefixScanner(self.candidate_pattern, self.regexes)
        self._prefix = re.compile("^" + words_pattern(self.cues["prefix"]) + " ")
        ambiguous = sorted(self.lexicon.ambiguous_months)
        self._modal = re.compile(r"\b(?:" + "|".join(ambiguous) + r")\b(?! \d)")
        self._capitalised = re.compile(r"\b(?:" + "|".join(w.capitalize() for w in ambiguous) + r")\b")
        self.attempts = 0  # characters matched against rule patterns: the stage's cost, counted in tests
        self.build_caches()

    # ------------------------------------------------------------------ loading

    def _rule(self, row) -> DateRule:
        where = row.where
        pattern = self.macros.compile(row["pattern"], where, re.I, self.regexes.compile)
        value = Template.parse(row["value"], where)
        mod = Template.parse(row["mod"], where) if row.get("mod") else None
        groups = set(pattern.groupindex)
        for node in value.nodes() + (mod.nodes() if mod else []):
            unknown = names_in(node) - groups - SCOPE_NAMES
            if unknown:
                raise ResourceError(f"{where}: the value reads {', '.join(sorted(unknown))}, which the pattern "
                                    f"does not capture (its groups: {', '.join(sorted(groups)) or 'none'})")
            missing = calls_in(node) - set(FUNCTIONS)
            if missing:
                raise ResourceError(f"{where}: no resolver function {', '.join(sorted(missing))}; "
                                    f"the functions are {', '.join(sorted(FUNCTIONS))}")
            tables = tables_in(node) - set(self.tables) - {"number"}
            if tables:
                raise ResourceError(f"{where}: no table {', '.join(sorted(tables))}; "
                                    f"the tables are number, {', '.join(sorted(self.tables))}")
        if row.get("mod") and not row["mod"].startswith("{") and row["mod"] not in _MODS:
            raise ResourceError(f"{where}: mod {row['mod']!r} is not a TIMEX3 mod ({', '.join(sorted(_MODS))})")
        context = self.macros.compile(f"(?:{row['context']})$", where, re.I, self.regexes.compile) \
            if row.get("context") else None
        return DateRule(row["id"], row["type"], None if row["mods"] == "-" else row["mods"], pattern, value, mod,
                        row.get("examples", ()), where, context)

    def _candidates(self, rows) -> tuple[list[Candidate], re.Pattern]:
        candidates, parts = [], []
        for k, row in enumerate(rows):
            body = self.macros.expand(row["pattern"], row.where)
            extent = f"t{k}" if "(?P<t>" in body else None
            # the macros' own groups are not needed here, and would clash between candidates
            body = re.sub(r"\(\?P<(?!t>)\w+>", "(?:", body).replace("(?P<t>", f"(?P<t{k}>")
            try:
                self.regexes.compile(body, re.I)
            except re.error as err:
                raise ResourceError(f"{row.where}: invalid pattern ({err})") from None
            candidates.append(Candidate(row["id"], f"c{k}", extent, row.get("examples", ()), row.where))
            parts.append(f"(?P<c{k}>{body})")
        # every candidate starts at the start of a word: saying so first spares the engine trying each
        # alternative at every other position (3.5x faster on news, the same matches)
        return candidates, self.regexes.compile(r"(?<!\w)(?:" + "|".join(parts) + ")", re.I)

    @cached_property
    def named(self) -> dict[str, re.Pattern]:
        """The grammar's named patterns (its macros), compiled for whole-text matching."""
        return {name: re.compile(self.macros.expand(f"%{name}", where), re.I)
                for name, (_, where) in self.macros.definitions.items()}

    @cached_property
    def bounding_words(self) -> frozenset[str]:
        """One-word modifiers that bound a duration ("about", "over"): part of the expression."""
        return frozenset(w for w, code in self.modifiers["duration"] if code and " " not in w)

    @cached_property
    def story_rules(self) -> frozenset[str]:
        """The rules whose value depends on what the story said before the expression (they read
        `ref`, or call a function that reads the story): their expressions are resolved again in
        the story's order; the others' values are final when first resolved."""
        found = set()
        for rule in self.rules:
            nodes = rule.value.nodes() + (rule.mod.nodes() if rule.mod else [])
            if any("ref" in names_in(n) or calls_in(n) & STORY_FUNCTIONS for n in nodes):
                found.add(rule.id)
        return frozenset(found)

    @cached_property
    def outer_modifiers_by_first_word(self) -> dict[str, list[tuple[tuple[str, ...], Optional[str]]]]:
        """Modifiers that stand before a time expression, not in it ("about", "more than"), of any
        context, by their first word."""
        found: dict[str, list[tuple[tuple[str, ...], Optional[str]]]] = {}
        for context in CONTEXTS:
            for words, code in self.lexicon.modifiers(context, in_date=False):
                phrase = tuple(words.split())
                found.setdefault(phrase[0], []).append((phrase, code))
        return found

    @cached_property
    def outer_modifiers_by_last_word(self) -> dict[str, dict[str, list[tuple[tuple[str, ...], Optional[str]]]]]:
        """The same, per context, by their last word."""
        found: dict[str, dict[str, list[tuple[tuple[str, ...], Optional[str]]]]] = {}
        for context in CONTEXTS:
            for words, code in self.lexicon.modifiers(context, in_date=False):
                phrase = tuple(words.split())
                found.setdefault(context, {}).setdefault(phrase[-1], []).append((phrase, code))
        return found

    @cached_property
    def speed_words(self) -> frozenset[str]:
        """Units of length, which make "an hour" after them a speed ("30 km an hour")."""
        return frozenset(w for u in self.units.units.values() if u.dimension == "length" for w in u.words)

    @cached_property
    def units_of_time(self) -> frozenset[str]:
        """Every time unit in the singular ("day", "week", "year")."""
        return frozenset(w for u in self.units.units.values() if u.dimension == "time" for w in u.surfaces)

    @cached_property
    def bare_units(self) -> frozenset[str]:
        """Plural time units, which alone are a duration only in some places ("for years")."""
        return frozenset(w for u in self.units.units.values() if u.dimension == "time" for w in u.plurals)

    def zone_offset(self, zone: Optional[str], day: str) -> str:
        """What a clock time's value carries of its zone: "Z" for UTC, "+05:30" for a fixed offset,
        the offset on `day` of a zone with daylight saving, nothing for local time."""
        if not zone:
            return ""
        offset, name = self.lexicon.timezones.get(zone.lower(), (None, None))
        if offset is None and name and ISO_DAY.fullmatch(day):
            from zoneinfo import ZoneInfo

            moment = datetime.fromisoformat(day + "T12:00").replace(tzinfo=ZoneInfo(name))
            minutes = int(moment.utcoffset().total_seconds() // 60)
            offset = f"{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
        if offset in {"+00:00", "-00:00"}:
            return "Z"
        return offset or ""

    def cue(self, role: str) -> frozenset[str]:
        """The words of a role in cues.tsv."""
        return self.cues[role]

    # ------------------------------------------------------------------ resolving

    def normalise(self, text: str) -> str:
        """The expression as the rules see it: lowercase, single spaces, no leading preposition
        ("on", "as of") or trailing possessive."""
        text = text.replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
        text = _SPACES.sub(" ", text.strip().lower()).strip(" ,;:")
        text = self._prefix.sub("", text, count=1)
        return _POSSESSIVE_END.sub("", text)

    def is_modal(self, text: str) -> bool:
        """Lowercase "may" or "march" with no day after it is a verb, not a month."""
        return bool(self._modal.search(text)) and not self._capitalised.search(text)

    def strip_modifiers(self, text: str, context: Optional[str]) -> tuple[str, Optional[str]]:
        """Read the modifiers of `context` off the front of `text`: ("about 5 hours", duration)
        -> ("5 hours", "APPROX"); the first modifier read gives the code."""
        if context is None or _FIRST_PART.match(text).group(0) not in self._modifier_starts[context]:
            return text, None  # most expressions start with no modifier at all
        mod = None
        changed = True
        while changed:
            changed = False
            for words, code in self.modifiers[context]:
                for separator in (" ", "-"):
                    if text.startswith(words + separator):
                        text = text[len(words) + 1:].strip()
                        mod = mod or code
                        changed = True
        return text, mod

    def _resolve(self, text: str, anchor: Optional[date], future: Optional[bool],
                 story: Optional[Story], before: str = "") -> Optional[tuple[Timex, str]]:
        """The first rule that resolves the normalised `text` (after the words `before`), with its id."""
        if not text or not _WORD_CHAR.search(text):
            return None
        story = story or Story()
        stripped: dict[Optional[str], tuple[str, Optional[str]]] = {}
        for rule in self.rules:
            if rule.context is not None and not rule.context.search(before):
                continue
            if rule.mods not in stripped:
                stripped[rule.mods] = self.strip_modifiers(text, rule.mods)
            core, mod = stripped[rule.mods]
            self.attempts += len(core)
            match = rule.pattern.fullmatch(core)
            if match is None:
                continue
            scope = Scope(self, text, anchor, story, future, mod)
            evaluate = lambda node, match=match, scope=scope: self._evaluate(node, match, scope)
            try:
                value = rule.value.render(evaluate)
            except BeyondCalendar as beyond:  # the calendar's one rule (periods): PAST_REF, FUTURE_REF
                value, kind = beyond.value, "DATE"
            else:
                if value is None or _BAD_VALUE.match(value):
                    continue
                kind = rule.type if rule.type != "auto" else ("TIME" if "T" in value else "DATE")
            written = rule.mod.render(evaluate) if rule.mod else None
            return Timex(kind, value, written or mod), rule.id
        return None

    def _evaluate(self, node: Node, match: re.Match, scope: Scope) -> Any:
        if isinstance(node, Literal):
            return node.value
        if isinstance(node, Name):
            if node.name == "dct":
                return scope.anchor
            if node.name == "ref":
                return scope.reference
            return match.group(node.name)
        if isinstance(node, Either):
            for option in node.options:
                value = self._evaluate(option, match, scope)
                if value is not None:
                    return value
            return None
        if isinstance(node, Lookup):
            key = self._evaluate(node.key, match, scope)
            if key is None or key is UNKNOWN:
                return None
            if node.table == "number":
                return self.lexicon.parse_number(str(key))
            return self.tables[node.table].get(str(key).rstrip("."))
        if isinstance(node, Call):
            args = [self._evaluate(arg, match, scope) for arg in node.args]
            return FUNCTIONS[node.function](scope, *args)
        raise TypeError(node)

    def __getstate__(self) -> dict:
        state = super().__getstate__()
        for cached in ("named", "story_rules", "bounding_words", "outer_modifiers_by_first_word", "outer_modifiers_by_last_word",
                       "speed_words", "units_of_time", "bare_units"):
            state.pop(cached, None)
        return state
