"""`newsfacts eval-units`: quantities scored on test sets of sentences: Microsoft
Recognizers-Text specs, quantulum3's own test cases, and our sentences."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Optional, Union

from pipeline.core.kinds import QUANTITY
from pipeline.core.records import Article
from pipeline.language.units import default_units

from .gold import locate
from .score import quantity_agreement, unit_key

#: Recognizers-Text spec models -> the quantity dimensions that answer them
UNIT_MODELS = {"AgeModel": {"age"}, "CurrencyModel": {"currency"}, "TemperatureModel": {"temperature"},
               "PercentModel": {"percentage"}, "DimensionModel": None}  # None: any physical dimension
#: dimensions that no physical-dimension model asks for
_NOT_PHYSICAL = {"age", "currency", "temperature", "count", "percentage"}
#: Recognizers-Text models of plain numbers: any quantity's number answers them
NUMBER_MODELS = {"NumberModel", "NumberRangeModel"}


def _unit_key(unit: str, currency: bool = False) -> str:
    """Spelling-free unit name: "Kilometer", "kilometre" and "kilometres" agree; with
    `currency`, names map to ISO codes ("Dollar" -> "usd")."""
    if currency:  # the names of units/currencies.tsv, as the quantity stage reads them
        return default_units().currency_names.get(unit.lower(), unit).lower()
    return unit_key(unit)


@dataclass
class UnitCase:
    """One sentence of a quantity test set and its gold quantities: dicts with start, end,
    value (a number, or (low, high) for a range; None: not given), unit, and where the set
    gives them, change and about."""

    text: str
    gold: list[dict]


def _range_bounds(value: str) -> Optional[tuple[Optional[float], Optional[float]]]:
    """A Recognizers-Text range ("[20,100]", "(30,)", "[,5)") as (low, high)."""
    m = re.fullmatch(r"[\[(]\s*([-\d.e+]*)\s*,\s*([-\d.e+]*)\s*[\])]", value.strip())
    if m is None:
        return None
    return tuple(float(x) if x else None for x in m.groups())


def _recognizers_cases(data: list, model: str) -> list[UnitCase]:
    cases = []
    for case in data:
        # as the first scores were taken: a case is skipped when "python" is the first port it
        # names as unsupported ("java, python" is scored), so that the figures stay comparable
        if "NotSupportedByDesign" in case or (model not in NUMBER_MODELS and "python" in
                                              [n.lower() for n in case.get("NotSupported", "").split(",") if n]):
            continue
        gold = []
        for result in case.get("Results", []):
            resolution = result.get("Resolution") or {}
            raw = str(resolution.get("value", "")).rstrip("%")
            bounds = _range_bounds(raw) if model == "NumberRangeModel" else None
            try:
                value = bounds if bounds is not None else float(raw)
            except ValueError:
                value = None
            unit = str(resolution.get("unit", "percentage" if model == "PercentModel" else ""))
            ours = default_units().by_word.get(unit.lower())  # "Metric ton": a written form of our tonne
            unit = ours.name if ours is not None and model != "CurrencyModel" else unit
            gold.append({"start": result["Start"], "end": result["End"] + 1, "text": result.get("Text", ""),
                         "value": value, "unit": _unit_key(unit, model == "CurrencyModel")})
        cases.append(UnitCase(case["Input"], gold))
    return cases


def _quantulum_cases(data: list) -> list[UnitCase]:
    """quantulum3's own test cases ({"req": text, "res": [{"surface", "value", "unit"}]}); its time
    quantities are left out, as they are dates to newsfacts."""
    units = default_units()
    cases = []
    for case in data:
        gold, text, at = [], case["req"], 0
        for result in case["res"]:
            start = text.find(result["surface"], at)
            if start < 0:
                continue
            at = start + len(result["surface"])
            ours = units.by_quantulum.get(result["unit"])
            if ours is not None and ours.dimension == "time":
                continue
            unit = ours.name if ours is not None else result["unit"]
            code = units.currency_names.get(unit.lower()) or units.currency_names.get(result["unit"].lower())
            gold.append({"start": start, "end": at, "text": result["surface"], "value": float(result["value"]),
                         "unit": unit_key(code or ("" if unit == "dimensionless" else unit))})
        cases.append(UnitCase(text, gold))
    return cases


def _sentence_cases(lines: list[dict]) -> list[UnitCase]:
    """Our own test sentences: {"text", "quantities": [{"text", "occurrence", "number", "number_max",
    "unit", "change", "about"}]}, one per line."""
    cases = []
    for line in lines:
        gold = []
        for q in line.get("quantities", []):
            start, end = locate(line["text"], q["text"], int(q.get("occurrence", 1)))
            value = q["number"] if q.get("number_max") is None else (q["number"], q["number_max"])
            gold.append({"start": start, "end": end, "text": q["text"], "value": value,
                         "unit": unit_key(q.get("unit")), "change": q.get("change"), "about": q.get("about", "")})
        cases.append(UnitCase(line["text"], gold))
    return cases


def read_unit_set(path: Union[str, Path]) -> tuple[str, list[UnitCase], Optional[set[str]], bool]:
    """A quantity test set: Recognizers-Text specs (the model is the file's name), quantulum3's
    test cases, or our sentences (JSON Lines).

    RETURNS (tuple): its name, its cases, the dimensions that answer it (None: every physical
        one; an empty set: any) and whether it gives change and concepts.
    """
    import json

    path = Path(path)
    if path.suffix == ".jsonl":
        lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        return path.stem, _sentence_cases(lines), set(), True
    data = json.loads(path.read_text(encoding="utf-8-sig"))
    if data and "req" in data[0]:
        return f"quantulum3 {path.stem}", _quantulum_cases(data), set(), False
    model = path.stem
    dimensions = set() if model in NUMBER_MODELS else UNIT_MODELS.get(model, None)
    return model, _recognizers_cases(data, model), dimensions, False


def _same_number(row: dict, value: Any) -> bool:
    """A row's number is the gold value: the same number, the same range, or (as quantulum3
    writes a range) the middle of its range."""
    def close(a: Any, b: Any) -> bool:
        return (a is None and b is None) or (a is not None and b is not None
                                             and math.isclose(float(a), float(b), rel_tol=1e-6))
    try:
        low, high = row["number"], row.get("number_max")
        if isinstance(value, tuple):
            return close(low, value[0]) and close(high, value[1]) if value[0] is not None else close(high, value[1])
        if value is None:
            return False
        mid = None if high is None or high != high else (float(low) + float(high)) / 2
        return close(low, value) if high is None or high != high else close(mid, value) or close(low, value)
    except (TypeError, ValueError):
        return False


def evaluate_units(spec_paths: Iterable[Union[str, Path]], nlp) -> dict[str, dict[str, float]]:
    """Score quantities on test sets of sentences: Microsoft Recognizers-Text NumberWithUnit and
    Number specs (read in place, never copied), quantulum3's own test cases, our sentences.
    Spans match when they overlap; then value, value+unit, value+change and the concept
    (partial and complete, by token overlap) are counted as `newsfacts check` counts them.

    spec_paths (Iterable[str | Path]): the test files.
    nlp (Language): the newsfacts pipeline.
    RETURNS (dict): set -> cases, gold, system, span F1, value F1, value+unit F1, and for sets
        that give them, value+change F1 and concept partial and complete F1.
    """
    from pipeline.run.extract import extract

    scores = {}
    for path in map(Path, spec_paths):
        name, cases, dimensions, annotated = read_unit_set(path)
        articles = [Article(f"{name}-{i}", c.text or " ", "2024-01-01") for i, c in enumerate(cases)]
        tally = Counter()
        for (_, rows), case in zip(extract(articles, nlp), cases):
            system = [r for r in rows if r["kind"] == QUANTITY]
            if dimensions is None:
                system = [r for r in system if r["label"] not in _NOT_PHYSICAL]
            elif dimensions:
                system = [r for r in system if r["label"] in dimensions]
            tally["system"] += len(system)
            tally["gold"] += len(case.gold)
            used = set()
            for g in case.gold:
                match = next((i for i, r in enumerate(system) if i not in used
                              and r["start"] < g["end"] and g["start"] < r["end"]), None)
                if match is None:
                    continue
                used.add(match)
                row = system[match]
                same = _same_number(row, g["value"])
                unit = _unit_key(str(row["unit"] or ""), name == "CurrencyModel")
                unit_ok, change_ok, complete, partial = quantity_agreement(dict(row, unit=unit), g, same)
                if not g["unit"] and row["label"] == "count":
                    unit_ok = same  # a set that leaves a count without its unit (quantulum3's "dimensionless")
                tally.update(matched=1, value=same, value_unit=unit_ok, value_change=change_ok,
                             concept_complete=complete, concept_partial=partial)
        found = tally["system"] + tally["gold"]
        f1 = lambda hits, found=found: 2 * hits / found if found else 1.0
        scores[name] = {"cases": len(cases), "gold": tally["gold"], "system": tally["system"],
                        "span_f1": f1(tally["matched"]), "value_f1": f1(tally["value"]),
                        "value_unit_f1": f1(tally["value_unit"])}
        if annotated:
            scores[name].update(value_change_f1=f1(tally["value_change"]),
                                concept_partial_f1=f1(tally["concept_partial"]),
                                concept_complete_f1=f1(tally["concept_complete"]))
    return scores
