"""Numbers as the date rules read them (`Lexicon.parse_number`): digits, words, and mixed
fractions ("1 1/2"), which the `%num` macro takes as one number."""

import pytest

from pipeline.language.lexicon import default_lexicon


@pytest.mark.parametrize("text, value", [
    ("49", 49.0), ("1,000", 1000.0), ("2.5", 2.5), ("twenty-five", 25.0),
    ("1 1/2", 1.5), ("2 3/4", 2.75), ("10 1/3", 10 + 1 / 3),
    ("1 3/2", None),  # not a proper fraction: no number
    ("24/7", None),
])
def test_parse_number(text, value):
    found = default_lexicon().parse_number(text)
    assert found == (pytest.approx(value) if value is not None else None)
