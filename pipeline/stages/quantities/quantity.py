"""A normalised quantity: the value object every part of the quantity stage passes along."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Optional


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
    change: Optional[str] = None  # "increase" or "decrease": the size of a change or a level it reached or left

    def as_dict(self) -> dict:
        """The fields by name, in order (what `span._.quantity` holds)."""
        return {field.name: getattr(self, field.name) for field in fields(self)}


def round_value(x: Optional[float]) -> Optional[float]:
    """`x` to 12 significant digits, so that float noise never reaches the table."""
    return None if x is None else float(f"{x:.12g}")
