"""Scoring entities against gold that lists every mention of each entity (MEANTIME): per mention
and per entity, untyped and typed.

A system entity is a fact-table row of kind entity with all its mentions (`mention_offsets`); a
gold entity is an instance with its named mentions. Mentions are matched one to one, same span
first, then by the largest overlap (gold spans include determiners: "the GAO"). Two entities
match when mentions of one matched mentions of the other; each system entity matches at most
one gold entity, the one it shares most mentions with. A match is typed-correct when the
system label stands for the gold type (`TYPES_OF_LABEL`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from spacy.tokens import Doc

from pipeline.core.kinds import ENTITY, NAME_LABELS
from pipeline.io.types import parse_offsets
from pipeline.stages.facts import merge_entity

from .score import Summable, prf

#: our labels -> the MEANTIME entity types they stand for. MEANTIME has no type for NORP, EVENT
#: or LANGUAGE (events are markables of their own, nationalities are not entities there): a
#: system mention with such a label counts only where it overlaps a gold name, as a wrong type.
TYPES_OF_LABEL: dict[str, frozenset[str]] = {
    "PERSON": frozenset({"PER"}),
    "ORG": frozenset({"ORG", "FIN"}),
    "GPE": frozenset({"LOC"}), "LOC": frozenset({"LOC"}), "FAC": frozenset({"LOC"}),
    "PRODUCT": frozenset({"PRO"}), "WORK_OF_ART": frozenset({"PRO"}), "LAW": frozenset({"PRO"}),
}
#: the MEANTIME type a system entity is counted under in the per-type table
MAIN_TYPE = {label: min(types) if label != "ORG" else "ORG" for label, types in TYPES_OF_LABEL.items()}


@dataclass
class Counts(Summable):
    """System and gold items, how many matched, and how many of those with the right type."""

    system: int = 0
    gold: int = 0
    matched: int = 0
    typed: int = 0

    def scores(self) -> dict[str, float]:
        """Precision, recall and F1, untyped and typed."""
        p, r, f1 = prf(self.matched, self.system, self.gold, nothing_is_right=False)
        tp, tr, tf1 = prf(self.typed, self.system, self.gold, nothing_is_right=False)
        return {"p": p, "r": r, "f1": f1, "typed_p": tp, "typed_r": tr, "typed_f1": tf1,
                "system": self.system, "gold": self.gold}


@dataclass
class EntityReport:
    """Entity scores over documents: per mention, per entity, and per gold type (typed, per entity)."""

    mentions: Counts = field(default_factory=Counts)
    entities: Counts = field(default_factory=Counts)
    by_type: dict[str, Counts] = field(default_factory=dict)
    documents: int = 0
    #: (document, system name, label, gold text, gold type) of each entity matched with a wrong type
    wrong_type: list[tuple] = field(default_factory=list)

    def scores(self) -> dict[str, Any]:
        return {"documents": self.documents, "per_mention": self.mentions.scores(), "per_entity": self.entities.scores(),
                "by_type": {t: c.scores() for t, c in sorted(self.by_type.items())}}


def typed(label: str, gold_type: str) -> bool:
    """Whether our `label` stands for the MEANTIME `gold_type`."""
    return gold_type in TYPES_OF_LABEL.get(label, ())


def mention_offsets(row: dict[str, Any]) -> list[tuple[int, int]]:
    """The mentions of an entity row: its `mention_offsets` (a list of {start, end}, or the text
    "0-5 120-122" of CSV and older tables), else its own span."""
    written = parse_offsets(row.get("mention_offsets"))
    if not written:
        return [(int(row["start"]), int(row["end"]))]
    return [(item["start"], item["end"]) for item in written]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def score_entities(system: Iterable[dict], gold: Iterable[dict], report: EntityReport, *,
                   region_end: Optional[int] = None, ignore: Iterable[tuple[int, int]] = (),
                   document: str = "") -> None:
    """Score one document's entities and add the counts to `report`.

    system (Iterable[dict]): fact-table rows (entities only are read), with `mention_offsets`.
    gold (Iterable[dict]): gold mentions with start, end, label (the entity's type) and instance.
    report (EntityReport): where the counts accumulate.
    region_end (Optional[int]): only mentions starting before this offset count (the annotated part).
    ignore (Iterable[tuple[int, int]]): spans that are names but not scored (MEANTIME's name
        premodifiers, "Apple stores"): a system mention inside one and no gold name is left out.
    document (str): the document's id, for the list of wrong types.
    """
    gold = [g for g in gold if region_end is None or g["start"] < region_end]
    ignore = list(ignore)
    mentions = []  # (span, label, entity index)
    rows = [r for r in system if r.get("kind", ENTITY) == ENTITY]
    for index, row in enumerate(rows):
        for span in mention_offsets(row):
            if region_end is not None and span[0] >= region_end:
                continue
            on_gold = any(_overlap(span, (g["start"], g["end"])) > 0 for g in gold)
            if not on_gold and (row["label"] not in TYPES_OF_LABEL
                                or any(_overlap(span, other) > 0 for other in ignore)):
                continue
            mentions.append((span, row["label"], index))
    # mentions one to one: same span first, then the largest overlap
    pairs: list[tuple[int, int]] = []  # (system mention, gold mention)
    used: set[int] = set()
    for j, g in enumerate(gold):
        i = next((i for i, m in enumerate(mentions) if i not in used and m[0] == (g["start"], g["end"])), None)
        if i is not None:
            used.add(i)
            pairs.append((i, j))
    matched_gold = {j for _, j in pairs}
    for j, g in enumerate(gold):
        if j in matched_gold:
            continue
        best = max((i for i, m in enumerate(mentions) if i not in used and _overlap(m[0], (g["start"], g["end"])) > 0),
                   key=lambda i: _overlap(mentions[i][0], (gold[j]["start"], gold[j]["end"])), default=None)
        if best is not None:
            used.add(best)
            pairs.append((best, j))
    counts = Counts(system=len(mentions), gold=len(gold), matched=len(pairs),
                    typed=sum(typed(mentions[i][1], gold[j]["label"]) for i, j in pairs))
    report.mentions.add(counts)
    # entities: system rows with a counted mention against gold instances
    system_entities = sorted({m[2] for m in mentions})
    instances = sorted({g["instance"] for g in gold})
    type_of = {g["instance"]: g["label"] for g in gold}
    shared: dict[tuple[int, str], int] = {}
    for i, j in pairs:
        key = (mentions[i][2], gold[j]["instance"])
        shared[key] = shared.get(key, 0) + 1
    taken_system, taken_gold, entity_pairs = set(), set(), []
    for (entity, instance), _ in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0])):
        if entity not in taken_system and instance not in taken_gold:
            taken_system.add(entity)
            taken_gold.add(instance)
            entity_pairs.append((entity, instance))
    right = [(e, g) for e, g in entity_pairs if typed(rows[e]["label"], type_of[g])]
    report.entities.add(Counts(system=len(system_entities), gold=len(instances), matched=len(entity_pairs),
                               typed=len(right)))
    for e in system_entities:
        kind = MAIN_TYPE.get(rows[e]["label"], rows[e]["label"])
        report.by_type.setdefault(kind, Counts()).system += 1
    for instance in instances:
        report.by_type.setdefault(type_of[instance] or "(none)", Counts()).gold += 1
    for _, g in right:
        report.by_type[type_of[g]].typed += 1
        report.by_type[type_of[g]].matched += 1
    for e, g in entity_pairs:
        if (e, g) not in right:
            text = next(x["text"] for x in gold if x["instance"] == g)
            report.wrong_type.append((document, rows[e].get("value") or rows[e].get("text"), rows[e]["label"],
                                      text, type_of[g]))
    report.documents += 1


def bare_entity_rows(doc: Doc, labels: Iterable[str] = NAME_LABELS) -> list[dict[str, Any]]:
    """The entity rows a fact table would hold for a bare spaCy model's `doc.ents`: one row per
    name and label, at its first mention, with every mention (the baseline of the scores)."""
    wanted = set(labels)
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for ent in doc.ents:
        if ent.label_ in wanted:
            merge_entity(rows, {"kind": ENTITY, "label": ent.label_, "text": ent.text, "value": ent.text,
                                "start": ent.start_char, "end": ent.end_char, "mentions": 1,
                                "mention_offsets": [{"start": ent.start_char, "end": ent.end_char}]})
    return list(rows.values())


def format_entity_reports(reports: dict[str, EntityReport]) -> str:
    """One table of systems: per mention and per entity, untyped and typed F1, then typed F1 per type."""
    lines = [f"{'system':16} {'docs':>4}  {'mention F1':>10} {'typed':>6}  {'entity P':>8} {'R':>6} {'F1':>6} "
             f"{'typed P':>8} {'R':>6} {'F1':>6}"]
    for name, report in reports.items():
        s = report.scores()
        m, e = s["per_mention"], s["per_entity"]
        lines.append(f"{name:16} {report.documents:>4}  {m['f1']:>10.3f} {m['typed_f1']:>6.3f}  {e['p']:>8.3f} "
                     f"{e['r']:>6.3f} {e['f1']:>6.3f} {e['typed_p']:>8.3f} {e['typed_r']:>6.3f} {e['typed_f1']:>6.3f}")
    types = sorted({t for r in reports.values() for t in r.by_type})
    lines.append("")
    lines.append("typed F1 per entity, by type (system / gold entities):")
    lines.append(f"{'system':16} " + " ".join(f"{t:>16}" for t in types))
    for name, report in reports.items():
        cells = []
        for t in types:
            c = report.by_type.get(t, Counts()).scores()
            cells.append(f"{c['typed_f1']:.3f} ({c['system']}/{c['gold']})".rjust(16))
        lines.append(f"{name:16} " + " ".join(cells))
    return "\n".join(lines)
