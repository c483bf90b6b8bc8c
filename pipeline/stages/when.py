"""Stage 5a: the date a quantity belongs to (`when`), from the dependency parse.

"Revenue rose 5% in the first quarter": the quantity "5%" belongs to the first quarter. The
date is chosen among the sentence's dates (TIMEX3 type DATE or TIME: a duration measures time
and a set is a rate, "£86 a year", and neither says when), in this order:

1. a date attached to the quantity's own path up to its clause: its noun, the words between
   them, its verb ("3,000 residents in 1990", "sold 3 million cars in 2023"), the nearest first;
2. a date elsewhere in the same clause ("Revenue in the first quarter rose 5%");
3. the sentence's one date, when it has exactly one and it is not the date of a clause that
   reports the quantity's ("said on Monday that sales rose 5%": Monday is when it was said).

A clause is a verb's clause (the root, a clausal complement, an adverbial or relative clause, a
verb's conjunct); an open complement ("plans to cut 1,200 jobs by 2025") shares its verb's
clause. Otherwise the quantity has no `when`.
"""

from __future__ import annotations

from typing import Iterable, Optional

from spacy.tokens import Span, Token

#: the TIMEX3 types that say when (DURATION measures time, SET is a frequency or rate)
WHEN_TYPES = frozenset({"DATE", "TIME"})
#: dependency labels that start a clause of their own
CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "advcl", "relcl", "csubj", "csubjpass", "parataxis", "acl"})
#: the edges by which a clause reports another ("said ... that", "..., the company said")
REPORTED_DEPS = frozenset({"ccomp", "parataxis"})
#: a path longer than this is a parse gone round in circles
MAX_DEPTH = 40


def _starts_clause(token: Token) -> bool:
    """Whether `token` heads a clause of its own."""
    if token.head is token:
        return True
    return token.dep_ in CLAUSE_DEPS or (token.dep_ == "conj" and token.pos_ in {"VERB", "AUX"})


def _path(token: Token) -> list[Token]:
    """`token` and its heads up to the head of its clause, included."""
    path = [token]
    while not _starts_clause(token) and len(path) < MAX_DEPTH:
        token = token.head
        path.append(token)
    return path


def _attachment(date: Span) -> Token:
    """The word a date hangs on, past its prepositions ("rose ... in 2023" -> rose)."""
    token = date.root
    for _ in range(MAX_DEPTH):
        head = token.head
        if head is token:
            return token
        if head.i in range(date.start, date.end) or head.pos_ == "ADP" or head.dep_ in {"prep", "agent"}:
            token = head
            continue
        return head
    return token


def _reports(clause: Token, reported: Token) -> bool:
    """Whether the clause headed by `clause` reports (or contains a report of) the clause headed
    by `reported`: `clause` is above it and the way up passes a reporting edge."""
    token, through = reported, False
    for _ in range(MAX_DEPTH):
        if token is clause:
            return through
        if token.head is token:
            return False
        through = through or token.dep_ in REPORTED_DEPS
        token = token.head
    return False


def quantity_when(quantity: Span, dates: Iterable[Span]) -> Optional[Span]:
    """The date `quantity` belongs to, among `dates` (the document's date facts), or None.

    quantity (Span): a quantity fact.
    dates (Iterable[Span]): the date facts, with `span._.timex`; only those of the quantity's
        sentence, of type DATE or TIME and not overlapping it are candidates.
    RETURNS (Optional[Span]): the date span chosen by the rule of this module.
    """
    sent = quantity.sent
    candidates = [d for d in dates
                  if d.label_ in WHEN_TYPES and sent.start <= d.start < sent.end
                  and (d.end <= quantity.start or d.start >= quantity.end)]
    if not candidates:
        return None
    path = _path(quantity.root)
    clause = path[-1]
    rank = {token.i: n for n, token in enumerate(path)}

    def distance(date: Span) -> int:
        return min(abs(date.start - quantity.end), abs(quantity.start - date.end))

    attached = [(rank[_attachment(d).i], distance(d), d) for d in candidates if _attachment(d).i in rank]
    if attached:
        return min(attached, key=lambda t: t[:2])[2]
    in_clause = [(distance(d), d) for d in candidates if _path(_attachment(d))[-1] is clause]
    if in_clause:
        return min(in_clause, key=lambda t: t[0])[1]
    if len(candidates) == 1:
        date_clause = _path(_attachment(candidates[0]))[-1]
        if not _reports(date_clause, clause):
            return candidates[0]
    return None
