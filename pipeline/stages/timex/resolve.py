"""``resolve_timex``: one temporal expression to its TIMEX3 type, value and modifier.

A pure function of the expression, the anchor (the publication date), the direction of its
clause and the last date the story mentioned; the knowledge is the date grammar's
(``models/<lang>/dates/``), given or the installed one.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Optional

from pipeline.rules.resources import Resources, built_from

from .grammar import DateGrammar, Timex
from .story import Story


def default_grammar(resources: Optional[Resources] = None) -> DateGrammar:
    """The date grammar of `resources` (default: the installed language), built once."""
    return built_from(DateGrammar, resources)


def resolve_timex(text: str, anchor: Optional[date], *, future: Optional[bool] = False,
                  reference: Optional[date] = None, story: Optional[Story] = None, before: str = "",
                  grammar: Optional[DateGrammar] = None) -> Optional[Timex]:
    """Resolve one temporal expression to TIMEX3 type, value and modifier.

    text (str): the expression as written, e.g. "on Monday", "January 2019", "49 hours".
    anchor (Optional[date]): the publication date that relative expressions resolve against;
        without it relative dates stay underspecified ("XXXX-09-23").
    future (Optional[bool]): the sentence looks forward ("will meet on Friday"), so a bare
        weekday or month is the next one; False: back ("met on Friday"); None: the nearest
        ("the budget goes to council on 5 March").
    reference (Optional[date]): the last date the story mentioned, for "two days later".
    story (Optional[Story]): what the story has said so far ("the quarter" is its last quarter);
        its day is the reference when `reference` is not given.
    before (str): the words before the expression, for the rules that depend on them
        ("up 12% from [a year earlier]").
    grammar (Optional[DateGrammar]): the rules to use; default: the installed language's.
    RETURNS (Optional[Timex]): the TIMEX3 attributes, or None when `text` is not temporal.
    """
    found = explain_timex(text, anchor, future=future, reference=reference, story=story, before=before,
                          grammar=grammar)
    return found[0] if found else None


def explain_timex(text: str, anchor: Optional[date], *, future: Optional[bool] = False,
                  reference: Optional[date] = None, story: Optional[Story] = None, before: str = "",
                  grammar: Optional[DateGrammar] = None) -> Optional[tuple[Timex, str]]:
    """`resolve_timex` with the id of the rule that resolved the expression."""
    grammar = grammar or default_grammar()
    if grammar.is_modal(text):
        return None
    story = story or Story()
    if reference is not None:
        story = replace(story, day=reference)
    words = " ".join(before.lower().split()[-6:])
    return grammar.resolve(grammar.normalise(text), anchor, future, story, words)
