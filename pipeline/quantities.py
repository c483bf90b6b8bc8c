"""Stage 4: quantities with value, unit, dimension, SI value, modifier and range.

``QuantityNormalizer`` is pure (text in, ``Quantity`` out, cached); ``to_si`` converts a
value in a named unit to SI. The ``QuantityTagger`` component picks candidate number
tokens that are not part of a name ("Chang'e 6"), a date or an ordinal, hands each
candidate's short window to quantulum3 and writes ``doc.spans["quantities"]``.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .attrs import DATELINE, QUANTITIES, TIMEX, name_spans
from .places import US_STATES, US_STATES_IN_FULL
from .number_use import default_uses
from .numbers import FRACTION_RE, NUM_RE, parse_fraction, parse_number

# unit name (as quantulum3 names it) -> (SI unit, factor, offset): si = value * factor + offset
SI_UNITS: dict[str, tuple[str, float, float]] = {
    # mass
    "kilogram": ("kg", 1.0, 0.0), "gram": ("kg", 1e-3, 0.0), "milligram": ("kg", 1e-6, 0.0),
    "microgram": ("kg", 1e-9, 0.0), "tonne": ("kg", 1e3, 0.0), "ton": ("kg", 907.18474, 0.0),
    "short ton": ("kg", 907.18474, 0.0), "long ton": ("kg", 1016.0469088, 0.0),
    "pound-mass": ("kg", 0.45359237, 0.0), "ounce": ("kg", 0.028349523125, 0.0),
    "stone": ("kg", 6.35029318, 0.0), "carat": ("kg", 2e-4, 0.0),
    # length
    "metre": ("m", 1.0, 0.0), "kilometre": ("m", 1e3, 0.0), "centimetre": ("m", 1e-2, 0.0),
    "millimetre": ("m", 1e-3, 0.0), "micrometre": ("m", 1e-6, 0.0), "nanometre": ("m", 1e-9, 0.0),
    "mile": ("m", 1609.344, 0.0), "nautical mile": ("m", 1852.0, 0.0), "yard": ("m", 0.9144, 0.0),
    "foot": ("m", 0.3048, 0.0), "inch": ("m", 0.0254, 0.0), "light-year": ("m", 9.4607304725808e15, 0.0),
    "astronomical unit": ("m", 1.495978707e11, 0.0),
    # area
    "square metre": ("m2", 1.0, 0.0), "square kilometre": ("m2", 1e6, 0.0),
    "square centimetre": ("m2", 1e-4, 0.0), "square mile": ("m2", 2589988.110336, 0.0),
    "square foot": ("m2", 0.09290304, 0.0), "hectare": ("m2", 1e4, 0.0), "acre": ("m2", 4046.8564224, 0.0),
    # volume
    "cubic metre": ("m3", 1.0, 0.0), "litre": ("m3", 1e-3, 0.0), "millilitre": ("m3", 1e-6, 0.0),
    "cubic centimetre": ("m3", 1e-6, 0.0), "gallon": ("m3", 0.003785411784, 0.0),
    "barrel": ("m3", 0.158987294928, 0.0), "cubic foot": ("m3", 0.028316846592, 0.0),
    # time
    "second": ("s", 1.0, 0.0), "minute": ("s", 60.0, 0.0), "hour": ("s", 3600.0, 0.0),
    "day": ("s", 86400.0, 0.0), "week": ("s", 604800.0, 0.0),
    # speed
    "metre per second": ("m/s", 1.0, 0.0), "kilometre per hour": ("m/s", 1 / 3.6, 0.0),
    "mile per hour": ("m/s", 0.44704, 0.0), "knot": ("m/s", 1852 / 3600, 0.0),
    # temperature
    "kelvin": ("K", 1.0, 0.0), "degree Celsius": ("K", 1.0, 273.15),
    "degree fahrenheit": ("K", 5 / 9, 273.15 - 32 * 5 / 9),
    # energy and power
    "joule": ("J", 1.0, 0.0), "kilojoule": ("J", 1e3, 0.0), "calorie": ("J", 4.184, 0.0),
    "kilocalorie": ("J", 4184.0, 0.0), "watt hour": ("J", 3600.0, 0.0),
    "kilowatt hour": ("J", 3.6e6, 0.0), "megawatt hour": ("J", 3.6e9, 0.0),
    "gigawatt hour": ("J", 3.6e12, 0.0), "terawatt hour": ("J", 3.6e15, 0.0),
    "watt": ("W", 1.0, 0.0), "kilowatt": ("W", 1e3, 0.0), "megawatt": ("W", 1e6, 0.0),
    "gigawatt": ("W", 1e9, 0.0), "horsepower": ("W", 745.69987158227022, 0.0),
    # data, pixels, electricity, frequency, pressure
    "byte": ("B", 1.0, 0.0), "kilobyte": ("B", 1e3, 0.0), "megabyte": ("B", 1e6, 0.0),
    "gigabyte": ("B", 1e9, 0.0), "terabyte": ("B", 1e12, 0.0), "megapixel": ("px", 1e6, 0.0),
    "milliampere-hour": ("C", 3.6, 0.0), "ampere-hour": ("C", 3600.0, 0.0),
    "volt": ("V", 1.0, 0.0), "kilovolt": ("V", 1e3, 0.0), "ampere": ("A", 1.0, 0.0),
    "hertz": ("Hz", 1.0, 0.0), "megahertz": ("Hz", 1e6, 0.0), "gigahertz": ("Hz", 1e9, 0.0),
    "pascal": ("Pa", 1.0, 0.0), "hectopascal": ("Pa", 100.0, 0.0), "bar": ("Pa", 1e5, 0.0),
    "millibar": ("Pa", 100.0, 0.0),
    # ratios
    "percentage": ("%", 1.0, 0.0), "per cent": ("%", 1.0, 0.0), "percentage point": ("%", 1.0, 0.0),
    "basis point": ("%", 0.01, 0.0),
}
# names quantulum3 gives that we report under another unit or dimension
UNIT_ALIASES = {"per cent": ("percentage", "percentage"), "percentage": ("percentage", "percentage"),
                "basis point": ("basis point", "percentage")}
# unit words quantulum3 leaves dimensionless
EXTRA_UNITS = {"hectare": ("hectare", "area"), "hectares": ("hectare", "area"), "ha": ("hectare", "area"),
               "nautical": ("nautical mile", "length"), "pence": ("penny", "currency")}
# time units are durations, which the temporal stage owns
TIME_DIMENSIONS = {"time"}

MODIFIERS = [
    ("more than", "MORE_THAN"), ("over", "MORE_THAN"), ("above", "MORE_THAN"), ("upwards of", "MORE_THAN"),
    ("in excess of", "MORE_THAN"), ("at least", "EQUAL_OR_MORE"), ("no fewer than", "EQUAL_OR_MORE"),
    ("no less than", "EQUAL_OR_MORE"), ("as many as", "EQUAL_OR_LESS"), ("as much as", "EQUAL_OR_LESS"),
    ("up to", "EQUAL_OR_LESS"), ("at most", "EQUAL_OR_LESS"), ("no more than", "EQUAL_OR_LESS"),
    ("less than", "LESS_THAN"), ("fewer than", "LESS_THAN"), ("under", "LESS_THAN"), ("below", "LESS_THAN"),
    ("nearly", "LESS_THAN"), ("almost", "LESS_THAN"), ("just under", "LESS_THAN"), ("close to", "APPROX"),
    ("about", "APPROX"), ("around", "APPROX"), ("approximately", "APPROX"), ("roughly", "APPROX"),
    ("some", "APPROX"), ("an estimated", "APPROX"), ("estimated", "APPROX"), ("circa", "APPROX"),
    ("approx.", "APPROX"), ("or so", "APPROX"),
]
_MOD_WORDS = sorted(MODIFIERS, key=lambda m: -len(m[0]))
_SCALE = {"k": "thousand", "m": "million", "mn": "million", "bn": "billion", "b": "billion",
          "tn": "trillion", "trn": "trillion"}
_CURRENCY_ABBR = re.compile(r"([$€£¥])\s?(\d[\d,]*(?:\.\d+)?)\s?(k|m|mn|bn|b|tn|trn)\b", re.I)
_TEMPERATURE = re.compile(r"(-?\d+(?:\.\d+)?)\s?(?:°\s?|(?:deg\.?|degrees?)\s+)?"
                          r"(?:([CF])\b|(?i:(celsius|centigrade|fahrenheit|c|f))\b)")
# "5 km an hour", "3 metres a second": a speed
_SPEED = re.compile(r"\b(km|kilomet(?:re|er)s?|miles?|met(?:re|er)s?|m|feet|foot|ft)\s+an?\s+(hour|second)\b", re.I)
_CURRENCY_SPACE = re.compile(r"([$€£¥])\s+(?=\d)")
_PER_CENT = re.compile(r"\bper ?cent\b|\bpercent\b", re.I)
_NUMBER = re.compile(r"^[-+\u2212]?[$€£¥]?\d[\d,]*(?:\.\d+)?[a-zA-Z°%²³]*$")
SCORE_WORDS = {"win", "victory", "defeat", "loss", "draw", "lead", "vote", "scoreline", "thrashing",
               "triumph", "margin", "majority", "decision", "split"}
# "a 3-2 win", "a 5-4 vote": a score or tally, not a quantity
_SCORE = re.compile(r"\b\d+\s?[-\u2013]\s?\d+(?=\s+(?:" + "|".join(sorted(SCORE_WORDS)) + r")\b)")
_ANGLE_WORDS = re.compile(r"\b(?:angle|tilt|turn|slope|latitude|longitude|north|south|east|west|arc|rotat\w*)\b", re.I)
_STOP_POS = {"ADP", "DET", "CCONJ", "SCONJ", "PRON", "VERB", "AUX", "PART"}
_UNIT_GLUE = {"per", "a", "an"}


@dataclass(frozen=True)
class Quantity:
    """A normalised quantity: the number as written, its unit, and the same in SI units."""

    value: float
    unit: Optional[str]
    dimension: str
    si_value: Optional[float]
    si_unit: Optional[str]
    modifier: Optional[str] = None
    value_max: Optional[float] = None
    si_value_max: Optional[float] = None

    def as_dict(self) -> dict:
        return asdict(self)


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _round(x: Optional[float]) -> Optional[float]:
    return None if x is None else float(f"{x:.12g}")


def to_si(value: float, unit: Optional[str]) -> tuple[Optional[float], Optional[str]]:
    """Convert `value` in the named unit to SI: (1935.3, "gram") -> (1.9353, "kg").

    value (float): the number as written.
    unit (Optional[str]): a unit name as quantulum3 names it ("gram", "mile per hour").
    RETURNS (tuple): the SI value and SI unit, or (None, None) for a unit we cannot convert.
    """
    if unit not in SI_UNITS:
        return None, None
    si_unit, factor, offset = SI_UNITS[unit]
    return _round(value * factor + offset), si_unit


_HYPHENATED_NUMBER = re.compile(r"\b(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-"
                                r"(?:one|two|three|four|five|six|seven|eight|nine)\b", re.I)
_REWRITES = [
    (_HYPHENATED_NUMBER, lambda m: _fmt(parse_number(m.group(0)))),
    (_CURRENCY_SPACE, lambda m: m.group(1)),
    (_CURRENCY_ABBR, lambda m: f"{m.group(1)}{m.group(2)} {_SCALE[m.group(3).lower()]}"),
    (_TEMPERATURE, lambda m: f"{m.group(1)} \u00b0{(m.group(2) or m.group(3))[0].upper()}"),
    (_PER_CENT, lambda m: "percent"),
    (_SPEED, lambda m: f"{m.group(1)} per {m.group(2)}"),
]


def _prepare(text: str) -> tuple[str, list[tuple[int, int, int, int]]]:
    """Rewrite news spellings quantulum3 misreads ("€40m", "38.5C", "5 per cent").

    RETURNS (tuple): the rewritten text and its rewritten pieces as (new start, new end,
        old start, old end), to map offsets back to the original.
    """
    pieces = []
    for pattern, replace in _REWRITES:
        for m in pattern.finditer(text):
            if not any(m.start() < b and a < m.end() for a, b, _ in pieces):
                pieces.append((m.start(), m.end(), replace(m)))
    pieces.sort()
    out, spans, last = [], [], 0
    for a, b, new in pieces:
        out.append(text[last:a])
        start = sum(map(len, out))
        out.append(new)
        spans.append((start, start + len(new), a, b))
        last = b
    out.append(text[last:])
    return "".join(out).replace("\u2212", "-"), spans


def _original_offset(end: int, spans: list[tuple[int, int, int, int]]) -> int:
    """Map an end offset in the rewritten text back to the original text."""
    shift = 0
    for new_start, new_end, old_start, old_end in spans:
        if end <= new_start:
            break
        if end < new_end:
            return old_end
        shift = old_end - new_end
    return end + shift


@lru_cache(maxsize=1)
def _parser():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import parser
    return parser


@lru_cache(maxsize=16384)
def _quantulum(text: str) -> tuple:
    """quantulum3's reading of `text`, or () when it fails: no input may crash the pipeline."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return tuple(_parser().parse(text))
    except Exception:  # e.g. its unit classifier with an incompatible scikit-learn
        return ()


