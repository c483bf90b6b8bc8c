"""Two amounts read apart that are of one measure. Two amounts of one unit joined by a range word
are one range: "between $12 million and $20
million", "from 200 billion euros to 800 billion euros", "US$ 16 million to $28 million". The
tagger reads a range whose first end is a bare number ("3 to 5 km", "$10 to $15 billion"); this
joins the quantities it read apart because each end carries its own scale or unit. Not a range:
a change and the level it reaches or leaves ("cut by $150 to $249", "rose from $3 million to $5
million"), two amounts in different units, or a pair that does not go up.

And a bare number that is the level a counted change reaches or leaves is counted in its unit:
"the index fell 85 points to 7,412" (points), "cut 1,200 jobs to 8,000" (jobs); not the level
after a share ("orders rose 8% to 1,450": no percentage).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Optional

from spacy.tokens import Span

from .quantity import Quantity

if TYPE_CHECKING:
    from .grammar import QuantityGrammar

RANGE = "RANGE"


def _joined(first: Span, a: dict, second: Span, b: dict, grammar: "QuantityGrammar",
            lemma: Callable) -> Optional[tuple[Span, Quantity]]:
    """The range `first` to `second` (quantities `a` and `b`), or None when the two are not one."""
    doc, cues = first.doc, grammar.cues
    if second.start != first.end + 1:
        return None
    if a["unit"] is None or a["unit"] != b["unit"] or a["dimension"] != b["dimension"] \
            or a["value_max"] is not None or b["value_max"] is not None or b["modifier"] is not None \
            or a["modifier"] not in {None, "APPROX"} or not a["value"] < b["value"]:
        return None
    word = doc[first.end].lower_
    start = first.start
    opener = doc[start - 1].lower_ if start > 0 else ""
    if opener in cues["range_opener"]:
        start -= 1  # "between $12 million and ...", "from 200 billion euros to ..."
    if word in cues["paired_range"]:
        if opener not in cues["paired_opener"]:
            return None  # "$4 million and £3 million" is two amounts
    elif word not in cues["range"]:
        return None
    if (opener in cues["change_from"] or opener in cues["change_preposition"]) and \
            grammar.changes.related(first, lemma):
        return None  # "fell from $5 million to $3 million", "cut by $150 to $249": a change and a level
    span = doc[start:second.end]
    quantity = Quantity(a["value"], a["unit"], a["dimension"], a["si_value"], a["si_unit"],
                        a["modifier"] or RANGE, b["value"], b["si_value"])
    return span, quantity


#: how many tokens may stand between a change and its level ("85 points[, or 1.1%, to] 7,412")
LEVEL_REACH = 8


def _level_unit(change: Span, a: dict, level: Span, grammar: "QuantityGrammar") -> Optional[str]:
    """The unit of `change` (quantity `a`), a counted change, for `level`, a bare number that it
    reaches or leaves."""
    if a["dimension"] != "count" or a["unit"] is None or a["change"] is None or \
            not 0 <= level.start - change.end <= LEVEL_REACH:
        return None
    between = change.doc[change.end:level.start]
    if any(token.is_sent_start or token.is_punct and token.text != "," for token in between) or \
            not grammar.pattern("level_before").search(between.text + " "):
        return None
    return a["unit"]


def join_ranges(spans: list[Span], grammar: "QuantityGrammar", lemma: Callable,
                make_span: Callable[[Span, Quantity], Span]) -> list[Span]:
    """`spans` (a document's quantities, in order) with each pair that is one range joined, and
    each level of a counted change counted in its unit.

    make_span (Callable): the tagger's labelling of a span with its quantity (and change).
    """
    joined: list[Span] = []
    quantities: list[Optional[dict]] = []  # read only for quantities close to another (an extension costs)
    for span in spans:
        q = None
        if joined and span.start - joined[-1].end <= LEVEL_REACH:
            q = span._.quantity
            for k in (-2, -1):
                if len(joined) >= -k and quantities[k] is None:
                    quantities[k] = joined[k]._.quantity
            found = _joined(joined[-1], quantities[-1], span, q, grammar, lemma)
            if found is not None:
                joined[-1] = make_span(*found)
                quantities[-1] = joined[-1]._.quantity
                continue
            if q["unit"] is None and q["dimension"] == "count" and q["value_max"] is None:
                unit = next(filter(None, (_level_unit(change, a, span, grammar)
                                          for change, a in zip(joined[-2:], quantities[-2:]))), None)
                if unit is not None:
                    q = span._.quantity = {**q, "unit": unit}
        joined.append(span)
        quantities.append(q)
    return joined

