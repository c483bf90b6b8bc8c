"""The ``timex_tagger`` component: temporal expressions in a parsed document.

Candidates are the statistical DATE/TIME entities plus the date grammar's candidate patterns
(what NER misses); each is resolved by the grammar in the direction its clause looks, with the
last date the story mentioned as reference; names ("Long March 5"), ages and speeds are left
out. Results go to ``doc.spans["timex"]`` with ``span._.timex``.
"""

from __future__ import annotations

import re
from collections import deque
from datetime import date, datetime
from typing import Iterable, Iterator, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.core.attrs import TIMEX, name_spans, published_of
from pipeline.language.lemmas import Lemmas
from pipeline.language.number_use import NumberUses
from pipeline.rules.component import RuleComponent
from pipeline.rules.guard import guarded
from pipeline.rules.regex_code import RegexCode
from pipeline.rules.resources import Resources

from .context import (
    Resolved,
    after_clock,
    after_every,
    day_and_time,
    day_for_clock_ranges,
    drop_comparison,
    is_time_use,
    join_durations,
    lowercase_name,
    month_first,
    outer_modifier,
    parse_date,
    split_range,
    trim,
)
from .direction import clause_direction
from .grammar import DateGrammar, Timex
from .resolve import explain_timex, resolve_timex
from .story import Story

_CLOCK = re.compile(r"(\d{4}-\d{2}-\d{2}T(?:[01]\d|2[0-3]):\d{2})(Z|[+-]\d{2}:\d{2})?")