class QuantityNormalizer:
    """Read the quantity that starts a short text ("1,935.3 grams of lunar samples")."""

    def __call__(self, text: str, modifier: Optional[str] = None,
                 low: Optional[str] = None) -> Optional[tuple[Quantity, int]]:
        """
        text (str): a window that starts with the number, e.g. "5 km from the coast".
        modifier (Optional[str]): a modifier already read before the number ("APPROX").
        low (Optional[str]): the lower bound as written, when `text` closes a range ("3").
        RETURNS (Optional[tuple[Quantity, int]]): the quantity and the length of `text` it
            covers, or None when the window does not start with a quantity.
        """
        return _normalise(text, modifier, low)


# a run of digits longer than any number written in news
_OVERLONG_DIGITS = re.compile(r"\d{41}")
_AGE = re.compile(rf"((?:\d+(?:\.\d+)?)|{NUM_RE})\s?-?\s?(year|month|week|day)s?(?:\s?-?\s?old\b|\s+of\s+age\b)", re.I)


@lru_cache(maxsize=16384)
def _normalise(text: str, modifier: Optional[str], low: Optional[str]) -> Optional[tuple[Quantity, int]]:
    if _OVERLONG_DIGITS.search(text) or (low and _OVERLONG_DIGITS.search(low)):
        return None  # no number in news is this long, and the regexes here slow down on one
    age = _AGE.match(text)
    if age and parse_number(age.group(1)) is not None:  # "22-year-old", "five years old": an age
        return Quantity(parse_number(age.group(1)), age.group(2).lower(), "age", None, None, modifier), age.end()
    prepared, rewrites = _prepare(text)
    found = [q for q in _quantulum(prepared) if q.span[0] <= 1]
    if not found:
        return None
    q = found[0]
    unit, dimension = q.unit.name, q.unit.entity.name
    length = _original_offset(q.span[1], rewrites)
    if dimension == "dimensionless" and unit == "dimensionless":
        rest = [word.rstrip(".,;:") for word in text[length:].split()]  # "197 pence." ends at "pence"
        if rest and rest[0].lower() in EXTRA_UNITS:
            unit, dimension = EXTRA_UNITS[rest[0].lower()]
            length = text.index(rest[0], length) + len(rest[0])
            if unit == "nautical mile" and len(rest) > 1:
                length = text.index(rest[1], length) + len(rest[1])
        else:
            unit, dimension = None, "count"
    elif unit in UNIT_ALIASES:
        unit, dimension = UNIT_ALIASES[unit]
        points = re.match(r"\s*points?\b", text[length:], re.I)
        if unit == "percentage" and points:  # "1.5 percentage points"
            unit, length = "percentage point", length + points.end()
    elif dimension == "dimensionless":
        unit, dimension = None, "count"  # "roughly 140 times": a count, which has no unit
    elif unit == "degree angle" and not _ANGLE_WORDS.search(text):
        unit, dimension = "degree", "temperature"  # "dropped to 14 degrees": scale not said
    elif dimension == "unknown":
        return None
    if dimension == "currency":
        code = getattr(q.unit, "currency_code", None) or unit
        unit = code
    value = float(q.value)
    if dimension in {"currency", "count"}:
        si_value, si_unit = _round(value), unit  # money stays in its currency; a count is a number
    else:
        si_value, si_unit = to_si(value, unit)
    if low is not None:
        low_q = _quantulum(_prepare(low)[0])
        low_value = float(low_q[0].value) if low_q else None
        if low_value is None:
            return None
        if dimension == "currency" or abs(value) >= 1e3 > abs(low_value):
            # "between 3 and 5 billion" scales both ends alike
            scale = value / float(re.sub(r"[^\d.]", "", q.surface.split()[0].lstrip("$€£¥")) or 1) \
                if re.match(r"[$€£¥]?\d", q.surface) else 1.0
            low_value *= scale
        low_si = _round(low_value) if dimension in {"currency", "count"} else to_si(low_value, unit)[0]
        return Quantity(low_value, unit, dimension, low_si, si_unit, "RANGE", value, si_value), length
    return Quantity(value, unit, dimension, si_value, si_unit, modifier), length


