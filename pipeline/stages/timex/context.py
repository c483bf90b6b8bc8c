"""What the date stage reads around a candidate in its document: where an expression starts and
ends, whether it is a time at all, how two expressions make one ("Saturday at 3 p.m.",
"two years and three months") or a range ("9pm to 5am"), and which day a clock time is on.
The words involved are the date grammar's cues and macros; this module is the logic."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, datetime
from typing import Callable, Optional

from spacy.tokens import Doc, Span

from . import periods
from .grammar import ISO_DAY, DateGrammar, Timex

Resolved = tuple[Span, Timex]
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)([YMWDHS])")
_ONE_OR_TWO_DIGITS = re.compile(r"\d{1,2}")
_DAY_AND_SPACE = re.compile(r"\d{1,2} ")
_FOUR_DIGITS = re.compile(r"\d{4}")
_TWO_OR_FOUR_DIGITS = re.compile(r"\d{2}|\d{4}")
_CLOCK_VALUE = re.compile(r".*T\d{2}:\d{2}")
_DURATION_ORDER = ["Y", "M", "W", "D", "TH", "TM", "TS"]


def parse_date(value: object) -> Optional[date]:
    """An ISO date (or date-time) string as a date; None when there is none."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _modifier_before(doc: Doc, end: int, words: dict[str, list[tuple[tuple[str, ...], Optional[str]]]]
                     ) -> Optional[tuple[int, Optional[str]]]:
    """The longest modifier of `words` (by its last word) that ends just before token `end`:
    (its first token, its code)."""
    if end == 0:
        return None
    best = None
    for phrase, code in words.get(doc[end - 1].lower_, ()):
        n = len(phrase)
        if end - n >= 0 and tuple(t.lower_ for t in doc[end - n:end]) == phrase and (best is None or n > end - best[0]):
            best = (end - n, code)
    return best


def _modifier_after(doc: Doc, start: int, end: int,
                    words: dict[str, list[tuple[tuple[str, ...], Optional[str]]]]) -> int:
    """How many tokens of a modifier of `words` (by its first word) open the stretch [start, end)."""
    best = 0
    for phrase, _ in words.get(doc[start].lower_, ()):
        n = len(phrase)
        if n < end - start and tuple(t.lower_ for t in doc[start:start + n]) == phrase:
            best = max(best, n)
    return best


