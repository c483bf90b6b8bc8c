"""Stage 5a: the date a quantity belongs to (`when`), from the dependency parse.

"Revenue rose 5% in the first quarter": the quantity "5%" belongs to the first quarter. The
date is chosen among the sentence's dates (TIMEX3 type DATE or TIME: a duration measures time
and a set is a rate, "£86 a year", and neither says when), in this order:

1. a date attached to the quantity's own path up to its clause: its noun, the words between
   them, its verb ("3,000 residents in 1990", "sold 3 million cars in 2023"), the nearest first;
2. a date elsewhere in the same clause ("Revenue in the first quarter rose 5%");
3. the sentence's one date, when it has exactly one and it is the date of a clause that frames
   the quantity's ("It raised money in October 2022, when a Series B valued it at $1.4 billion");
   not of a clause that reports it ("said on Monday that sales rose 5%": Monday is when it was
   said), runs beside it ("... and 110 flights were cancelled") or hangs inside it.

A date that the quantity is compared with is no candidate ("8% below the same period of 2019",
"up 5% from a year earlier": the words of `models/en/quantities/when_cues.tsv`).

A clause is a verb's clause (the root, a clausal complement, an adverbial or relative clause, a
verb's conjunct); an open complement ("plans to cut 1,200 jobs by 2025") shares its verb's
clause. Otherwise the quantity has no `when`. A dateline's date is when the story was filed, never
a quantity's date.
"""

from __future__ import annotations

from typing import Collection, Iterable, Optional

from spacy.tokens import Doc, Span, Token

from pipeline.core.attrs import DATELINE
from pipeline.rules.resources import register_schema
from pipeline.rules.tsv import Column

#: words through which a date is a base of comparison, not a quantity's date
WHEN_CUES = register_schema("quantities/when_cues.tsv", Column("word"), Column("examples", "list", required=False, default=()))
#: the TIMEX3 types that say when (DURATION measures time, SET is a frequency or rate)
WHEN_TYPES = frozenset({"DATE", "TIME"})
#: dependency labels that start a clause of their own
CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "advcl", "relcl", "csubj", "csubjpass", "parataxis", "acl"})
#: the edges by which a clause reports another ("said ... that", "..., the company said") or runs
#: beside it ("... and fell 2%"): a date of that other clause is not its quantities' date
APART_DEPS = frozenset({"ccomp", "parataxis", "conj"})
#: a path longer than this is a parse gone round in circles
MAX_DEPTH = 40


def _starts_clause(token: Token) -> bool:
    """Whether `token` heads a clause of its own."""
    if token.head.i == token.i:
        return True
    return token.dep_ in CLAUSE_DEPS or (token.dep_ == "conj" and token.pos_ in {"VERB", "AUX"})


def _path(token: Token) -> list[Token]:
    """`token` and its heads up to the head of its clause, included."""
    path = [token]
    while not _starts_clause(token) and len(path) < MAX_DEPTH:
        token = token.head
        path.append(token)
    return path


def _attachment(date: Span) -> tuple[Token, list[Token]]:
    """The word a date hangs on, past its prepositions ("rose ... in 2023" -> rose), and the
    prepositions passed."""
    token, passed = date.root, []
    for _ in range(MAX_DEPTH):
        head = token.head
        if head.i == token.i:
            break
        if head.i in range(date.start, date.end):
            token = head
            continue
        if head.pos_ == "ADP" or head.dep_ in {"prep", "agent"}:
            passed.append(head)
            token = head
            continue
        return head, passed
    return token, passed


def _governs(clause: Token, inner: Token) -> bool:
    """Whether the clause headed by `clause` is above the clause headed by `inner` as its frame
    (an adverbial or relative clause in it), not as one that reports it or runs beside it."""
    token = inner
    for _ in range(MAX_DEPTH):
        if token.i == clause.i:
            return token.i != inner.i
        if token.head.i == token.i or token.dep_ in APART_DEPS:
            return False
        token = token.head
    return False


def when_dates(doc: Doc, dates: Iterable[Span]) -> list[Span]:
    """The date facts that may be a quantity's date: all but a dateline's ("LONDON, Feb. 12 -" is
    when the story was filed, not when its first sentence's numbers happened)."""
    datelines = list(doc.spans.get(DATELINE, []))
    return [d for d in dates if not any(line.start <= d.start and d.end <= line.end for line in datelines)]


def quantity_when(quantity: Span, dates: Iterable[Span], bases: Collection[str] = frozenset()) -> Optional[Span]:
    """The date `quantity` belongs to, among `dates` (the document's date facts), or None.

    quantity (Span): a quantity fact.
    dates (Iterable[Span]): the date facts, with `span._.timex`; only those of the quantity's
        sentence, of type DATE or TIME, not overlapping it and not a base of comparison are
        candidates.
    bases (Collection[str]): the words, lowercase, through which a date is what a quantity is
        compared with ("8% below the same period of 2019", "up 5% from a year earlier"): no `when`.
    RETURNS (Optional[Span]): the date span chosen by the rule of this module.
    """
    sent = quantity.sent
    attached: dict[int, Token] = {}
    candidates = []
    for date in dates:
        if date.label_ not in WHEN_TYPES or not sent.start <= date.start < sent.end:
            continue
        if date.end > quantity.start and date.start < quantity.end:
            continue
        head, passed = _attachment(date)
        if any(word.lower_ in bases for word in (*passed, head)):
            continue
        attached[date.start] = head
        candidates.append(date)
    if not candidates:
        return None
    path = _path(quantity.root)
    clause = path[-1]
    rank = {token.i: n for n, token in enumerate(path)}

    def distance(date: Span) -> int:
        return min(abs(date.start - quantity.end), abs(quantity.start - date.end))

    on_path = [(rank[attached[d.start].i], distance(d), d) for d in candidates if attached[d.start].i in rank]
    if on_path:
        return min(on_path, key=lambda t: t[:2])[2]
    in_clause = [(distance(d), d) for d in candidates if _path(attached[d.start])[-1].i == clause.i]
    if in_clause:
        return min(in_clause, key=lambda t: t[0])[1]
    if len(candidates) == 1 and _governs(_path(attached[candidates[0].start])[-1], clause):
        return candidates[0]
    return None