_MOD_RE = "|".join(re.escape(words) for words, _ in _MOD_WORDS)
_NUMBER_WORD_RE = r"(?:\d{1,3}(?:,\d{3})+|\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|" \
                  r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|" \
                  r"sixty|seventy|eighty|ninety|a hundred|hundred|a thousand|thousand)"
_TIME_WORDS = r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centur(?:y|ies)|seasons?|" \
              r"games?|matches?|attempts?|goes?|tries?)"
# "one in five", "About one in four", "fewer than one train in five", "1 in 4": a share
_RATIO = re.compile(rf"\b({_NUMBER_WORD_RE})(?:\s+([a-z]+))?\s+in\s+({_NUMBER_WORD_RE})\b(?!\s+{_TIME_WORDS}\b)"
                    r"(?![-\d])", re.I)
_RATIO_WORDS = {"thousand": 1e3, "a thousand": 1e3}
_NOT_COUNTED = {"of", "the", "a", "an", "and", "or", "but", "in", "on", "at", "to", "per", "cent", "percent",
                "was", "were", "is", "are", "had", "has", "have", "out"}
# "a quarter point", "half a percentage point", "40 basis points", "one percentage point"
_POINTS = re.compile(rf"\b(?:({_NUMBER_WORD_RE}|\d+\.\d+)\s+(percentage|basis)\s+points?|"
                     rf"(a quarter|a half|half a|three[- ]quarters of a)[\s-]+(percentage\s+)?points?)\b", re.I)
