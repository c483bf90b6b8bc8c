"""``QuantityNormalizer``: the quantity that starts a short text, read by quantulum3 and
normalised to our units and SI values. Pure (text in, ``Quantity`` out) and cached.

Before quantulum3 reads a window, the grammar's rewrites turn news spellings it misreads into
ones it reads ("€40m" -> "€40 million", "38.5C" -> "38.5 °C"); its reading is then mapped to
the unit table: our unit and dimension for its unit name, a unit of ours written after a number
it left bare ("5 hectares"), the longer of two written forms ("1.5 percentage points").
"""

from __future__ import annotations

import re
from typing import Any, Optional

from pipeline.language.units import Unit
from pipeline.rules.caching import MethodCaches

from .grammar import QuantityGrammar, default_grammar
from .quantity import Quantity, round_value

# a run of digits longer than any number written in news
_OVERLONG_DIGITS = re.compile(r"\d{41}")
#: the number a window starts with, and the space after it
_LEADING_NUMBER = re.compile(r"\s*[-+\u2212]?\d[\d,]*(?:\.\d+)?[\s-]*")
#: the end of the amount a window starts with, sign and number ("$ 98")
_AMOUNT_END = re.compile(r"\D{0,3}?\d[\d,]*(?:\.\d+)?")
#: quantulum3's names for "no unit"
_DIMENSIONLESS = "dimensionless"
_UNKNOWN = "unknown"
#: the dimension of a rate with nothing counted ("15 a year": per year)
RATE = "rate"
#: how far after quantulum3's reading a longer written form of its unit may reach
_LONGER_FORM_REACH = 40


def prepare(text: str, grammar: QuantityGrammar) -> tuple[str, list[tuple[int, int, int, int]]]:
    """Rewrite news spellings quantulum3 misreads ("€40m", "38.5C", "5 per cent").

    text (str): a window of text.
    grammar (QuantityGrammar): the rewrites, in order (an earlier one wins where two overlap).
    RETURNS (tuple): the rewritten text and its rewritten pieces as (new start, new end,
        old start, old end), to map offsets back to the original.
    """
    pieces: list[tuple[int, int, str]] = []
    for rewrite in grammar.rewrites:
        for m in rewrite.pattern.finditer(text):
            if any(m.start() < b and a < m.end() for a, b, _ in pieces):
                continue
            new = rewrite.replacement.render(lambda node, match=m: grammar.lookup(node, match))
            if new is not None:
                pieces.append((m.start(), m.end(), new))
    pieces.sort()
    out, spans, last, length = [], [], 0, 0
    for a, b, new in pieces:
        out.append(text[last:a])
        length += a - last
        out.append(new)
        spans.append((length, length + len(new), a, b))
        length += len(new)
        last = b
    out.append(text[last:])
    return "".join(out).replace("\u2212", "-"), spans


def original_offset(end: int, spans: list[tuple[int, int, int, int]]) -> int:
    """Map an end offset in the rewritten text back to the original text."""
    shift = 0
    for new_start, new_end, _, old_end in spans:
        if end <= new_start:
            break
        if end < new_end:
            return old_end
        shift = old_end - new_end
    return end + shift


def _scale_of(surface: str, value: float, signs: str, grammar: QuantityGrammar) -> float:
    """What the scale words of a reading multiplied its number by: 1e9 for "$5 billion" read as
    5e9, 1000 for "five thousand" read as 5000."""
    words = surface.split()
    if not words:
        return 1.0
    if not re.match(rf"[{re.escape(signs)}]?\d", surface):
        written = grammar.lexicon.parse_number(words[0])  # "five thousand"
        return value / written if written else 1.0
    try:
        written = float(re.sub(r"[^\d.]", "", words[0].lstrip(signs)) or 1)
    except ValueError:
        return 1.0
    return value / written if written else 1.0


