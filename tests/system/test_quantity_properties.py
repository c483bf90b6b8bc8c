"""Property tests of the quantity reader: whatever mixture of numbers, currency signs, scale
words, units and punctuation a window holds, reading it never raises (issue 11, "Crash first")."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.core.attrs import QUANTITIES
from pipeline.stages.quantities import QuantityNormalizer, read_phrases

NUMBERS = st.one_of(
    st.integers(min_value=-10_000, max_value=10_000_000).map(str),
    st.integers(min_value=1_000, max_value=10_000_000).map("{:,}".format),
    st.floats(min_value=0, max_value=1e6, allow_nan=False).map(lambda x: f"{x:.2f}"),
    st.sampled_from(["one", "five", "twenty", "seventy-five", "a third", "half", "a quarter", "dozen"]),
)
PIECES = st.sampled_from([
    "$", "€", "£", "¥", "A$", "C$", "HK$", "US$", "NT$", "−", "-", "–", "+",
    "k", "m", "bn", "b", "tn", "million", "billion", "thousand", "trillion",
    "km", "kg", "°C", "°F", "C", "F", "degrees", "deg.", "celsius", "fahrenheit", "per cent", "percent", "%",
    "an hour", "a second", "miles", "feet", "pence", "cents", "hectares", "nautical", "basis points",
    "percentage points", "points", "in", "and", "to", "between", "from", "of", "aged", "over", "under", "year-old",
    "years old", "win", ",", ".", ";", "(", ")", "/", " ", "  ",
])
WINDOWS = st.lists(st.one_of(NUMBERS, PIECES), min_size=1, max_size=12).flatmap(
    lambda parts: st.lists(st.sampled_from(["", " ", "  "]), min_size=len(parts), max_size=len(parts)).map(
        lambda gaps: "".join(gap + part for gap, part in zip(gaps, parts, strict=True)).strip() or parts[0]))

KNOWN_CRASHES = ["£8.4 bn, £1bn", "$ 3.50 , then $ 3.20", "seventy-five percent"]


@pytest.mark.parametrize("text", KNOWN_CRASHES)
def test_two_rewrites_in_one_window_do_not_crash(text):
    found = QuantityNormalizer()(text)
    assert found is not None and found[1] > 0


@settings(max_examples=400, deadline=None)
@given(text=WINDOWS, low=st.one_of(st.none(), NUMBERS))
def test_the_normalizer_never_raises(text, low):
    found = QuantityNormalizer()(text, None, low)
    if found is not None:
        quantity, length = found
        assert 0 < length <= len(text)
        assert quantity.dimension


@settings(max_examples=400, deadline=None)
@given(text=WINDOWS)
def test_the_phrase_readers_never_raise(text):
    for start, end, quantity in read_phrases(text):
        assert 0 <= start < end <= len(text) and quantity.dimension


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=WINDOWS)
def test_the_tagger_never_raises(process, text):
    doc = process(f"The report said {text} on Monday.")
    for span in doc.spans[QUANTITIES]:
        assert span._.quantity["dimension"] == span.label_