# "a third of revenue", "by about a quarter", "losses of more than a third", "half the squad", "in half"
_FRACTION = re.compile(rf"(?:\b(by|of)\s+(?:(?:{_MOD_RE})\s+)?)?\b({FRACTION_RE})\b(?!-)"
                       rf"(?=(\s+of\s+(?:(?:an?|the)\s+)?{_TIME_WORDS}\b)?)", re.I)
_SHARE_AFTER = re.compile(r"\s+(?:of|the|his|her|their|its|our|my|your|all|these|those)\b|\s*(?:[.,;:!?)\"\u201d]|$)", re.I)
_CLAUSE_AFTER = re.compile(r"\s*(?:[.,;:!?)\"\u201d]|$)|\s+(?:in|on|at|from|to|since|than|and|or|but|as|over|"
                           r"after|before|this|last|between|while|when|compared|against|year)\b", re.I)
# "A$6.2bn", "about C$20,000", "HK$3.2 billion": dollars of a named country
_DOLLARS = {"A": "AUD", "AU": "AUD", "C": "CAD", "CA": "CAD", "NZ": "NZD", "HK": "HKD", "S": "SGD",
            "US": "USD", "NT": "TWD", "R": "BRL", "MX": "MXN"}
_DOLLAR_VARIANT = re.compile(r"(?<![A-Za-z$])(A|AU|CA|C|NZ|HK|S|US|NT|R|MX)\$\s?(\d[\d,]*(?:\.\d+)?)"
                             r"(?:\s?(k|m|mn|bn|b|tn|trn)\b|\s+(thousand|million|billion|trillion)\b)?")
_SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# "the over-75s", "under-12s": an age group
_AGE_GROUP = re.compile(r"\b(over|under)-(\d{1,3})s?\b", re.I)
# "aged 65 and over", "aged 10 to 14", "aged under 5"
_AGED = re.compile(r"\baged\s+(?:(?:between\s+)?(\d{1,3})\s*(?:to|-|\u2013|and)\s*(\d{1,3})\b(?!\s*(?:and|or)\s+(?:over|older|above|up))|"
                   r"(\d{1,3})\s+(?:and|or)\s+(?:over|older|above|up)\b|(under|over|below|above)\s+(\d{1,3})\b)", re.I)
# "adults under 65 with ...", "people over 60 and ...": a bound on age after words for people
_PEOPLE_AGE = re.compile(r"\b(?:adults|people|children|women|men|patients|residents|pupils|those|anyone|everyone|"
                         r"drivers|voters|girls|boys|workers|smokers)\s+(?:aged\s+)?((under|over|below|above)\s+(\d{1,3}))"
                         r"(?=\s*(?:[.,;:!?)]|$)|\s+(?:and|or|with|who|in|are|were|have|had|should|can|could|will|"
                         r"would|living|must|may)\b)", re.I)
_AGE_MODIFIERS = {"over": "MORE_THAN", "above": "MORE_THAN", "under": "LESS_THAN", "below": "LESS_THAN"}


