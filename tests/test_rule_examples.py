"""Examples are tests: every date rule, candidate pattern and unit in models/ carries examples in
its data line, and each must come out as written, from that very rule."""

import re
from datetime import date

import pytest

from pipeline.timex import default_grammar, explain_timex

DCT = date(2024, 9, 24)  # a Tuesday, as the rules' examples say
GRAMMAR = default_grammar()
_EXAMPLE = re.compile(r"(?:\[(?P<flag>[^\]]*)\]\s*)?(?P<text>.+?)\s*=>\s*(?P<value>\S+)(?:\s+(?P<mod>[A-Z_]+))?")


def _date_examples():
    for rule in GRAMMAR.rules:
        for example in rule.examples:
            yield pytest.param(rule, example, id=f"{rule.id}: {example}")


@pytest.mark.parametrize("rule", GRAMMAR.rules, ids=lambda r: r.id)
def test_every_date_rule_has_an_example(rule):
    assert rule.examples, f"{rule.where}: rule {rule.id} has no example"


@pytest.mark.parametrize("rule, example", list(_date_examples()))
def test_date_rule_example(rule, example):
    m = _EXAMPLE.fullmatch(example)
    assert m, f"{rule.where}: example {example!r} is not 'text => value [MOD]'"
    flag, future, reference, before = m.group("flag") or "", False, None, ""
    if flag == "future":
        future = True
    elif flag == "nearest":
        future = None
    elif flag.startswith("ref="):
        reference = date.fromisoformat(flag[4:])
    elif flag.startswith("before="):
        before = flag[7:]
    found = explain_timex(m.group("text"), DCT, future=future, reference=reference, before=before)
    assert found is not None, f"{rule.where}: {m.group('text')!r} resolves to nothing"
    timex, rule_id = found
    assert (rule_id, timex.value, timex.mod) == (rule.id, m.group("value"), m.group("mod"))


def _candidate_examples():
    for candidate in GRAMMAR.candidates:
        for example in candidate.examples:
            yield pytest.param(candidate, example, id=f"{candidate.id}: {example}")


@pytest.mark.parametrize("candidate", GRAMMAR.candidates, ids=lambda c: c.id)
def test_every_candidate_pattern_has_an_example(candidate):
    assert candidate.examples, f"{candidate.where}: candidate pattern {candidate.id} has no example"


@pytest.mark.parametrize("candidate, example", list(_candidate_examples()))
def test_candidate_example(candidate, example):
    text = example.replace("[", "").replace("]", "")
    marked = re.search(r"\[(.+)\]", example)
    expected = marked.group(1) if marked else text
    found = []
    for match in GRAMMAR.candidate_pattern.finditer(text):
        which = next(c for c in GRAMMAR.candidates if c.group == match.lastgroup)
        extent = which.extent if which.extent and match.group(which.extent) else 0
        found.append((which.id, text[slice(*match.span(extent))]))
    assert (candidate.id, expected) in found, found
