"""Scoring a fact table against gold, the TempEval-3 way.

For each kind and overall: precision, recall and F1 for strict (same span) and relaxed
(overlapping span) matching, one to one; value accuracy over relaxed matches and value F1
(= value accuracy x relaxed F1, as in TempEval-3); label accuracy and label F1 likewise.
Quantities are also scored as the quantity benchmarks do (CQE, EMNLP 2023): value+unit and
value+change (the value and its unit, or its change, both right), and the concept (`about`)
by token overlap: complete (the same words) and partial (a word in common), each as an
accuracy over relaxed matches times relaxed F1.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from pipeline.core.kinds import KINDS, QUANTITY


def prf(hits: int, system: int, gold: int, *, nothing_is_right: bool = True) -> tuple[float, float, float]:
    """Precision, recall and F1 of `hits` among `system` facts found and `gold` facts expected.

    nothing_is_right (bool): nothing found where nothing was expected scores 1.0 (as a kind
        without gold in `check`); else an empty count scores 0.0 (per label, per entity type).
    """
    if nothing_is_right:
        p = hits / system if system else (1.0 if not gold else 0.0)
        r = hits / gold if gold else (1.0 if not system else 0.0)
    else:
        p = hits / system if system else 0.0
        r = hits / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


class Summable:
    """A dataclass of counts that adds up another of its kind, field by field."""

    def add(self, other: "Summable") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Tally(Summable):
    """Counts for one kind (or all kinds)."""

    system: int = 0
    gold: int = 0
    strict: int = 0
    relaxed: int = 0
    value_ok: int = 0
    label_ok: int = 0
    value_unit_ok: int = 0
    value_change_ok: int = 0
    concept_complete: int = 0
    concept_partial: int = 0

    def scores(self) -> dict[str, float]:
        """Precision, recall and F1 (strict, relaxed), value and label accuracy and F1."""
        sp, sr, sf = prf(self.strict, self.system, self.gold)
        rp, rr, rf = prf(self.relaxed, self.system, self.gold)
        def accuracy(hits: int) -> float:
            return hits / self.relaxed if self.relaxed else (1.0 if not self.gold else 0.0)

        value_acc, label_acc = accuracy(self.value_ok), accuracy(self.label_ok)
        return {"strict_p": sp, "strict_r": sr, "strict_f1": sf, "relaxed_p": rp, "relaxed_r": rr,
                "relaxed_f1": rf, "value_accuracy": value_acc, "value_f1": value_acc * rf,
                "label_accuracy": label_acc, "label_f1": label_acc * rf,
                "value_unit_f1": accuracy(self.value_unit_ok) * rf,
                "value_change_f1": accuracy(self.value_change_ok) * rf,
                "concept_complete_f1": accuracy(self.concept_complete) * rf,
                "concept_partial_f1": accuracy(self.concept_partial) * rf,
                "system": self.system, "gold": self.gold}


@dataclass
class Report:
    """Scores per kind and overall, with every miss, spurious fact and wrong value."""

    tallies: dict[str, Tally] = field(default_factory=lambda: {k: Tally() for k in (*KINDS, "all")})
    missed: list[dict] = field(default_factory=list)
    spurious: list[dict] = field(default_factory=list)
    wrong: list[tuple[dict, dict]] = field(default_factory=list)
    #: quantities with the right value but another unit, change or concept: (system, gold, what differs)
    differing: list[tuple[dict, dict, str]] = field(default_factory=list)
    matched: list[tuple[dict, dict]] = field(default_factory=list)  # (system, gold) of every relaxed match
    articles: int = 0

    def scores(self) -> dict[str, dict[str, float]]:
        return {kind: tally.scores() for kind, tally in self.tallies.items()}

    def label_scores(self, kind: str) -> dict[str, dict[str, float]]:
        """Per label of `kind`: precision, recall and F1 of facts found with that label (a relaxed
        match whose system and gold labels are both it), and the system and gold counts."""
        system = Counter(s.get("label") for s, _ in self.matched if s["kind"] == kind)
        system.update(s.get("label") for s in self.spurious if s["kind"] == kind)
        gold = Counter(g.get("label") for _, g in self.matched if g["kind"] == kind)
        gold.update(g.get("label") for g in self.missed if g["kind"] == kind)
        hits = Counter(g.get("label") for s, g in self.matched if g["kind"] == kind and s.get("label") == g.get("label"))
        table = {}
        for label in sorted(set(system) | set(gold), key=str):
            p, r, f1 = prf(hits[label], system[label], gold[label], nothing_is_right=False)
            table[label] = {"p": p, "r": r, "f1": f1, "system": system[label], "gold": gold[label]}
        return table


def same_value(system: dict[str, Any], gold: dict[str, Any]) -> bool:
    """Values agree: equal strings, or for quantities equal SI values (to 1e-9 relative)."""
    if gold.get("kind") == QUANTITY and gold.get("si_value") is not None \
            and system.get("si_value") not in (None, ""):
        same_unit = (gold.get("si_unit") or None) == (system.get("si_unit") or None)
        return same_unit and math.isclose(float(system["si_value"]), float(gold["si_value"]), rel_tol=1e-9)
    return str(system.get("value") or "").strip() == str(gold.get("value") or "").strip()


def unit_key(unit: Optional[str]) -> str:
    """A unit's name without its spelling: "kilometres", "Kilometer" and "kilometre" agree, and
    a counted noun's plural its singular ("seats", "seat")."""
    key = (unit or "").strip().lower().replace("-mass", "").replace("metre", "meter").replace("litre", "liter")
    key = re.sub(r"^degrees? ", "", key).replace(" ", "").replace("-", "")
    key = {"c": "celsius", "f": "fahrenheit"}.get(key, key)
    return key[:-1] if key.endswith("s") and not key.endswith(("us", "ss")) else key