def _ratios(text: str) -> list[tuple[int, int, Quantity]]:
    """ "one in five" -> 20 %, "one train in five" -> 20 %: X in Y as a percentage."""
    found = []
    for m in _RATIO.finditer(text):
        part, whole = (_RATIO_WORDS.get(g.lower()) or parse_number(g) for g in (m.group(1), m.group(3)))
        if m.group(1).lower() in {"hundred", "thousand"} or re.fullmatch(r"1[89]\d\d|20\d\d", m.group(3)):
            continue  # "one in 2019" is a date
        if part is None or whole is None or not 0 < part < whole or (m.group(2) or "").lower() in _NOT_COUNTED:
            continue
        value = _round(100 * part / whole)
        found.append((m.start(), m.end(), Quantity(value, "percentage", "percentage", value, "%")))
    return found


def _points(text: str) -> list[tuple[int, int, Quantity]]:
    """ "40 basis points" -> 0.4 %, "a quarter point" -> 0.25 %: changes in a rate."""
    found = []
    for m in _POINTS.finditer(text):
        if m.group(1):
            value = parse_number(m.group(1))
            if value is None:
                continue
            unit = "basis point" if m.group(2).lower() == "basis" else "percentage point"
        else:
            value = {"a quarter": 0.25, "a half": 0.5, "half a": 0.5}.get(m.group(3).lower(), 0.75)
            unit = "percentage point"
        si_value, si_unit = to_si(value, unit)
        found.append((m.start(), m.end(), Quantity(value, unit, "percentage", si_value, si_unit)))
    return found


def _fractions(text: str) -> list[tuple[int, int, Quantity]]:
    """ "a third of revenue", "cut by a third", "half the squad", "in half": a share, as a percentage.

    Not "the third quarter" (a date), "half an hour" (a duration) or "a third term" (an ordinal).
    """
    found = []
    for m in _FRACTION.finditer(text):
        words, rest = m.group(2), text[m.end():]
        if m.group(3) or rest.startswith(("-", " point", " percentage")):
            continue  # "a quarter of an hour", "a quarter-mile", "a quarter point"
        before = text[max(0, m.start() - 12):m.start(2)].lower()
        if words.lower() == "half":
            share = re.match(r"\s+(?:the|his|her|their|its|our|my|your|all|these|those|of)\b", rest) \
                or (re.search(r"\bin\s+$", before) and re.match(r"\s*(?:[.,;:!?)\"\u201d]|$)", rest))
            share = share and not re.search(r"\b(?:first|second|last|next|the|a|one)\s+$", before)
        else:
            share = _SHARE_AFTER.match(rest) if re.match(r"\s+of\b", rest) else m.group(1) and _CLAUSE_AFTER.match(rest)
        if not share:
            continue
        value = _round(100 * parse_fraction(words))
        found.append((m.start(2), m.end(2), Quantity(value, "percentage", "percentage", value, "%")))
    return found


def _dollar_variants(text: str) -> list[tuple[int, int, Quantity]]:
    """ "A$6.2bn" -> 6200000000 AUD, "C$20,000" -> 20000 CAD, "US$1.5 billion" -> 1500000000 USD."""
    found = []
    for m in _DOLLAR_VARIANT.finditer(text):
        scale = _SCALE_WORDS[_SCALE[m.group(3).lower()]] if m.group(3) else _SCALE_WORDS.get((m.group(4) or "").lower(), 1)
        value = _round(float(m.group(2).replace(",", "")) * scale)
        code = _DOLLARS[m.group(1)]
        found.append((m.start(), m.end(), Quantity(value, code, "currency", value, code)))
    return found


def _age_groups(text: str) -> list[tuple[int, int, Quantity]]:
    """ "the over-75s", "aged 65 and over", "aged 10 to 14", "adults under 65 with ...": ages."""
    found = []
    for m in _AGE_GROUP.finditer(text):
        if 0 < int(m.group(2)) < 120:
            modifier = _AGE_MODIFIERS[m.group(1).lower()]
            found.append((m.start(), m.end(), Quantity(float(m.group(2)), "year", "age", None, None, modifier)))
    for m in _AGED.finditer(text):
        if m.group(1):
            low, high = float(m.group(1)), float(m.group(2))
            if low < high:
                found.append((m.start(), m.end(), Quantity(low, "year", "age", None, None, "RANGE", high)))
        elif m.group(3):
            found.append((m.start(), m.end(), Quantity(float(m.group(3)), "year", "age", None, None, "EQUAL_OR_MORE")))
        else:
            modifier = _AGE_MODIFIERS[m.group(4).lower()]
            found.append((m.start(), m.end(), Quantity(float(m.group(5)), "year", "age", None, None, modifier)))
    for m in _PEOPLE_AGE.finditer(text):
        if 0 < int(m.group(3)) < 120:
            modifier = _AGE_MODIFIERS[m.group(2).lower()]
            found.append((m.start(1), m.end(1), Quantity(float(m.group(3)), "year", "age", None, None, modifier)))
    return found


_PHRASE_READERS = (_dollar_variants, _points, _age_groups, _ratios, _fractions)


def read_phrases(text: str) -> list[tuple[int, int, Quantity]]:
    """Quantities written as phrases that quantulum3 misreads: shares ("one in five", "a third
    of"), rate changes ("40 basis points"), dollars of other countries ("A$6.2bn") and age
    groups ("the over-75s", "aged 65 and over").

    text (str): a document's text.
    RETURNS (list): (start char, end char, quantity) for each phrase, in text order, not overlapping.
    """
    found: list[tuple[int, int, Quantity]] = []
    for reader in _PHRASE_READERS:
        for start, end, quantity in reader(text):
            if not any(start < b and a < end for a, b, _ in found):
                found.append((start, end, quantity))
    return sorted(found, key=lambda f: f[0])


