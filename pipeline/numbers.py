"""Numbers written in digits or words, shared by the date and quantity stages."""

from __future__ import annotations

import re
from typing import Optional

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
    "half a": 0.5, "half an": 0.5, "a couple of": 2, "a dozen": 12, "dozen": 12,
}
#: a number in digits or words, as a regular expression (lowercase text)
NUM_RE = r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ](?:one|two|three|four|five|six|seven|eight|nine)|\d+(?:[.,]\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a hundred|hundred|half an|half a|a couple of|a dozen|dozen)"


#: fractions news uses for shares, as a share of one ("a third" of revenue)
FRACTIONS = {"half": 0.5, "third": 1 / 3, "quarter": 0.25, "fifth": 0.2, "tenth": 0.1,
             "two-thirds": 2 / 3, "two thirds": 2 / 3, "three-quarters": 0.75, "three quarters": 0.75}
#: a fraction's words, as a regular expression (lowercase text): "a third", "one-quarter", "two-thirds"
FRACTION_RE = r"(?:(?:a|one)[ -](?:third|quarter|fifth|tenth)|two[ -]thirds|three[ -]quarters|half)"


def parse_fraction(text: str) -> Optional[float]:
    """A fraction in words as a share of one ("a third" -> 0.333..., "three-quarters" -> 0.75)."""
    text = re.sub(r"^(?:a|one)[ -]", "", text.strip().lower())
    return FRACTIONS.get(text)


def parse_number(text: str) -> Optional[float]:
    """A number written in digits or words ("49", "1,000", "two", "twenty-five", "half an")."""
    text = text.strip().lower()
    if re.fullmatch(r"\d{1,3}(,\d{3})+|\d+(\.\d+)?", text):
        return float(text.replace(",", ""))
    if text in NUMBER_WORDS:
        return float(NUMBER_WORDS[text])
    parts = re.split(r"[- ]", text)
    if len(parts) == 2 and parts[0].endswith("ty") and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
        return float(NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]])
    return None
