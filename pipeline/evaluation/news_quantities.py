"""Quantities scored on real news no one here wrote (`corpus/news-quantities/`), the way the
quantity benchmarks score them (CQE, EMNLP 2023): value, value+unit, value+change and the concept,
newsfacts beside quantulum3 on the same texts.

The gold holds offsets into texts read from the evaluation data (`../shared/eval`: MEANTIME and
TempEval-3 Platinum), never copied, with a digest of each span's words, so a text that moved is
an error rather than a silent mismatch. Each document is `dev` or `test` (`split.tsv`).

A system's quantities meet the gold's one to one by overlapping span, the largest overlap first.
A pair counts for value when its numbers agree (both bounds of a range); for value+unit and
value+change when the unit or the change agrees too; for the concept when the words of what it
measures are all the same (complete) or share one (partial), as far as the value is right. Each
measure is an F1 of those pairs over the system's and the gold's quantities. Of the fact table,
quantities count, and durations (date facts of type DURATION) whose words hold a number, as the
benchmark counts them; change (increase, decrease) and modifier (APPROX, MORE_THAN ...) become
the benchmark's change: up, down, ~, >, <, or = for none.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, Union

from pipeline.core.kinds import DATE, QUANTITY
from pipeline.core.records import Article

from .score import Summable, concept_words, prf, unit_key

#: where each source's texts are, under the evaluation data folder
SOURCES = {"meantime": Path("meantime"), "te3": Path("tempeval3") / "Evaluation" / "TE3-platinum-test"}
SPLITS = ("dev", "test")
GOLD_SUFFIX = ".gold.jsonl"
#: the benchmark's change for the fact table's change, else its modifier, else "="
CHANGES = {"increase": "up", "decrease": "down"}
MODIFIERS = {"APPROX": "~", "MORE_THAN": ">", "EQUAL_OR_MORE": ">", "LESS_THAN": "<", "EQUAL_OR_LESS": "<"}
#: the names the gold and the table give one unit
UNIT_ALIASES = {"percentage": "percent", "%": "percent"}
MEASURES = ("value", "value_unit", "value_change", "concept_partial", "concept_complete")
#: a number in figures or in words (the words of a duration such as "a month" hold none)
_NUMBER = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
                     r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
                     r"eighty|ninety|hundred|thousand|million|billion|dozen|half)", re.I)


class NewsGoldError(ValueError):
    """The news gold, its split, or a text it points into cannot be used: says which and why."""


@dataclass(frozen=True)
class NewsDocument:
    """A document of the split: its source, id, split, and path under its source's folder."""

    source: str
    id: str
    split: str
    path: str

    def gold_path(self, gold: Path) -> Path:
        return gold / "gold" / self.source / f"{self.id}{GOLD_SUFFIX}"


def is_news_gold(path: Union[str, Path]) -> bool:
    """A folder of news-quantity gold: it holds split.tsv and gold/."""
    path = Path(path)
    return (path / "split.tsv").is_file() and (path / "gold").is_dir()


def default_texts(gold: Union[str, Path]) -> Path:
    """The evaluation data beside the checkout: <repository>/../shared/eval, for <repository>/corpus/<gold>."""
    return Path(gold).resolve().parents[1].parent / "shared" / "eval"


def read_split(gold: Union[str, Path]) -> list[NewsDocument]:
    """The documents of `gold`/split.tsv (columns source, id, split, path).

    RAISES NewsGoldError: a line that does not have them, or an unknown source or split.
    """
    path = Path(gold) / "split.tsv"
    documents = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if number == 1 or not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 4 or cells[0] not in SOURCES or cells[2] not in SPLITS:
            raise NewsGoldError(f"{path}:{number}: expected source ({', '.join(SOURCES)}), id, split "
                                f"({', '.join(SPLITS)}) and path, tab-separated")
        documents.append(NewsDocument(*cells))
    return documents


def read_article(document: NewsDocument, texts: Union[str, Path]) -> Article:
    """The article a document's gold points into, as the readers build its text.

    RAISES NewsGoldError: its file is not under `texts` (the evaluation data is elsewhere).
    """
    path = Path(texts) / SOURCES[document.source] / document.path
    if not path.is_file():
        raise NewsGoldError(f"{path}: no such file; the news gold reads its texts from the evaluation data "
                            f"(../shared/eval beside the checkout): give its folder with --texts")
    if document.source == "meantime":
        from pipeline.io.meantime import read_meantime

        return read_meantime(path).article()
    from pipeline.io.timeml import read_timeml

    return read_timeml(path).article()


def check_digest(words: str) -> str:
    """Eight hex digits of the words' SHA-1: a gold span still on the words it was made for."""
    return hashlib.sha1(words.encode("utf-8")).hexdigest()[:8]


