"""Regexes built from saved engine code (pipeline/regex_code.py) behave as re.compile's."""

import os
import re
import subprocess
import sys

import pytest

from pipeline.rules import regex_code
from pipeline.rules.regex_code import RegexCode, ReWithCode

#: a large pattern of the kind quantulum3 builds: many alternatives, named groups, flags
WORDS = [f"unit{i}" for i in range(2000)] + ["km", "kilometre", "mph", "miles per hour", "°C"]
PATTERN = r"(?<!\w)(?P<value>\d+(?:[.,]\d+)?)\s*(?P<unit>%s)(?!\w)" % "|".join(
    re.escape(w) for w in sorted(WORDS, key=len, reverse=True))
FLAGS = re.VERBOSE | re.IGNORECASE
TEXTS = ["It drove 40 km, then 12.5 miles per hour", "3 KM and 7 unit1999 and 8 unit12x", "no numbers", "-4 °C"]


def _matches(pattern: re.Pattern, text: str) -> list:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


def test_a_large_pattern_compiles_as_re_does_and_comes_back_from_its_saved_code():
    assert len(PATTERN) >= regex_code.MIN_LENGTH
    expected = re.compile(PATTERN, FLAGS)
    first = RegexCode()
    compiled = first.compile(PATTERN, FLAGS)
    assert first.reused == 0 and len(first.code) == 1
    second = RegexCode().from_bytes(first.to_bytes())
    rebuilt = second.compile(PATTERN, FLAGS)
    assert second.reused == 1
    for pattern in (compiled, rebuilt):
        assert (pattern.pattern, pattern.flags, pattern.groups, pattern.groupindex) == \
            (expected.pattern, expected.flags, expected.groups, expected.groupindex)
        for text in TEXTS:
            assert _matches(pattern, text) == _matches(expected, text)
    assert _matches(rebuilt, TEXTS[0]) == [((9, 14), {"value": "40", "unit": "km"}),
                                           ((21, 40), {"value": "12.5", "unit": "miles per hour"})]


@pytest.mark.parametrize("spoil", [
    lambda data: data.replace(regex_code.ENGINE.encode(), b"3.0.0 another engine"[:len(regex_code.ENGINE)]),
    lambda data: data[: len(data) // 2],  # cut short
    lambda data: b"not msgpack at all",
])
def test_code_from_another_engine_or_damaged_is_not_used(spoil):
    saved = RegexCode()
    saved.compile(PATTERN, FLAGS)
    other = RegexCode().from_bytes(spoil(saved.to_bytes()))
    compiled = other.compile(PATTERN, FLAGS)
    assert other.reused == 0
    assert _matches(compiled, TEXTS[0]) == _matches(re.compile(PATTERN, FLAGS), TEXTS[0])


def test_code_the_engine_refuses_is_compiled_afresh():
    saved = RegexCode()
    saved.compile(PATTERN, FLAGS)
    ((key, (flags, code, groups, index)),) = saved.code.items()
    saved.code[key] = (flags, code[:-40], groups, index)  # truncated code: the engine rejects it
    compiled = saved.compile(PATTERN, FLAGS)
    assert saved.reused == 0
    assert _matches(compiled, TEXTS[1]) == _matches(re.compile(PATTERN, FLAGS), TEXTS[1])


def test_small_patterns_are_left_to_re():
    store = RegexCode()
    assert store.compile(r"\d+ km", re.I).findall("5 KM") == ["5 KM"]
    assert store.code == {}


def test_the_re_module_seen_through_it_keeps_everything_else():
    shim = ReWithCode(RegexCode())
    assert shim.escape("a.b") == re.escape("a.b") and shim.IGNORECASE is re.IGNORECASE
    assert shim.compile(PATTERN, FLAGS).search("5 km").group("unit") == "km"
    assert len(shim.regexes.code) == 1


def test_quantulum3s_large_patterns_are_the_same_under_every_hash_seed():
    """Their saved code is found by the pattern's text, so the text must not depend on the
    process's hash seed (quantulum3 builds them from sets)."""
    script = ("import hashlib; from pipeline.stages.quantities.quantulum import deterministic_quantulum; "
              "deterministic_quantulum(); from quantulum3 import regex; "
              "print(hashlib.sha256((regex.units_regex('en_US').pattern + regex.text_pattern_reg('en_US').pattern)"
              ".encode()).hexdigest())")
    patterns = set()
    for seed in ("0", "1", "2", "5"):
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              env={**os.environ, "PYTHONHASHSEED": seed})
        assert done.returncode == 0, done.stderr
        patterns.add(done.stdout)
    assert len(patterns) == 1