# an explicit scale after a number: "104 degrees Fahrenheit", "-40°C", "11C"; not "Fahrenheit 451"
_FAHRENHEIT = re.compile(r"\d\s?(?:°\s?F\b|(?:deg\.?|degrees?)\s+F(?:ahrenheit)?\b|F\b)|\bdegrees?\s+fahrenheit\b", re.I)
_CELSIUS = re.compile(r"\d\s?(?:°\s?C\b|(?:deg\.?|degrees?)\s+(?:C|Celsius|centigrade)\b|C\b)|\bdegrees?\s+(?:celsius|centigrade)\b")
_US_PLACES = re.compile(
    r"\b(?i:" + "|".join(sorted(US_STATES.values()) + list(US_STATES_IN_FULL)) + r"|U\.S\.|United States|"
    r"Los Angeles|Chicago|Houston|Phoenix|Philadelphia|San Antonio|San Diego|Dallas|San Francisco|Seattle|"
    r"Denver|Boston|Detroit|Atlanta|Miami|Las Vegas|New Orleans|Minneapolis|St\. Louis)\b|"
    r"\b(?:" + "|".join(re.escape(abbreviation) for abbreviation in US_STATES) + ")")


def temperature_scale(text: str, places: str = "") -> str:
    """The scale of a document's bare "degrees": the scale it names elsewhere, else the
    custom of the country it reports from (Fahrenheit in the US, Celsius elsewhere).

    text (str): the document's text.
    places (str): where the document reports from, e.g. its dateline ("FLAGSTAFF, Ariz. -").
    RETURNS (str): "degree fahrenheit" or "degree Celsius".
    """
    if _FAHRENHEIT.search(text):
        return "degree fahrenheit"
    if _CELSIUS.search(text):
        return "degree Celsius"
    return "degree fahrenheit" if _US_PLACES.search(places) else "degree Celsius"


# words that make a temperature a difference: "2.3C above late 19th-century levels", "2C warmer",
# "a rise of 1.5C", "fell by 10 degrees", "1.5C of warming"
_CHANGE_AFTER = re.compile(r"\s*(?:(?:above|below)\s+(?:the\s+)?(?:[\w'-]+\s+){0,3}(?:levels?|average|averages|normal|"
                           r"norms?|baseline|mean|times|era)\b|(?:warmer|cooler|colder|hotter|higher|lower)\b|"
                           r"(?:of\s+)?(?:warming|cooling|rise|increase|drop|fall|anomaly|jump|swing)\b)", re.I)
_CHANGE_BEFORE = re.compile(r"(?:\bby|\b(?:rise|rises|increase|increases|fall|falls|drop|drops|warming|cooling|"
                            r"anomaly|anomalies|change|jump|swing)\s+of)\s+$", re.I)
_COMPARED = re.compile(r"(?:\bcompared\s+(?:with|to)|\bagainst|\bversus|\bvs\.?|\bthan)\s+$", re.I)


def is_temperature_change(before: str, after: str) -> bool:
    """A temperature read as a difference, not a reading: "a rise of 1.5C", "2C warmer",
    "about 2.3C above late 19th-century levels"; "highs of 30C" and "fell to 11C" are readings.

    before (str): the sentence before the quantity (and its modifier).
    after (str): the sentence after it.
    """
    return bool(_CHANGE_BEFORE.search(before) or _CHANGE_AFTER.match(after))


def _temperature_difference(q: Quantity) -> Quantity:
    """The same temperature as a difference: scaled to kelvin without the offset."""
    factor = SI_UNITS[q.unit][1]
    return replace(q, si_value=_round(q.value * factor), si_value_max=None if q.value_max is None
                   else _round(q.value_max * factor))


def document_currency(text: str) -> str:
    """The currency whose cents a document means: the dollar or euro it names most (USD if none).

    text (str): the document's text.
    RETURNS (str): an ISO code ("USD", "AUD", "EUR", ...).
    """
    counts = {code: len(re.findall(rf"(?<![A-Za-z$]){re.escape(prefix)}\$", text))
              for prefix, code in _DOLLARS.items() if code != "USD"}
    counts["USD"] = len(re.findall(r"(?<![A-Za-z$])(?:US)?\$", text))
    counts["EUR"] = len(re.findall(r"€|\beuros?\b", text))
    return max(counts, key=lambda c: (counts[c], c == "USD"))


def _currency_minor(q: Quantity, code: str) -> Quantity:
    """ "71 cents" -> 0.71 in the currency `code`."""
    high = None if q.value_max is None else _round(q.value_max / 100)
    return replace(q, si_value=_round(q.value / 100), si_unit=code, si_value_max=high)


def _feet_and_inches(feet: Span, inches: Span, inch: Quantity) -> tuple[Span, Quantity]:
    """ "6ft 2in" is one height: 1.8796 m."""
    q = feet._.quantity
    si_value = _round(q["si_value"] + inch.si_value)
    merged = Quantity(q["value"] + inch.value / 12, "foot", "length", si_value, "m", q["modifier"])
    return feet.doc[feet.start:inches.end], merged


