"""Where a number may start in a document, found from the token array and the text, so that the
quantity stage never builds the tokens of a document that hold no number."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import Iterable

import numpy as np
from spacy.attrs import IDX, LIKE_NUM
from spacy.tokens import Doc

#: a run of digits in a text
_DIGITS = re.compile(r"\d+")


@lru_cache(maxsize=8)
def _first_characters(signs: tuple[str, ...]) -> re.Pattern:
    return re.compile("[" + "".join(sorted({re.escape(sign[0]) for sign in signs})) + "]")


def number_starts(doc: Doc, text: str, signs: tuple[str, ...],
                  negatives: Iterable[str]) -> tuple[set[int], dict[int, tuple[int, int]]]:
    """The tokens where a number may start: those with a digit, those spaCy finds like a number
    ("five"), currency signs and negative words ("minus 5C"); and the tokens with a digit apart,
    as index -> (start, end) characters.

    doc (Doc): the document.
    text (str): its text.
    signs (tuple[str, ...]): the currency signs ("$", "€").
    negatives (Iterable[str]): the words that make the number after them negative, lowercase.
    RETURNS (tuple): the token indices, and the tokens with a digit.
    """
    table = doc.to_array([LIKE_NUM, IDX])
    offsets = table[:, 1].tolist()
    offsets.append(len(text))
    digits: dict[int, tuple[int, int]] = {}
    for m in _DIGITS.finditer(text):
        i = bisect_right(offsets, m.start()) - 1
        if i not in digits:
            digits[i] = offsets[i], offsets[i] + len(text[offsets[i]:offsets[i + 1]].rstrip())
    starts = set(np.flatnonzero(table[:, 0]).tolist())
    starts.update(digits)
    starts.update(bisect_right(offsets, m.start()) - 1 for m in _first_characters(signs).finditer(text))
    lowered = text.lower()
    for word in negatives:
        if word in lowered:
            starts.update(bisect_right(offsets, m.start()) - 1 for m in re.finditer(rf"\b{re.escape(word)}\b", lowered))
    return starts, digits