class QuantityNormalizer(MethodCaches):
    """Read the quantity that starts a short text ("1,935.3 grams of lunar samples")."""

    def __init__(self, grammar: Optional[QuantityGrammar] = None) -> None:
        """
        grammar (Optional[QuantityGrammar]): the rules and units; default: the installed language's.
        """
        self.grammar = grammar or default_grammar()
        self.build_caches()

    CACHED = {"_normalise": "_read"}

    def __call__(self, text: str, modifier: Optional[str] = None,
                 low: Optional[str] = None) -> Optional[tuple[Quantity, int]]:
        """
        text (str): a window that starts with the number, e.g. "5 km from the coast".
        modifier (Optional[str]): a modifier already read before the number ("APPROX").
        low (Optional[str]): the lower bound as written, when `text` closes a range ("3").
        RETURNS (Optional[tuple[Quantity, int]]): the quantity and the length of `text` it
            covers, or None when the window does not start with a quantity.
        """
        return self._normalise(text, modifier, low)

    def _quantulum(self, text: str) -> tuple:
        return self.grammar.quantulum.parse(prepare(text, self.grammar)[0])

    def _read(self, text: str, modifier: Optional[str], low: Optional[str]) -> Optional[tuple[Quantity, int]]:
        if _OVERLONG_DIGITS.search(text) or (low and _OVERLONG_DIGITS.search(low)):
            return None  # no number in news is this long, and the regexes here slow down on one
        grammar = self.grammar
        age = grammar.uses.age_phrase(text)
        if age is not None:  # "22-year-old", "five years old": an age
            return Quantity(age.value, age.unit, "age", None, None, modifier), age.end
        bound = grammar.pattern("glued_bound").match(text) if low is None else None
        if bound is not None:  # "sub-500 sq m": less than 500 square metres
            found = self._read(text[bound.end():], modifier or "LESS_THAN", None)
            return None if found is None else (found[0], found[1] + bound.end())
        joined = grammar.pattern("joined_range").match(text) if low is None else None
        if joined is not None:  # "5-7%", "20–30 mm": a range written as one word
            found = self._read(text[joined.end():], modifier, joined.group("low"))
            return None if found is None else (found[0], found[1] + joined.end())
        prepared, rewrites = prepare(text, grammar)
        found = [q for q in grammar.quantulum.parse(prepared) if q.span[0] <= 1]
        if not found:
            return None
        q = found[0]
        length = original_offset(q.span[1], rewrites)
        read = self._unit(q, text, length)
        if read is None:
            return None
        unit, dimension, length = read
        value = float(q.value)
        if dimension in {"currency", "count"}:
            # money stays in its currency; a count is a number ("21.4 ppg": 21.4, its unit point per game)
            si_value, si_unit = round_value(value), None if dimension == "count" else unit
        elif unit and " per " in unit and unit not in grammar.units.units:
            # a unit per a period or a thing: "4 MWh a day" is 1.44e10 J per day
            base, per = unit.split(" per ", 1)
            si_value, si_base = grammar.units.to_si(value, base)
            si_value, si_unit = (si_value, f"{si_base} per {per}") if si_base else (round_value(value), unit)
        else:
            si_value, si_unit = grammar.units.to_si(value, unit)
        if low is not None:
            return self._range(q, low, unit, dimension, value, si_value, si_unit, length)
        return Quantity(value, unit, dimension, si_value, si_unit, modifier), length

    def _unit(self, q: Any, text: str, length: int) -> Optional[tuple[Optional[str], str, int]]:
        """Our unit and dimension for quantulum3's reading, and the length it covers."""
        grammar = self.grammar
        name, dimension = q.unit.name, q.unit.entity.name
        named = grammar.pattern("named_currency").match(text) if dimension in {_DIMENSIONLESS, _UNKNOWN} else None
        code = grammar.units.currency_names.get(named.group("name").lower()) if named else None
        if code in grammar.currencies:  # "600 million baht", "9 billion pesos": the currency it names
            return self._per(text, code, "currency", named.end())
        if name == _DIMENSIONLESS:  # "5 hectares", "197 pence": a unit of ours it does not know
            after = grammar.unit_word.match(text, length + len(text[length:]) - len(text[length:].lstrip(" -")))
            number = _LEADING_NUMBER.match(text)
            inside = grammar.unit_word.match(text, number.end()) if number else None
            if inside is not None and inside.end() >= length:  # "2.5 μm", read whole but without its unit
                after = inside
            if after is None:
                currency = grammar.pattern("currency_after").match(text, length)
                if currency is not None:  # "420 million finnish markka": a currency quantulum3 does not know
                    code = grammar.units.currency_names.get(currency.group("name").lower())
                    return code, "currency", currency.end()
                return None, "count", length
            unit = grammar.units.by_word[after.group(0).lower()]
            return unit.name, unit.dimension, after.end()
        ours: Optional[Unit] = grammar.units.by_quantulum.get(name)
        if ours is None:  # "420 ppm", "2.5 μm": read whole, under a name of its own
            number = _LEADING_NUMBER.match(text)
            inside = grammar.unit_word.match(text, number.end()) if number else None
            if inside is not None and inside.end() >= length:
                ours, length = grammar.units.by_word[inside.group(0).lower()], inside.end()
        if ours is not None:
            if ours.dimension == "temperature" and ours.factor is None \
                    and grammar.pattern("angle_word").search(text):
                return name, dimension, length  # "a 45 degree angle": quantulum3's angle
            longer = self._longer_form(text, length, ours)
            if longer is not None:
                ours, length = longer
            name = ours.name if ours.dimension != "currency" else (q.unit.currency_code or ours.name)
            return self._per(text, name, ours.dimension, length)
        if dimension == _DIMENSIONLESS:
            return None, "count", length  # "roughly 140 times": a count, which has no unit
        if dimension == _UNKNOWN:
            return self._rate(q, text, length)
        if dimension == "currency":
            return self._per(text, getattr(q.unit, "currency_code", None) or name, dimension, length)
        dimensions = q.unit.dimensions
        base = grammar.units.by_quantulum.get(dimensions[0]["base"]) if len(dimensions) == 2 else None
        if base is not None and base.dimension in grammar.unit_not_per and dimensions[1]["power"] == -1:
            # "2.5 per cent per year": a share growing by the year is the share, which ends before "per"
            per = [m.start() for m in grammar.pattern("per_after").finditer(text, 0, length)]
            if per:
                return base.name, base.dimension, per[-1]
        return name, dimension, length

    def _unit_name(self, quantulum_name: str) -> tuple[Optional[str], Optional[str]]:
        """Our name and dimension for a unit quantulum3 names: a currency's code, a unit of the table."""
        code = self.grammar.units.currency_names.get(quantulum_name.lower())
        if code in self.grammar.currencies:
            return code, "currency"
        ours = self.grammar.units.by_quantulum.get(quantulum_name)
        return (ours.name, ours.dimension) if ours is not None else (None, None)

    def _rate(self, q: Any, text: str, length: int) -> Optional[tuple[str, str, int]]:
        """A unit per another that the table does not have, kept whole: "$3.10 per gallon" is USD
        per gallon, "£79 per month" GBP per month (not reduced to the currency)."""
        dimensions = [(d["base"], d["power"]) for d in q.unit.dimensions]
        if dimensions and dimensions[0][1] == 1 and self._unit_name(dimensions[0][0])[1] == "currency" \
                and sorted(power for _, power in dimensions) != [-1, 1]:
            # "$98 a share" read as dollar-years: the money, then what it is per
            code = self._unit_name(dimensions[0][0])[0]
            number = _AMOUNT_END.match(text)
            return self._per(text, code, "currency", number.end()) if number else None
        if len(dimensions) == 1 and dimensions[0][1] == -1:  # "15 a year": a rate with nothing counted
            name = self._unit_name(dimensions[0][0])[0]
            return (f"per {name}", RATE, length) if name in self.grammar.units.units else None
        if len(dimensions) != 2 or sorted(power for _, power in dimensions) != [-1, 1]:
            return None
        top, bottom = (base for base, _ in sorted(dimensions, key=lambda d: -d[1]))
        name, dimension = self._unit_name(top)
        if name is None:
            return None
        per = self._unit_name(bottom)[0] or bottom
        return f"{name} per {per}", dimension, length

    def _per(self, text: str, name: str, dimension: str, length: int) -> tuple[str, str, int]:
        """A unit and the period or thing it is per, written after it ("$75 a barrel", "400,000
        barrels a day"): the unit kept whole; not for shares ("5% a year")."""
        if dimension in self.grammar.unit_not_per:
            return name, dimension, length
        m = self.grammar.pattern("per_after").match(text, length)
        if m is None:
            return name, dimension, length
        return f"{name} per {self.grammar.per_unit(m)}", dimension, m.end()

    def _longer_form(self, text: str, length: int, unit: Unit) -> Optional[tuple[Unit, int]]:
        """A unit of the same dimension written in more words than quantulum3 read, reaching past
        its reading: "1.5 percentage points" is percentage points, not a percentage."""
        for m in self.grammar.unit_word.finditer(text, 0, min(len(text), length + _LONGER_FORM_REACH)):
            if m.start() < length < m.end():
                other = self.grammar.units.by_word[m.group(0).lower()]
                if other.dimension == unit.dimension and other is not unit:
                    return other, m.end()
        return None

    def _range(self, q: Any, low: str, unit: Optional[str], dimension: str, value: float,
               si_value: Optional[float], si_unit: Optional[str], length: int) -> Optional[tuple[Quantity, int]]:
        """The range from `low` to the quantity just read ("between 3 and 5 km")."""
        grammar = self.grammar
        low_q = self._quantulum(low)
        if not low_q:
            return None
        low_value = float(low_q[0].value)
        code = getattr(low_q[0].unit, "currency_code", None)
        if unit is None and dimension == "count" and low_q[0].unit.entity.name == "currency" and code:
            unit, dimension, si_value, si_unit = code, "currency", value, code  # "$150-170": dollars at both ends
        signs = "".join(grammar.currency_signs)
        scaled = grammar.pattern("scaled").search(low)
        if not scaled and (dimension == "currency" or abs(value) >= 1e3 > abs(low_value)):
            # "between 3 and 5 billion", "$10 to $15 billion", "four to five thousand": one scale for both ends
            low_value *= _scale_of(q.surface, value, signs, grammar)
        if dimension in {"currency", "count"}:
            low_si = round_value(low_value)
        else:
            low_si = grammar.units.to_si(low_value, unit)[0]
        return Quantity(low_value, unit, dimension, low_si, si_unit, "RANGE", value, si_value), length