def concept_words(about: Optional[str]) -> frozenset[str]:
    """The words of a concept, case and possessives aside: "Apple's revenue" -> {apple, revenue}."""
    return frozenset(re.findall(r"[\w.%$£€-]+", re.sub(r"['’]s\b", "", str(about or "")).lower()))


def quantity_agreement(system: dict[str, Any], gold: dict[str, Any], value_ok: bool) -> tuple[bool, bool, bool, bool]:
    """(value+unit, value+change, concept complete, concept partial) of a matched pair: the
    value and its unit, or its change, both right; the concept's words all the same, or one in
    common (two empty concepts agree)."""
    unit_ok = value_ok and unit_key(system.get("unit")) == unit_key(gold.get("unit"))
    change_ok = value_ok and (system.get("change") or None) == (gold.get("change") or None)
    ours, theirs = concept_words(system.get("about")), concept_words(gold.get("about"))
    return unit_ok, change_ok, ours == theirs, ours == theirs or bool(ours & theirs)


def _overlap(a: dict, b: dict) -> int:
    return min(int(a["end"]), int(b["end"])) - max(int(a["start"]), int(b["start"]))


def score_article(system: Iterable[dict], gold: Iterable[dict], report: Report,
                  kinds: Optional[Iterable[str]] = None) -> None:
    """Match one article's system facts to its gold facts and add the counts to `report`.

    system (Iterable[dict]): fact-table rows of the article.
    gold (Iterable[dict]): gold facts with start/end (see `pipeline.evaluation.gold.read_gold`).
    report (Report): where counts, misses and spurious facts accumulate.
    kinds (Optional[Iterable[str]]): score only these kinds (e.g. ["date"] for TimeML).
    """
    wanted = set(kinds or KINDS)
    system = [s for s in system if s["kind"] in wanted]
    gold = [g for g in gold if g["kind"] in wanted]
    report.articles += 1
    for kind in sorted(wanted, key=lambda k: (KINDS.index(k) if k in KINDS else len(KINDS), k)):  # one order
        sys_k = [s for s in system if s["kind"] == kind]
        gold_k = [g for g in gold if g["kind"] == kind]
        tally = Tally(system=len(sys_k), gold=len(gold_k))
        used: set[int] = set()
        pairs = []
        # strict matches first, then the largest overlaps: one to one
        for g in gold_k:
            for i, s in enumerate(sys_k):
                if i not in used and int(s["start"]) == g["start"] and int(s["end"]) == g["end"]:
                    used.add(i)
                    pairs.append((s, g))
                    tally.strict += 1
                    break
        matched_gold = {id(g) for _, g in pairs}
        for g in gold_k:
            if id(g) in matched_gold:
                continue
            best = max((i for i, s in enumerate(sys_k) if i not in used and _overlap(s, g) > 0),
                       key=lambda i: _overlap(sys_k[i], g), default=None)
            if best is None:
                report.missed.append(g)
                continue
            used.add(best)
            pairs.append((sys_k[best], g))
        report.spurious.extend(s for i, s in enumerate(sys_k) if i not in used)
        tally.relaxed = len(pairs)
        report.matched.extend(pairs)
        for s, g in pairs:
            ok = same_value(s, g)
            tally.value_ok += ok
            if kind == QUANTITY:
                unit_ok, change_ok, complete, partial = quantity_agreement(s, g, ok)
                what = [name for name, agrees in (("unit", unit_ok), ("change", change_ok), ("about", complete))
                        if ok and not agrees]
                if what:
                    report.differing.append((s, g, ", ".join(what)))
            else:
                unit_ok = change_ok = ok
                complete = partial = True
            tally.value_unit_ok += unit_ok
            tally.value_change_ok += change_ok
            tally.concept_complete += complete
            tally.concept_partial += partial
            tally.label_ok += (s.get("label") == g.get("label")) if g.get("label") else 1
            if not ok or (g.get("label") and s.get("label") != g.get("label")):
                report.wrong.append((s, g))
        report.tallies[kind].add(tally)
        report.tallies["all"].add(tally)