def read_news_gold(path: Union[str, Path], text: str) -> list[dict[str, Any]]:
    """The gold quantities of one document, each with its `about` words read from `text`.

    RAISES NewsGoldError: a line that is not a gold quantity, or whose span's words are not those
        it was made for (the text changed).
    """
    found = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            gold = json.loads(line)
            start, end = int(gold["start"]), int(gold["end"])
        except (ValueError, KeyError, TypeError) as err:
            raise NewsGoldError(f"{path}:{number}: not a gold quantity ({err})") from None
        if check_digest(text[start:end]) != gold.get("check"):
            raise NewsGoldError(f"{path}:{number}: the words at {start}-{end} are not those the gold was made for; "
                                f"the text has changed: annotate the line again")
        about = " ".join(text[a:b] for a, b in gold.get("about_spans", []))
        found.append({**gold, "start": start, "end": end, "change": gold.get("change", "="), "about": about})
    return found


def quantity_view(rows: Iterable[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """The fact table's rows of one article as the benchmark's quantities: its quantities, and its
    durations whose words hold a number ("49 hours", not "a month")."""
    view = []
    for row in rows:
        duration = row["kind"] == DATE and row["label"] == "DURATION" and row.get("number") is not None \
            and _NUMBER.search(text[row["start"]:row["end"]])
        if row["kind"] == QUANTITY or duration:
            change = CHANGES.get(row.get("change") or "") or MODIFIERS.get(row.get("modifier") or "") or "="
            view.append({"start": row["start"], "end": row["end"], "number": row.get("number"),
                         "number_max": row.get("number_max"), "unit": row.get("unit"), "change": change,
                         "about": row.get("about")})
    return view


def quantulum_view(parse: Callable[[str], list], text: str) -> list[dict[str, Any]]:
    """quantulum3's quantities of a text as the benchmark's: value, unit (a currency by its code, a
    count by none), no change and no concept, which it does not read."""
    view = []
    for found in parse(text):
        unit = found.unit
        name = getattr(unit, "currency_code", None) if unit.entity.name == "currency" else unit.name
        view.append({"start": found.span[0], "end": found.span[1], "number": found.value, "number_max": None,
                     "unit": None if name == "dimensionless" else name, "change": "=", "about": None})
    return view


def _close(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)


def _unit(unit: Optional[str]) -> str:
    key = (unit or "").strip().lower()
    return unit_key(UNIT_ALIASES.get(key, key))


@dataclass
class NewsTally(Summable):
    """Counts of one system on some documents: its quantities, the gold's, and the agreeing pairs."""

    system: int = 0
    gold: int = 0
    value: int = 0
    value_unit: int = 0
    value_change: int = 0
    concept_partial: int = 0
    concept_complete: int = 0

    def scores(self) -> dict[str, float]:
        """Each measure's F1, and the value's precision and recall."""
        return {"system": self.system, "gold": self.gold,
                "value_p": self.value / self.system if self.system else 1.0,
                "value_r": self.value / self.gold if self.gold else 1.0,
                **{f"{m}_f1": prf(getattr(self, m), self.system, self.gold)[2] for m in MEASURES}}


def pair_quantities(system: list[dict], gold: list[dict]) -> list[tuple[int, int]]:
    """(system index, gold index) one to one by overlapping span, the largest overlap first."""
    overlaps = sorted(((min(s["end"], g["end"]) - max(s["start"], g["start"]), i, j)
                       for i, s in enumerate(system) for j, g in enumerate(gold)
                       if min(s["end"], g["end"]) > max(s["start"], g["start"])), key=lambda o: (-o[0], o[1], o[2]))
    used_s, used_g, pairs = set(), set(), []
    for _, i, j in overlaps:
        if i not in used_s and j not in used_g:
            used_s.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def agreement(s: dict, g: dict) -> dict[str, bool]:
    """What a matched pair agrees on, by measure (the unit, change and concept only with the value)."""
    value = _close(s["number"], g.get("number")) and _close(s.get("number_max"), g.get("number_max"))
    ours, theirs = concept_words(s.get("about")), concept_words(g.get("about"))
    return {"value": value, "value_unit": value and _unit(s.get("unit")) == _unit(g.get("unit")),
            "value_change": value and s.get("change") == g.get("change", "="),
            "concept_complete": value and ours == theirs,
            "concept_partial": value and (ours == theirs or bool(ours & theirs))}


def score_news(system: list[dict], gold: list[dict]) -> NewsTally:
    """The tally of one document's quantities against its gold."""
    tally = NewsTally(system=len(system), gold=len(gold))
    for i, j in pair_quantities(system, gold):
        for measure, agrees in agreement(system[i], gold[j]).items():
            setattr(tally, measure, getattr(tally, measure) + agrees)
    return tally


def disagreements(document: str, text: str, system: list[dict], gold: list[dict]) -> list[str]:
    """One line per gold quantity missed, system quantity spurious, and pair that differs."""
    def words(q: dict) -> str:
        return repr(text[q["start"]:q["end"]])

    lines = []
    pairs = {j: i for i, j in pair_quantities(system, gold)}
    for j, g in enumerate(gold):
        if j not in pairs:
            lines.append(f"missed   [{document}] {words(g)} {g.get('number')} {g.get('unit') or ''}")
            continue
        s = system[pairs[j]]
        agrees = agreement(s, g)
        wrong = [m for m in ("value", "value_unit", "value_change", "concept_partial") if not agrees[m]]
        if wrong:
            lines.append(f"differs  [{document}] {words(g)}: {wrong[0]}: gold {_shown(g, wrong[0])}, "
                         f"got {words(s)} {_shown(s, wrong[0])}")
    matched = set(pairs.values())
    lines += [f"spurious [{document}] {words(s)} {s.get('number')} {s.get('unit') or ''}"
              for i, s in enumerate(system) if i not in matched]
    return lines


def _shown(q: dict, measure: str) -> str:
    return {"value": f"{q.get('number')}-{q.get('number_max')}", "value_unit": repr(q.get("unit")),
            "value_change": str(q.get("change")), "concept_partial": repr(q.get("about"))}[measure]


def evaluate_news_quantities(gold: Union[str, Path], nlp: Any, splits: Iterable[str] = ("dev",),
                             texts: Optional[Union[str, Path]] = None, details: bool = False,
                             quantulum: bool = True) -> dict[str, Any]:
    """Score newsfacts (and quantulum3) on the news-quantity gold of the documents of `splits`.

    gold (str | Path): the gold folder (corpus/news-quantities).
    nlp (Language): the newsfacts pipeline.
    splits (Iterable[str]): dev, test or both.
    texts (Optional[str | Path]): the evaluation data; default ../shared/eval beside the checkout.
    details (bool): also list each disagreement of newsfacts.
    quantulum (bool): also score quantulum3 on the same texts.
    RETURNS (dict): documents, and per system its scores (`NewsTally.scores`) by split and for all,
        and with `details` the lines of `disagreements`.
    """
    from pipeline.run.extract import extract

    gold = Path(gold)
    texts = Path(texts) if texts is not None else default_texts(gold)
    splits = tuple(splits)
    documents = [d for d in read_split(gold) if d.split in splits]
    articles = [read_article(d, texts) for d in documents]
    parse = _quantulum_parse() if quantulum else None
    tallies: dict[str, dict[str, NewsTally]] = {}
    lines: list[str] = []
    for document, article, (_, rows) in zip(documents, articles, extract(articles, nlp)):
        text = article.text
        expected = read_news_gold(document.gold_path(gold), text)
        systems = {"newsfacts": quantity_view(rows, text)}
        if parse is not None:
            systems["quantulum3"] = quantulum_view(parse, text)
        for name, found in systems.items():
            tally = score_news(found, expected)
            for key in (document.split, "all") if len(splits) > 1 else (document.split,):
                tallies.setdefault(name, {}).setdefault(key, NewsTally()).add(tally)
        if details:
            lines += disagreements(f"{document.source}/{document.id}", text, systems["newsfacts"], expected)
    result: dict[str, Any] = {"documents": len(documents),
                              "scores": {name: {key: t.scores() for key, t in by.items()} for name, by in tallies.items()}}
    if details:
        result["details"] = lines
    return result


def _quantulum_parse() -> Callable[[str], list]:
    import warnings

    from pipeline.stages.quantities.quantulum import deterministic_quantulum

    parser = deterministic_quantulum()

    def parse(text: str) -> list:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return parser.parse(text)

    return parse


def format_news_scores(result: dict[str, Any]) -> str:
    """The scores as a table: a line per system and split."""
    head = f"{'system':12} {'split':5} {'sys':>5} {'gold':>5} {'P':>6} {'R':>6} {'value':>6} {'+unit':>6} " \
           f"{'+change':>7} {'concept P/C':>13}"
    lines = [f"{result['documents']} documents", head]
    for name, by in result["scores"].items():
        for key, s in by.items():
            lines.append(f"{name:12} {key:5} {s['system']:>5} {s['gold']:>5} {100 * s['value_p']:>6.1f} "
                         f"{100 * s['value_r']:>6.1f} {100 * s['value_f1']:>6.1f} {100 * s['value_unit_f1']:>6.1f} "
                         f"{100 * s['value_change_f1']:>7.1f} {100 * s['concept_partial_f1']:>6.1f} / "
                         f"{100 * s['concept_complete_f1']:>4.1f}")
    return "\n".join(lines + result.get("details", []))