def trim(span: Span, grammar: DateGrammar) -> Optional[Span]:
    """An NER span without its leading prepositions, approximators and comparators (they stand
    before a TimeML expression: "about a month") and trailing punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    signals = grammar.cue("signal")
    bounds = grammar.bounding_words
    outer = grammar.outer_modifiers_by_first_word
    while start < end:
        if doc[start].lower_ in signals or doc[start].is_punct or doc[start].is_space \
                or (doc[start].pos_ == "ADP" and doc[start].lower_ not in bounds):
            start += 1
            continue
        skip = _modifier_after(doc, start, end, outer)
        if not skip:
            break
        start += skip
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space) and doc[end - 1].text not in {".", "'"}:
        end -= 1
    return doc[start:end] if end > start else None


def _ends_with_cue(text: str, words: frozenset[str]) -> bool:
    """Whether `text` ends with one of `words` as whole words ("two hours ago", not "chicago")."""
    return any(text.endswith(word) and (len(text) == len(word) or not text[-len(word) - 1].isalnum())
               for word in words)


def outer_modifier(span: Span, found: Timex, grammar: DateGrammar) -> Optional[str]:
    """The modifier that stands before a time expression, TimeML style: "about a month" ->
    APPROX, "more than three years" -> MORE_THAN, "about two hours ago" -> APPROX."""
    first = span[0]
    if not (first.like_num or first.text[:1].isdigit() or grammar.lexicon.parse_number(first.lower_) is not None
            or first.lower_ in grammar.tables["clock_word"]):
        return None  # "over the next decade": a preposition before a period, no modifier of a number
    if found.type == "DURATION":
        context = "duration"
    elif _ends_with_cue(span.text.lower(), grammar.cue("ago_end")):
        context = "ago"
    else:
        context = "date"
    before = _modifier_before(span.doc, span.start, grammar.outer_modifiers_by_last_word[context])
    return before[1] if before else None


def month_first(doc: Doc, grammar: DateGrammar) -> bool:
    """Whether the story writes numeric dates month first ("5/6/09" is May 6): as in the US,
    unless its dateline is elsewhere."""
    datelines = doc.spans.get("dateline", [])
    if not len(datelines):
        return True
    return grammar.lexicon.names_place_in(datelines[0].text, "US")


def drop_comparison(span: Span, grammar: DateGrammar) -> Span:
    """ "a month earlier than usual": the duration is "a month"."""
    end = span.end
    if len(span) > 1 and span[-1].lower_ in grammar.cue("comparison") and end < len(span.doc) \
            and span.doc[end].lower_ == "than":
        return span[:-1]
    return span


def lowercase_name(span: Span, grammar: DateGrammar) -> bool:
    """Month and weekday names are capitalised; in lowercase, "march" and "sat" are verbs
    (lowercase "october" is still a month, as in lowercased text)."""
    return any(t.text in grammar.lexicon.ambiguous_names for t in span)


def is_time_use(span: Span, text: str, grammar: DateGrammar) -> bool:
    """Not a time: "a second evening flight" (an ordinal), "a quarter point" (a rate change),
    "30 km an hour" (a speed), "strike days", "opening hours" (a bare unit in a name).

    text (str): the document's text (read once per document, not once per span).
    """
    doc = span.doc
    last = span[-1]
    if len(span) == 2 and grammar.lexicon.parse_number(span[0].lower_) == 1 and last.lower_ in grammar.lexicon.ordinals \
            and (last.tag_ == "JJ" or last.ent_type_ == "ORDINAL"):
        return False
    if grammar.named["rate_point"].match(text, span.end_char):
        return False  # "a quarter point", "three quarters of a percentage point": a change in a rate
    if span.start > 0 and doc[span.start - 1].lower_ in grammar.speed_words \
            and grammar.named["per_speed"].fullmatch(span.text.lower()):
        return False  # "30 km an hour": a speed
    after = doc[span.end] if span.end < len(doc) else None
    if len(span) == 2 and grammar.lexicon.parse_number(span[0].lower_) == 1 and last.dep_ == "compound" \
            and last.head.i >= span.end:
        return False  # "a night shift", "a day trip": a unit that names a kind of thing
    if len(span) == 2 and last.lower_ in grammar.lexicon.fractions and span.start > 0 \
            and doc[span.start - 1].lower_ in grammar.cue("fraction_before"):
        return False  # "fell by about a quarter": a share
    if len(span) == 1 and span[0].lower_ in grammar.cue("discourse") and after is not None and after.text == "-":
        return False  # "the now-defunct airline", "the then-president"
    if len(span) == 2 and span[0].lower_ == "the" and after is not None and after.lower_ in grammar.cue("relative") \
            and span[1].lower_ in grammar.units_of_time:
        return False  # "foresee the day when ...": a day described, not one the story named
    if len(span) == 1 and span[0].lower_ in grammar.bare_units:
        before = doc[span.start - 1].lower_ if span.start > 0 else ""
        after = doc[span.end].lower_ if span.end < len(doc) else ""
        return before in grammar.cue("unit_opener") or after in grammar.cue("unit_closer")
    return True


def after_every(span: Span, grammar: DateGrammar) -> bool:
    """ "every few hours", "every two or three years": a duration after "every" recurs."""
    doc, i = span.doc, span.start
    every = grammar.cue("every")
    if i >= 1 and doc[i - 1].lower_ in every:
        return True
    return i >= 3 and doc[i - 1].lower_ in {"or", "to"} and doc[i - 3].lower_ in every


def split_range(span: Span, resolves: Callable[[str], bool], grammar: DateGrammar,
                longest: int) -> list[tuple[Span, str]]:
    """A range is two expressions: "2009-2010", "1957-58", "9pm to 5am", "15 and 16 August".

    resolves (Callable): whether a text is a temporal expression.
    longest (int): spans longer than this (in tokens) are not split: no range is that long.
    RETURNS (list): each span with the text to resolve ("58" resolves as "1958", "15" as
        "15 August").
    """
    ranges = grammar.cue("range")
    month = grammar.named["month"]
    if len(span) >= 4 and span[1].lower_ in ranges and _ONE_OR_TWO_DIGITS.fullmatch(span[0].text) \
            and _DAY_AND_SPACE.match(span[2:].text):
        right = span[2:]
        return [(span[0:1], span[0].text + right.text[len(right[0].text):]), (right, right.text)]
    if len(span) >= 4 and span[-2].lower_ in ranges and _ONE_OR_TWO_DIGITS.fullmatch(span[-1].text) \
            and _ONE_OR_TWO_DIGITS.fullmatch(span[-3].text) and month.fullmatch(span[-4].text):
        left = span[:-2]
        return [(left, left.text), (span[-1:], f"{span[-4].text} {span[-1].text}")]  # "March 11 and 12"
    if len(span) == 3 and span[1].text in {"-", "\u2013"} and _FOUR_DIGITS.fullmatch(span[0].text) \
            and _TWO_OR_FOUR_DIGITS.fullmatch(span[2].text):
        second = span[2].text if len(span[2].text) == 4 else span[0].text[:2] + span[2].text
        return [(span[0:1], span[0].text), (span[2:3], second)]
    if len(span) <= longest and not resolves(span.text):
        for i, token in enumerate(span[1:-1], start=1):
            if token.lower_ in ranges:
                left, right = span[:i], span[i + 1:]
                if resolves(left.text) and resolves(right.text):
                    return [(left, left.text), (right, right.text)]
    return [(span, span.text)]


def add_durations(first: str, second: str) -> Optional[str]:
    """P2Y + P3M -> P2Y3M; PT1M + PT12S -> PT1M12S; None when units repeat or are out of order."""
    parts: dict[str, str] = {}
    for value in (first, second):
        date_part, _, time_part = value[1:].partition("T")
        for text, prefix in ((date_part, ""), (time_part, "T")):
            for number, unit in _DURATION_PART.findall(text):
                key = prefix + unit
                if key in parts:
                    return None
                parts[key] = number
    keys = [k for k in _DURATION_ORDER if k in parts]
    if len(keys) < 2:
        return None
    date_text = "".join(parts[k] + k for k in keys if not k.startswith("T"))
    time_text = "".join(parts[k] + k[1] for k in keys if k.startswith("T"))
    return "P" + date_text + ("T" + time_text if time_text else "")


def join_durations(doc: Doc, resolved: list[Resolved]) -> list[Resolved]:
    """ "1 minute 12 seconds", "two years and three months": one duration (PT1M12S, P2Y3M)."""
    joined: list[Resolved] = []
    for span, found in sorted(resolved, key=lambda p: p[0].start):
        if joined and found.type == "DURATION" and joined[-1][1].type == "DURATION":
            prev_span, prev = joined[-1]
            gap = doc[prev_span.end:span.start]
            if len(gap) <= 1 and all(t.lower_ in {"and", ","} for t in gap) and "X" not in prev.value + found.value:
                value = add_durations(prev.value, found.value)
                if value is not None:
                    joined[-1] = (doc[prev_span.start:span.end], Timex("DURATION", value, prev.mod or found.mod))
                    continue
        joined.append((span, found))
    return joined


def day_and_time(previous: Resolved, current: Resolved) -> Optional[Timex]:
    """ "Saturday at 3 p.m.", "11:15 p.m. EST on Sunday": a day and the clock time on it, as the
    one TIME the two make, or None when they are not one."""
    (left, first), (right, second) = previous, current
    gap = left.doc[left.end:right.start]
    if len(gap) != 1:
        return None
    if gap[0].lower_ == "at" and first.type == "DATE" and second.type == "TIME" \
            and ISO_DAY.fullmatch(first.value) and second.value.startswith(first.value):
        return second
    if gap[0].lower_ == "on" and first.type == "TIME" and second.type == "DATE" \
            and ISO_DAY.fullmatch(second.value) and _CLOCK_VALUE.fullmatch(first.value):
        return Timex("TIME", f"{second.value}T{first.value.split('T', 1)[1]}", first.mod)
    return None


def after_clock(text: str, clock: datetime, zone: str, mod: Optional[str], grammar: DateGrammar) -> Optional[Timex]:
    """ "about two hours later" after "3:42 a.m. EST": 05:42 in the same zone, the clock time it
    points to, with the modifier the expression was resolved with."""
    m = grammar.named["clock_shift"].fullmatch(text)
    n = grammar.lexicon.parse_number(m.group("n")) if m else None
    if n is None:
        return None
    minutes = n * 60 if m.group("unit").lower() == "hour" else n
    try:
        moment = periods.add_minutes(clock, minutes if m.group("way").lower() in {"later", "after"} else -minutes)
    except (periods.BeyondCalendar, ValueError):
        return None  # beyond the calendar, or no number: the value the grammar gave stands
    return Timex("TIME", moment.isoformat(timespec="minutes") + zone, mod)


def day_for_clock_ranges(resolved: list[Resolved], grammar: DateGrammar) -> list[Resolved]:
    """A range of clock times ("from 10 a.m. to 8 p.m.") takes the day named at its end
    ("between 7.30am and 8am on Thursday"); repeated over a period and no day named, it is a
    timetable, on no particular day ("from 10am to 6pm from May to September": XXXX-XX-XXT10:00)."""
    out = list(resolved)
    clock_only = grammar.named["clock_only"]
    ranges = grammar.cue("range")
    by_sentence: dict[int, list[int]] = defaultdict(list)  # sentence start -> indexes in `out`
    for k, (span, _) in enumerate(out):
        by_sentence[span.sent.start].append(k)
    for k in range(len(out) - 1):
        (left, first), (right, second) = out[k], out[k + 1]
        gap = left.doc[left.end:right.start]
        if first.type != "TIME" or second.type != "TIME" or len(gap) != 1 \
                or gap[0].lower_ not in ranges \
                or not clock_only.fullmatch(left.text) or "T" not in first.value:
            continue
        clock = first.value.split("T", 1)[1]
        if not clock_only.fullmatch(right.text):  # the right end names its day
            out[k] = (left, Timex("TIME", second.value.split("T", 1)[0] + "T" + clock, first.mod))
            continue
        others = [out[j][1] for j in by_sentence[left.sent.start] if j not in (k, k + 1)]
        names_day = any(t.type in {"DATE", "TIME"} and ISO_DAY.match(t.value) for t in others)
        over_period = any(t.type in {"SET", "DURATION", "DATE"} for t in others)
        if over_period and not names_day:  # "every 10 minutes from 5.30am until midnight"
            out[k] = (left, Timex("TIME", "XXXX-XX-XXT" + clock, first.mod))
            out[k + 1] = (right, Timex("TIME", "XXXX-XX-XXT" + second.value.split("T", 1)[1], second.mod))
    return out
