"""`newsfacts check`: gather a table, its articles and their gold files, and score them."""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Optional, Union

from pipeline.core.failures import NothingToCheck, Unreadable
from pipeline.core.kinds import DATE, ENTITY, KINDS, QUANTITY
from pipeline.core.records import Article, ArticleError, describe
from pipeline.io.articles import GOLD_SUFFIX, read_articles, walk_files
from pipeline.io.reading import read_table
from pipeline.language.units import default_units

from .gold import GoldError, locate, read_gold
from .score import Report, Tally, quantity_agreement, score_article, unit_key

#: where `newsfacts check` finds its thresholds in the config file
THRESHOLDS_TABLE = "tool.newsfacts.thresholds"
#: what to do about a table that cannot be read
TABLE_REMEDY = "give a fact table that `newsfacts extract` wrote, or write it again"


def unreadable_reason(err: BaseException) -> str:
    """Why a file could not be read, in one line: the system's reason, or the first line of the
    reader's message (pyarrow's run to several)."""
    return getattr(err, "strerror", None) or (str(err).strip() or type(err).__name__).splitlines()[0]


def gold_files(paths: Iterable[Union[str, Path]]) -> dict[str, Path]:
    """Article id -> gold file, for every `<id>.gold.jsonl` in or under `paths` (the suffix in any
    case, as the article readers take theirs)."""
    def is_gold(path: Path) -> bool:
        return path.name.lower().endswith(GOLD_SUFFIX)

    found = {}
    for raw in paths:
        path = Path(raw)
        candidates = walk_files(path, is_gold) if path.is_dir() else [path]
        for gold in candidates:  # a gold name that cannot be read is an error when it is read
            gold = Path(gold.origin) if isinstance(gold, ArticleError) else gold
            if is_gold(gold):
                found[gold.name[:-len(GOLD_SUFFIX)]] = gold
    return found


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence-like stretch of `text` holding [start, end), for listing misses."""
    left = max(text.rfind("\n", 0, start), *(m.end() - 1 for m in re.finditer(r"[.!?]\s+(?=[A-Z\"'])", text[:start])), -1)
    right_match = re.search(r"[.!?](?=\s+[A-Z\"']|\s*$)|\n", text[end:])
    right = end + right_match.end() if right_match else len(text)
    return text[left + 1:right].strip()


def check_table(table: Union[str, Path], inputs: Iterable[Union[str, Path]]) -> tuple[Report, list[str]]:
    """Score every article of `table` that has a gold file under `inputs`.

    table (str | Path): a fact table written by `newsfacts extract`.
    inputs (Iterable[str | Path]): article files and gold files, or folders holding them.
    RETURNS (tuple): the report and the ids of table articles that have no gold.
    RAISES Unreadable: the table or a gold file cannot be read. NothingToCheck: no gold
        file belongs to an article under `inputs`.
    """
    from pipeline.core.schema import SCHEMA

    inputs = list(inputs)
    rows_by_article = defaultdict(list)
    try:
        rows = read_table(table, SCHEMA)
    except Exception as err:  # missing, truncated, not a fact table: pyarrow, csv and json all raise
        raise Unreadable(f"cannot read the table {table}: {unreadable_reason(err)}; {TABLE_REMEDY}") from None
    for row in rows:
        rows_by_article[row.get("article_id")].append(row)
    golds = gold_files(inputs)
    texts = {a.id: a.text for a in read_articles(inputs) if isinstance(a, Article)}
    report = Report()
    if not any(article_id in texts for article_id in golds):
        raise NothingToCheck(f"nothing to score: no gold file under {', '.join(map(str, inputs))} belongs to an "
                             f"article there; give both the articles and their gold, e.g. corpus/")
    for article_id in sorted(golds):
        if article_id not in texts:
            continue
        try:
            gold = read_gold(golds[article_id], texts[article_id])
        except (GoldError, OSError, UnicodeDecodeError) as err:
            raise Unreadable(str(err)) from None
        for fact in gold:
            fact.update(article_id=article_id,
                        sentence_text=sentence_around(texts[article_id], fact["start"], fact["end"]))
        score_article(rows_by_article.get(article_id, []), gold, report)
    skipped = sorted(set(rows_by_article) - set(golds))
    return report, skipped


#: the kinds a threshold may be set on: each kind of fact, and all of them together
THRESHOLD_KINDS = (*KINDS, "all")
#: the measures a threshold may be set on: every score `check` reports (not the counts of facts)
THRESHOLD_MEASURES = tuple(m for m in Tally().scores() if m not in ("system", "gold"))


def load_thresholds(config: Union[str, Path]) -> dict[str, dict[str, float]]:
    """[tool.newsfacts.thresholds] of a pyproject.toml: kind -> measure -> minimum; empty when
    the file has no such table. Every kind, measure and value is checked, so that a misspelt
    name or a value that compares false (nan) never passes a gate that was not applied.

    RAISES Unreadable: the file is missing, not UTF-8 or not valid TOML, or a threshold names an
        unknown kind or measure or is not a number from 0 to 1.
    """
    path = Path(config)
    try:
        if path.exists() and not path.is_file():
            raise IsADirectoryError(21, "not a regular file")
        with open(path, "rb") as handle:
            data = tomllib.loads(handle.read().decode("utf-8"))
    except UnicodeDecodeError as err:
        raise Unreadable(f"cannot read the thresholds file {path}: not UTF-8 (byte {err.start}); save it as "
                         f"UTF-8") from None
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise Unreadable(f"cannot read the thresholds file {path}: {getattr(err, 'strerror', None) or err}; "
                         f"give the pyproject.toml that holds [{THRESHOLDS_TABLE}] with --config") from None
    found = data
    for key in THRESHOLDS_TABLE.split("."):
        found = found.get(key, {}) if isinstance(found, dict) else {}
    if not isinstance(found, dict):
        raise Unreadable(f"{path}: {THRESHOLDS_TABLE} is {describe(found)}, not a table: give one table per kind, "
                         f"[{THRESHOLDS_TABLE}.entity] with lines such as relaxed_f1 = 0.9")
    for kind, limits in found.items():
        _check_threshold_kind(path, kind, limits)
        for measure, limit in limits.items():
            _check_threshold(path, f"[{THRESHOLDS_TABLE}.{kind}] {measure}", measure, limit)
    return found


def _check_threshold_kind(path: Path, kind: str, limits: object) -> None:
    """RAISES Unreadable: `kind` is no kind of fact, or its thresholds are not a table."""
    key = f"{THRESHOLDS_TABLE}.{kind}"
    if kind not in THRESHOLD_KINDS:
        raise Unreadable(f"{path}: [{key}]: unknown kind {kind!r}: the kinds are {', '.join(THRESHOLD_KINDS)}; "
                         f"fix the name")
    if not isinstance(limits, dict):
        raise Unreadable(f"{path}: {key} is {describe(limits)}, not a table: write [{key}] with lines such as "
                         f"relaxed_f1 = 0.9")


def _check_threshold(path: Path, key: str, measure: str, limit: object) -> None:
    """RAISES Unreadable: `measure` is not a score `check` reports, or `limit` is not a number
    from 0 to 1 (nan compares false with every score, so it would pass every one)."""
    if measure not in THRESHOLD_MEASURES:
        raise Unreadable(f"{path}: {key}: unknown measure {measure!r}: the measures are "
                         f"{', '.join(THRESHOLD_MEASURES)}; fix the name")
    number = isinstance(limit, (int, float)) and not isinstance(limit, bool)
    if not number or not math.isfinite(limit) or not 0 <= limit <= 1:
        shown = f"the text {limit!r}" if isinstance(limit, str) else describe(limit)
        if number and math.isfinite(limit):
            shown += ", outside 0..1"
        raise Unreadable(f"{path}: {key} is {shown}: give a number from 0 to 1, such as 0.9")


def evaluate_timeml(gold_paths: Iterable[Union[str, Path]], nlp,
                    inputs: Union[str, Path, None] = None) -> Report:
    """Run the pipeline on TimeML documents and score its dates against their TIMEX3 tags.

    gold_paths (Iterable[str | Path]): annotated TimeML files or folders of them.
    nlp (Language): the newsfacts pipeline.
    inputs (Optional[str | Path]): a folder of the unannotated input files to run on
        instead (paired with the gold by DOCID, so renamed files still match).
    RETURNS (Report): date scores, with misses and spurious dates.
    """
    from pipeline.io.timeml import is_timeml, read_timeml
    from pipeline.run.extract import extract

    def expand(paths):
        for raw in paths:
            path = Path(raw)
            yield from (sorted(p for p in path.rglob("*") if is_timeml(p)) if path.is_dir() else [path])

    gold = {doc.doc_id: doc for doc in map(read_timeml, expand(gold_paths))}
    articles = {doc.doc_id: doc.article() for doc in gold.values()}
    if inputs is not None:
        for doc in map(read_timeml, expand([inputs])):
            if doc.doc_id in gold:
                if doc.text != gold[doc.doc_id].text:
                    raise ValueError(f"{doc.path}: text differs from the gold file {gold[doc.doc_id].path}")
                articles[doc.doc_id] = doc.article()
    report = Report()
    for article, rows in extract((articles[k] for k in sorted(articles)), nlp):
        if not isinstance(article, Article):
            raise ValueError(str(article))
        timexes = [dict(t, article_id=article.id,
                        sentence_text=sentence_around(article.text, t["start"], t["end"]))
                   for t in gold[article.id].timexes]
        score_article(rows, timexes, report, kinds=[DATE])
    return report


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


def meantime_documents(paths: Iterable[Union[str, Path]]) -> list:
    """The MEANTIME documents in or under `paths` (CAT XML files or folders), read in place."""
    from pipeline.io.meantime import is_meantime, read_meantime

    files = []
    for raw in paths:
        path = Path(raw)
        files.extend(sorted(p for p in path.rglob("*.xml") if is_meantime(p)) if path.is_dir() else [path])
    return [read_meantime(f) for f in files]


def evaluate_meantime_entities(paths: Iterable[Union[str, Path]], nlp, baseline=None,
                               baseline_name: str = "baseline") -> dict:
    """Score the pipeline's entities on MEANTIME's named mentions (per mention and per entity,
    untyped and typed, inside the annotated sentences), and a bare spaCy model's on the same texts.

    paths (Iterable[str | Path]): MEANTIME CAT XML files or folders of them (read in place).
    nlp (Language): the newsfacts pipeline.
    baseline (Optional[Language]): a bare model (e.g. en_core_web_sm) scored as the fact table
        would hold its entities (`bare_entity_rows`); baseline_name (str): its name in the result.
    RETURNS (dict[str, EntityReport]): "newsfacts" and, with a baseline, `baseline_name`.
    """
    from pipeline.run.extract import extract

    from .entity_score import EntityReport, bare_entity_rows, score_entities

    documents = meantime_documents(paths)
    reports = {"newsfacts": EntityReport()}
    for (article, rows), document in zip(extract((d.article() for d in documents), nlp), documents):
        if not isinstance(article, Article):
            raise ValueError(str(article))
        score_entities(rows, document.entities, reports["newsfacts"], region_end=document.annotated_end,
                       ignore=document.premodifiers, document=document.doc_id)
    if baseline is not None:
        name = baseline_name
        reports[name] = EntityReport()
        for doc, document in zip(baseline.pipe(d.text for d in documents), documents):
            score_entities(bare_entity_rows(doc), document.entities, reports[name],
                           region_end=document.annotated_end, ignore=document.premodifiers,
                           document=document.doc_id)
    return reports


def evaluate_meantime(paths: Iterable[Union[str, Path]], nlp, kinds: Iterable[str] = (DATE,)) -> Report:
    """Run the pipeline on MEANTIME documents and score its facts against their gold inside the
    annotated sentences: dates against the TIMEX3 tags, entities against the named mentions.

    paths (Iterable[str | Path]): MEANTIME CAT XML files or folders of them (read in place).
    nlp (Language): the newsfacts pipeline.
    kinds (Iterable[str]): "date" and/or "entity".
    RETURNS (Report): the scores, with misses and spurious facts.
    """
    from pipeline.run.extract import extract

    documents = meantime_documents(paths)
    kinds = list(kinds)
    report = Report()
    for (article, rows), document in zip(extract((d.article() for d in documents), nlp), documents):
        if not isinstance(article, Article):
            raise ValueError(str(article))
        rows = [r for r in rows if int(r["start"]) < document.annotated_end]
        gold = [dict(g, article_id=article.id, sentence_text=sentence_around(article.text, g["start"], g["end"]))
                for g in (document.timexes if DATE in kinds else []) + (document.entities if ENTITY in kinds else [])]
        score_article(rows, gold, report, kinds=kinds)
    return report