class TimexTagger(RuleComponent):
    """Find temporal expressions and resolve them against the publication date."""

    resource_folders = ("lexicon", "units", "dates")

    def __init__(self, nlp: Language, name: str = "timex_tagger", *, ner_labels: Iterable[str] = ("DATE", "TIME"),
                 use_patterns: bool = True, longest: int = 12) -> None:
        """
        nlp (Language): the pipeline this component belongs to.
        name (str): the component's name in the pipeline.
        ner_labels (Iterable[str]): entity labels taken as candidate temporal expressions.
        use_patterns (bool): also look for what NER misses (durations, times, frequencies).
        longest (int): the most tokens one expression may have; a longer NER span is narrowed
            to the expressions inside it, so the cost stays linear in the text.
        """
        super().__init__(nlp, name)
        self.ner_labels = set(ner_labels)
        self.use_patterns = use_patterns
        self.longest = longest
        self.lemma = Lemmas(nlp)
        self.grammar: Optional[DateGrammar] = None
        self.regexes = RegexCode(min_length=0)  # the date patterns take 0.1-0.15 s to compile
        self.uses: Optional[NumberUses] = None

    def load_resources(self, resources: Resources) -> None:
        self.grammar = DateGrammar(resources, self.regexes)
        self.uses = NumberUses(self.grammar.lexicon, self.grammar.units)

    @guarded(TIMEX)
    def __call__(self, doc: Doc) -> Doc:
        """Write `doc.spans["timex"]`, each span labelled with its TIMEX3 type.

        doc (Doc): a parsed document; `doc._.published` (ISO date) anchors relative dates, or the
            "published" of the context `nlp.pipe(..., as_tuples=True)` was given (`published_of`).
        RETURNS (Doc): the same document with `span._.timex` set on each temporal span.
        """
        self.require_resources()
        anchor = parse_date(published_of(doc))
        text = doc.text
        resolved, rules = self._find(doc, text, anchor)
        doc.spans[TIMEX] = [self._span(span, found) for span, found in self._in_story_order(doc, resolved, rules, anchor)]
        return doc

    def _span(self, span: Span, found: Timex) -> Span:
        """The span of an expression, labelled with its type; a duration also carries its amount
        as a quantity ("49 hours": 49 hour, 176400 s)."""
        timex_span = Span(span.doc, span.start, span.end, label=found.type)
        timex_span._.timex = found.as_dict()
        amount = self.grammar.units.duration_amount(found.value) if found.type == "DURATION" else None
        if amount is not None:
            timex_span._.timex.update(number=amount[0], unit=amount[1], si_value=amount[2])
        return timex_span

    # ------------------------------------------------------------------ finding

    def _candidates(self, doc: Doc, text: str) -> list[Span]:
        grammar = self.grammar
        candidates = [trim(e, grammar) for e in doc.ents if e.label_ in self.ner_labels]
        if self.use_patterns:
            by_group = {c.group: c for c in grammar.candidates}
            for match in grammar.candidate_scanner.finditer(text):
                candidate = by_group[match.lastgroup]
                start, end = match.span(candidate.extent) if candidate.extent and match.group(candidate.extent) else match.span()
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is not None:
                    candidates.append(span)
        return filter_spans([c for c in candidates if c is not None and len(c)])

    def _find(self, doc: Doc, text: str, anchor: Optional[date]) -> tuple[list[Resolved], dict[tuple[int, int], str]]:
        """The expressions of `doc`, each resolved once, and the rule that resolved each."""
        grammar, uses = self.grammar, self.uses
        name_chars = set()
        for span in name_spans(doc):
            if span.text.lower() not in grammar.lexicon.timezones:  # "09:15 UTC": NER may call UTC a name
                name_chars.update(range(span.start_char, span.end_char))
        resolved: list[Resolved] = []
        rules: dict[tuple[int, int], str] = {}
        queue = deque(self._candidates(doc, text))
        while queue:
            candidate = queue.popleft()
            if any(i in name_chars for i in range(candidate.start_char, candidate.end_char)) \
                    and candidate.text not in grammar.lexicon.holidays:
                continue  # "March 5" in "Long March 5"
            if uses.is_age(candidate):
                continue  # "22-year-old" is an age, a quantity
            candidate = drop_comparison(candidate, grammar)
            future, before = clause_direction(candidate, grammar, self.lemma), self._before(candidate)
            resolves = lambda t, future=future, before=before: self._explain(t, anchor, future, before) is not None
            for span, expression in split_range(candidate, resolves, grammar, self.longest):
                if len(span) > self.longest:
                    explained = None
                elif span == candidate:
                    explained = self._explain(expression, anchor, future, before)
                else:
                    explained = self._explain(expression, anchor, clause_direction(span, grammar, self.lemma), self._before(span))
                if explained is None:
                    # a too-wide NER span: its longest resolvable prefix or suffix, then the rest
                    whole = span
                    span, explained = self._narrow(span, anchor)
                    if explained is not None:
                        rest = whole[span.end - whole.start:] if span.start == whole.start else whole[:span.start - whole.start]
                        if len(rest) and not all(t.is_punct or t.is_stop for t in rest):
                            queue.append(rest)
                if len(span) == 1 and uses.in_name(span[0]):
                    continue  # "Flight 1187", "Route 66"
                if explained is not None and not lowercase_name(span, grammar) and is_time_use(span, text, grammar):
                    found, rules[(span.start, span.end)] = explained
                    resolved.append((span, found))
                    resolved.extend(self._range_start(span, found, anchor))
        return join_durations(doc, resolved), rules

    def _explain(self, text: str, anchor: Optional[date], future: Optional[bool], before: str,
                 story: Optional[Story] = None) -> Optional[tuple[Timex, str]]:
        return explain_timex(text, anchor, future=future, story=story, before=before, grammar=self.grammar)

    @staticmethod
    def _before(span: Span) -> str:
        """The words before a span that a rule's context may read."""
        return span.doc[max(0, span.start - 6):span.start].text

    def _narrow(self, span: Span, anchor: Optional[date]) -> tuple[Span, Optional[tuple[Timex, str]]]:
        """The longest prefix or suffix of `span` that resolves (at most `longest` tokens)."""
        for size in range(min(len(span) - 1, self.longest), 0, -1):
            for sub in (span[:size], span[len(span) - size:]):
                explained = self._explain(sub.text, anchor, clause_direction(sub, self.grammar, self.lemma), self._before(sub))
                if explained is not None:
                    return sub, explained
        return span, None

    def _range_start(self, span: Span, found: Timex, anchor: Optional[date]) -> list[Resolved]:
        """The first end of "between 12 and 18 months" / "two to three years" as its own duration."""
        doc, i = span.doc, span.start
        if found.type != "DURATION" or i < 2 or doc[i - 1].lower_ not in self.grammar.cue("range"):
            return []
        first = doc[i - 2:i - 1]
        if self.grammar.lexicon.parse_number(first.text) is None or not span[0].like_num:
            return []
        other = resolve_timex(f"{first.text} {span[-1].text}", anchor, grammar=self.grammar)
        return [(first, other)] if other is not None and other.type == "DURATION" else []

    # ------------------------------------------------------------------ the story's order

    def _in_story_order(self, doc: Doc, resolved: list[Resolved], rules: dict[tuple[int, int], str],
                        anchor: Optional[date]) -> Iterator[Resolved]:
        """The expressions in text order, those whose rule reads the story resolved again against
        what it said before them (the last day, quarter, year ... it named), joined where a day
        and its clock time make one, with the modifier that stands before it ("about a month")."""
        grammar = self.grammar
        unique: dict[tuple[int, int], Resolved] = {}
        for span, found in resolved:  # one expression may be reached twice (a range, a remainder)
            unique.setdefault((span.start, span.end), (span, found))
        kept = {(s.start, s.end) for s in filter_spans([span for span, _ in unique.values()])}
        story, clock = Story(month_first=month_first(doc, grammar)), None
        ordered: list[Resolved] = []
        for span, found in sorted((p for k, p in unique.items() if k in kept), key=lambda p: p[0].start):
            rule = rules.get((span.start, span.end))
            if rule is None or rule in grammar.story_rules:
                future = clause_direction(span, grammar, self.lemma)
                explained = self._explain(span.text, anchor, future, self._before(span), story)
                found = explained[0] if explained else found
            if found.mod is None:
                found = Timex(found.type, found.value, outer_modifier(span, found, grammar))
            if found.type == "DURATION" and (self.uses.is_rate(span) or after_every(span, grammar)):
                found = Timex("SET", found.value)  # "190,000 vehicles a day", "every two or three years"
            joined = day_and_time(ordered[-1], (span, found)) if ordered else None
            if joined is not None:  # "Saturday at 3 p.m.", "11:15 p.m. EST on Sunday": one TIME
                span, found = doc[ordered.pop()[0].start:span.end], joined
            if clock is not None:
                found = after_clock(span.text, *clock, found.mod, grammar) or found
            if found.type in {"DATE", "TIME"}:
                story = story.told(found.value)  # the day, quarter, year ... the story is telling of
            moment = _CLOCK.fullmatch(found.value) if found.type == "TIME" else None
            if moment:  # the moment the story is telling of, and its zone
                clock = datetime.fromisoformat(moment.group(1)), moment.group(2) or ""
            ordered.append((span, found))
        return iter(day_for_clock_ranges(ordered, grammar))



@Language.factory(
    "timex_tagger",
    assigns=["doc.spans"],
    requires=["doc.ents", "token.dep"],
    default_config={"ner_labels": ["DATE", "TIME"], "use_patterns": True, "longest": 12},
)
def make_timex_tagger(nlp: Language, name: str, ner_labels: list[str], use_patterns: bool,
                      longest: int) -> TimexTagger:
    """Build the temporal tagger; settings come from the pipeline config."""
    return TimexTagger(nlp, name, ner_labels=ner_labels, use_patterns=use_patterns, longest=longest)