class _DocContext:
    """What a document says about its own units: the scale of its bare "degrees" and the
    currency of its cents, worked out once and only when needed."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._scale: Optional[str] = None
        self._currency: Optional[str] = None
        self._change_sentences: set[int] = set()  # sentences with a temperature difference

    @property
    def currency(self) -> str:
        if self._currency is None:
            self._currency = document_currency(self.doc.text)
        return self._currency

    @property
    def scale(self) -> str:
        if self._scale is None:
            datelines = self.doc.spans.get(DATELINE, [])
            places = datelines[0].text if len(datelines) else self.doc.text
            self._scale = temperature_scale(self.doc.text, places)
        return self._scale

    def resolve(self, span: Span, q: Quantity) -> Quantity:
        """Fill in what the quantity alone cannot tell: bare degrees, differences, cents."""
        if q.dimension == "currency" and q.unit in {"cent", "penny"}:
            return _currency_minor(q, "GBP" if q.unit == "penny" else self.currency)  # pence are GBP
        if q.dimension != "temperature" or q.unit not in SI_UNITS and q.unit != "degree":
            return q
        if q.unit == "degree":  # "dropped to 14 degrees": the document's scale
            scale = self.scale
            si_value, si_unit = to_si(q.value, scale)
            si_max = None if q.value_max is None else to_si(q.value_max, scale)[0]
            q = replace(q, si_value=si_value, si_unit=si_unit, si_value_max=si_max)
        sent = span.sent
        before = self.doc.text[sent.start_char:span.start_char]
        after = self.doc.text[span.end_char:sent.end_char]
        # "2.3C above ... levels, compared with roughly 1.3C": compared like with like
        change = is_temperature_change(before, after) or \
            sent.start in self._change_sentences and bool(_COMPARED.search(before))
        if not change:
            return q
        self._change_sentences.add(sent.start)
        scale = self.scale if q.unit == "degree" else q.unit
        return replace(_temperature_difference(replace(q, unit=scale)), unit=q.unit)


class QuantityTagger:
    """Find quantities in a parsed document and normalise each to SI units."""

    def __init__(self, nlp: Language, name: str = "quantity_tagger", *, window: int = 6,
                 counts: bool = True) -> None:
        """
        nlp (Language): the pipeline this component belongs to.
        name (str): the component's name in the pipeline.
        window (int): tokens after the number that may hold its unit.
        counts (bool): also report counts of things ("200 people") with dimension "count".
        """
        self.name = name
        self.window = window
        self.counts = counts
        self.normalizer = QuantityNormalizer()

    def __call__(self, doc: Doc) -> Doc:
        """Write `doc.spans["quantities"]`, each span labelled with its dimension.

        doc (Doc): a parsed document, after the entity and temporal stages.
        RETURNS (Doc): the same document with `span._.quantity` set on each quantity span.
        """
        blocked = set()
        for span in name_spans(doc):
            blocked.update(range(span.start, span.end))
        for span in doc.spans.get(TIMEX, []):
            blocked.update(range(span.start, span.end))
        for span in name_spans(doc):  # "48 Canal Street": a house number is part of the address
            if span.label_ == "FAC" and span.start > 0 and re.fullmatch(r"\d{1,5}[A-Za-z]?", doc[span.start - 1].text):
                blocked.add(span.start - 1)
        for token in doc:
            if token.lower_ == "block" and token.i > 0 and doc[token.i - 1].like_num:
                blocked.add(token.i - 1)  # "the 2400 block of North Pinecrest Drive"
        for match in _SCORE.finditer(doc.text):
            score = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if score is not None:
                blocked.update(range(score.start, score.end))
        phrases = {}
        for start, end, quantity in read_phrases(doc.text):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or any(j in blocked for j in range(span.start, span.end)):
                continue
            modifier, mod_start = self._modifier(doc, span.start)
            if modifier and quantity.modifier is None:
                quantity, span = replace(quantity, modifier=modifier), doc[mod_start:span.end]
            phrases[span.start] = span, quantity
            blocked.update(range(span.start, span.end))
        context = _DocContext(doc)
        spans: list[Span] = []
        i = 0
        while i < len(doc):
            token = doc[i]
            if i in phrases:
                span, quantity = phrases[i]
                span = Span(doc, span.start, span.end, label=quantity.dimension)
                span._.quantity = quantity.as_dict()
                spans.append(span)
                i = span.end
                continue
            if i in blocked or not self._is_number(token):
                i += 1
                continue
            found = self._read(doc, token, blocked)
            if found is None:
                i += 1
                continue
            span, quantity = found
            if spans and quantity.unit == "inch" and spans[-1].end == span.start \
                    and spans[-1]._.quantity["unit"] == "foot" and quantity.modifier is None:
                span, quantity = _feet_and_inches(spans.pop(), span, quantity)  # "6ft 2in"
            quantity = context.resolve(span, quantity)
            span = Span(doc, span.start, span.end, label=quantity.dimension)
            span._.quantity = quantity.as_dict()
            spans.append(span)
            i = span.end
        doc.spans[QUANTITIES] = spans
        return doc

    def _is_number(self, token: Token) -> bool:
        if token.ent_type_ == "ORDINAL" or token.lower_ in {"one"} and token.dep_ != "nummod":
            return False
        if token.like_num or _NUMBER.match(token.text):
            return not default_uses().in_name(token)
        return token.text in {"$", "€", "£", "¥"} and token.i + 1 < len(token.doc) and token.nbor().like_num

    def _read(self, doc: Doc, token: Token, blocked: set[int]) -> Optional[tuple[Span, Quantity]]:
        sent = token.sent
        start = token.i
        end = self._window_end(doc, start, blocked)
        modifier, mod_start = self._modifier(doc, start)
        low = None
        range_start = None
        # "between 3 and 5 km", "from 20 to 25 degrees", "3 to 5 km", "3-5 km"
        nxt = doc[start + 1] if start + 1 < sent.end else None
        if nxt is not None and nxt.lower_ in {"and", "to", "-", "\u2013"} and start + 2 < sent.end \
                and self._is_number(doc[start + 2]) and start + 2 not in blocked:
            opener = doc[start - 1].lower_ if start > sent.start else ""
            compound_word = token.is_alpha and nxt.text in {"-", "\u2013"}  # "Twenty-three"
            if (nxt.lower_ != "and" or opener == "between") and not compound_word:
                low = token.text
                range_start = start - 1 if opener in {"between", "from"} else start
                start += 2
                end = self._window_end(doc, start, blocked)
        window = doc[start:end]
        age = self._age(doc, token) if low is None else None
        if age is not None:
            return age
        if low is None and start > sent.start and doc[start - 1].lower_ in {"aged", "age"} and token.like_num:
            value = float(token.text.replace(",", "")) if _NUMBER.match(token.text) else None
            if value is not None:  # "aged 48"
                return doc[start - 1:start + 1], Quantity(value, "year", "age", None, None, modifier)
        result = self.normalizer(window.text, modifier if low is None else None, low)
        if result is None:
            number = parse_number(token.text) if low is None and token.is_alpha else None
            if number is None:
                return None
            # a number in words that quantulum3 leaves alone: "one lane", "five"
            result = Quantity(number, None, "count", number, None, modifier), len(token.text)
        quantity, length = result
        if quantity.dimension in TIME_DIMENSIONS:
            return None
        span = doc.char_span(window.start_char, window.start_char + length, alignment_mode="expand")
        if span is None or span.end > end:
            span = doc[start:max(start + 1, min(end, start + 1))]
        if quantity.dimension == "count":
            if not self.counts:
                return None
            span = doc[start:start + 1] if span.end - span.start <= 1 or not token.is_alpha else span
            while span.end < end and doc[span.end].lower_ in {"million", "billion", "thousand", "trillion", "hundred"}:
                span = doc[span.start:span.end + 1]
            head = doc[start].head
            partitive = any(c.dep_ == "prep" and c.lower_ == "of" and any(
                g.dep_ == "pobj" and g.tag_ in {"NNS", "NNPS"} for g in c.children) for c in doc[start].children)
            collective = doc[start].dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN" \
                and head.head.i < start and not head.head.like_num
            if doc[start].dep_ != "nummod" and not (head.dep_ == "nummod" and head.head.pos_ == "NOUN") \
                    and not partitive and not collective:
                return None  # a bare number with nothing counted
            counted = head if doc[start].dep_ == "nummod" else head.head if head.dep_ == "nummod" else None
            if counted is not None and counted.i < start:
                return None  # "junctions 23 and 24", "reference 231": identifiers, not counts
        first = range_start if range_start is not None else (mod_start if low is None else start)
        if first is None:
            first = span.start
        return doc[min(first, span.start):span.end], quantity

    def _age(self, doc: Doc, token: Token) -> Optional[tuple[Span, Quantity]]:
        """ "Sheila Ambrose, 68, who ..." and "a woman in her 30s": ages written as news does."""
        i = token.i
        if re.fullmatch(r"\d{1,3}", token.text) and 0 < int(token.text) < 120 and i >= 2 \
                and doc[i - 1].text == "," and doc[i - 2].ent_type_ == "PERSON" \
                and (i + 1 == len(doc) or doc[i + 1].text in {",", ".", ";", ")"}):
            return doc[i:i + 1], Quantity(float(token.text), "year", "age", None, None)
        decade = re.fullmatch(r"(\d)0s", token.text)
        if decade and i >= 2 and doc[i - 1].lower_ in {"his", "her", "their", "my", "your"} \
                and doc[i - 2].lower_ in {"in", "into"}:
            low = float(decade.group(1)) * 10
            return doc[i:i + 1], Quantity(low, "year", "age", None, None, "RANGE", low + 9)
        return None

    def _window_end(self, doc: Doc, start: int, blocked: set[int]) -> int:
        """End of the tokens after a number that may spell its unit ("km per hour").

        Function words end it, so that "5 per cent in August" is not read as inches.
        """
        sent_end = doc[start].sent.end
        end = min(sent_end, start + self.window)
        for j in range(start + 1, end):
            token = doc[j]
            glued = j == start + 1 and not doc[start].whitespace_  # "2in": the unit, not "in"
            scale = token.lower_ in {"fahrenheit", "celsius", "centigrade"} and doc[j - 1].lower_ in {"degree", "degrees"}
            if j in blocked and not scale or (token.pos_ in _STOP_POS and token.lower_ not in _UNIT_GLUE
                                and doc[j - 1].lower_ != "per" and not glued):
                return j
        return end

    def _modifier(self, doc: Doc, i: int) -> tuple[Optional[str], Optional[int]]:
        sent_start = doc[i].sent.start
        for words, code in _MOD_WORDS:
            n = len(words.split())
            if i - n >= sent_start and doc[i - n:i].text.lower() == words:
                return code, i - n
        return None, None


@Language.factory(
    "quantity_tagger",
    assigns=["doc.spans"],
    requires=["token.dep", "doc.sents"],
    default_config={"window": 6, "counts": True},
)
def make_quantity_tagger(nlp: Language, name: str, window: int, counts: bool) -> QuantityTagger:
    """Build the quantity tagger; settings come from the pipeline config."""
    return QuantityTagger(nlp, name, window=window, counts=counts)
