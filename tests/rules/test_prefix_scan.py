"""The date stage's candidate pattern tried only where a match can start (pipeline/prefix_scan.py):
the same matches as `finditer` everywhere, with the pattern tried at fewer places."""

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.rules.prefix_scan import PrefixScanner, first_characters
from pipeline.rules.regex_code import RegexCode
from pipeline.rules.resources import default_resources
from pipeline.stages.timex.grammar import DateGrammar

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "articles"


@pytest.fixture(scope="module")
def grammar() -> DateGrammar:
    return DateGrammar(default_resources())


def _found(matches) -> list:
    return [(m.span(), m.lastgroup, m.groupdict()) for m in matches]


@pytest.mark.parametrize("pattern, expected", [
    (r"(?<!\w)(?:the (?:past|next)|Q[1-4])", {1: {"q"}, 5: {"the p", "the n"}}),  # a class of 4 ends it
    (r"\b(?:noon|\d{1,2}\s*pm)", {1: set("0123456789"), 4: {"noon"}}),  # a digit class ends a prefix
    (r"(?<=\bin )the (?:past|future)\b", {5: {"the p", "the f"}}),  # lookarounds read nothing
    (r"ab?c", {2: {"ac"}, 3: {"abc"}}),
    (r"a{2,}b", {3: {"aab"}, 4: {"aaab"}, 5: {"aaaab", "aaaaa"}}),
])
def test_the_prefixes_every_match_starts_with(pattern, expected):
    found = first_characters(re.compile(pattern, re.I), depth=5)
    assert {length: set(prefixes) for length, prefixes in found.items()} == expected


@pytest.mark.parametrize("pattern", [r"x|\w+day", r"(?:now)?", r"[^a]bc", r".ago", r"(a)\1"])
def test_a_pattern_that_may_start_anywhere_has_no_gate_and_is_searched_as_usual(pattern):
    compiled = re.compile(pattern, re.I)
    scanner = PrefixScanner(compiled)
    assert scanner.starts is None
    text = "Monday, xbc now, a day ago aa"
    assert _found(scanner.finditer(text)) == _found(compiled.finditer(text))


def test_the_date_candidates_are_tried_at_few_word_starts(grammar):
    scanner = grammar.candidate_scanner
    assert scanner.starts is not None
    text = ("Officials said the storm dropped 225 mm of rain on the town in the past three days, "
            "and the river peaked at noon on Saturday, before rescuers reached every village.")
    tried = [m.start() for m in scanner.starts.finditer(text)]
    words = [m.start() for m in re.finditer(r"(?<!\w)\S", text)]
    assert len(tried) < len(words) / 2
    found = [text[m.start():m.end()] for m in scanner.finditer(text)]
    assert found == [text[m.start():m.end()] for m in grammar.candidate_pattern.finditer(text)]
    assert "noon on Saturday" in found and "the past three days" in found


def test_the_same_matches_as_finditer_on_every_corpus_article(grammar):
    texts = [json.loads(line)["text"] for path in sorted(CORPUS.glob("*.jsonl"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(texts) >= 40
    for text in texts:
        assert _found(grammar.candidate_scanner.finditer(text)) == _found(grammar.candidate_pattern.finditer(text))


#: pieces of text: words the candidates start with, words that only look like them, digits,
#: punctuation, and characters outside ASCII that case-insensitive matching treats as ASCII
PIECES = ["the", "The", "past", "next", "three", "days", "noon", "on", "Saturday", "Q3", "2024", "12", "7:30",
          "p.m.", "pm", "GMT", "in", "since", "by", "'91", "1990s", "mid-", "March", "Sept.", "every", "week",
          "ago", "later", "half", "an", "hour", "twice", "a", "year", "Christmas", "Eve", "officials", "theatre",
          "thenext", "é", "\u212a", "\u017f", "\u00a0", "\n", " ", ", ", "-", "/", "(", "'", "."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_the_same_matches_as_finditer_on_any_text(grammar, text):
    assert _found(grammar.candidate_scanner.finditer(text)) == _found(grammar.candidate_pattern.finditer(text))


def test_the_prefixes_and_the_gate_come_back_from_saved_code(grammar):
    saved = RegexCode(min_length=0)
    first = PrefixScanner(grammar.candidate_pattern, saved)
    again = RegexCode(min_length=0).from_bytes(saved.to_bytes())
    second = PrefixScanner(grammar.candidate_pattern, again)
    assert again.reused == 2  # the prefixes and the gate's code
    assert second.prefixes == first.prefixes and second.starts.pattern == first.starts.pattern