def below_thresholds(scores: dict[str, dict[str, float]],
                     thresholds: dict[str, dict[str, float]]) -> list[str]:
    """Each score under its threshold, as "kind.measure 0.812 < 0.850"."""
    failures = []
    for kind, limits in thresholds.items():
        for measure, limit in limits.items():
            got = scores.get(kind, {}).get(measure)
            if got is not None and got + 1e-12 < limit:
                failures.append(f"{kind}.{measure} {got:.3f} < {limit:.3f}")
    return failures


def format_report(report: Report, *, details: bool = True) -> str:
    """The scores as a table, then each miss, spurious fact and wrong value."""
    lines = [f"{report.articles} articles",
             f"{'kind':9} {'sys':>5} {'gold':>5} {'strict P':>8} {'R':>6} {'F1':>6} "
             f"{'relax P':>8} {'R':>6} {'F1':>6} {'value acc':>9} {'value F1':>8} {'label F1':>8} "
             f"{'+unit F1':>8} {'+change F1':>10} {'concept P/C F1':>14}"]
    for kind, s in report.scores().items():
        quantity_measures = f"{s['value_unit_f1']:>8.3f} {s['value_change_f1']:>10.3f} " \
            f"{s['concept_partial_f1']:>6.3f} / {s['concept_complete_f1']:.3f}" if kind == QUANTITY else ""
        lines.append(f"{kind:9} {s['system']:>5} {s['gold']:>5} {s['strict_p']:>8.3f} {s['strict_r']:>6.3f} "
                     f"{s['strict_f1']:>6.3f} {s['relaxed_p']:>8.3f} {s['relaxed_r']:>6.3f} {s['relaxed_f1']:>6.3f} "
                     f"{s['value_accuracy']:>9.3f} {s['value_f1']:>8.3f} {s['label_f1']:>8.3f} {quantity_measures}".rstrip())
    if details:
        for title, facts in (("missed", report.missed), ("spurious", report.spurious)):
            for f in facts:
                lines.append(f"{title}: [{f.get('article_id', '')}] {f['kind']} {f.get('label')} "
                             f"{f['text']!r} = {f.get('value')!r}  | {f.get('sentence_text', '')}")
        for s, g in report.wrong:
            lines.append(f"wrong: [{g.get('article_id', '')}] {g['kind']} {g['text']!r}: "
                         f"gold {g.get('label')} {g.get('value')!r}, got {s.get('label')} {s.get('value')!r}"
                         f"  | {s.get('sentence_text', '')}")
        for s, g, what in report.differing:
            found = "; ".join(f"{name} gold {g.get(name)!r}, got {s.get(name)!r}" for name in what.split(", "))
            lines.append(f"differs: [{g.get('article_id', '')}] {g['kind']} {g['text']!r}: {found}"
                         f"  | {s.get('sentence_text', '')}")
    return "\n".join(lines)
