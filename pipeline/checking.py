"""`newsfacts check`: gather a table, its articles and their gold files, and score them."""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterable, Union

from .articles import GOLD_SUFFIX, Article, read_articles
from .failures import NothingToCheck, Unreadable
from .gold import GoldError, read_gold
from .kinds import DATE, ENTITY, QUANTITY
from .output import read_table
from .score import Report, score_article
from .units import default_units


#: where `newsfacts check` finds its thresholds in the config file
THRESHOLDS_TABLE = "tool.newsfacts.thresholds"


def gold_files(paths: Iterable[Union[str, Path]]) -> dict[str, Path]:
    """Article id -> gold file, for every `<id>.gold.jsonl` in or under `paths`."""
    found = {}
    for raw in paths:
        path = Path(raw)
        candidates = sorted(path.rglob(f"*{GOLD_SUFFIX}")) if path.is_dir() else [path]
        for gold in candidates:
            if gold.name.endswith(GOLD_SUFFIX):
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
    inputs = list(inputs)
    rows_by_article = defaultdict(list)
    try:
        rows = read_table(table)
    except Exception as err:  # missing, truncated, not a table: pyarrow, csv and json all raise
        reason = getattr(err, "strerror", None) or (str(err).strip() or type(err).__name__).splitlines()[0]
        raise Unreadable(f"cannot read the table {table}: {reason}; write it again with `newsfacts extract`") from None
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


def load_thresholds(config: Union[str, Path]) -> dict[str, dict[str, float]]:
    """[tool.newsfacts.thresholds] of a pyproject.toml: kind -> measure -> minimum; empty when
    the file has no such table.

    RAISES Unreadable: the file is missing or not valid TOML.
    """
    path = Path(config)
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise Unreadable(f"cannot read the thresholds file {path}: {getattr(err, 'strerror', None) or err}; "
                         f"give the pyproject.toml that holds [{THRESHOLDS_TABLE}] with --config") from None
    found = data
    for key in THRESHOLDS_TABLE.split("."):
        found = found.get(key, {}) if isinstance(found, dict) else {}
    return found if isinstance(found, dict) else {}


def evaluate_timeml(gold_paths: Iterable[Union[str, Path]], nlp,
                    inputs: Union[str, Path, None] = None) -> Report:
    """Run the pipeline on TimeML documents and score its dates against their TIMEX3 tags.

    gold_paths (Iterable[str | Path]): annotated TimeML files or folders of them.
    nlp (Language): the newsfacts pipeline.
    inputs (Optional[str | Path]): a folder of the unannotated input files to run on
        instead (paired with the gold by DOCID, so renamed files still match).
    RETURNS (Report): date scores, with misses and spurious dates.
    """
    from .extract import extract
    from .timeml import is_timeml, read_timeml

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
               "DimensionModel": None}  # None: any physical dimension


def _unit_key(unit: str, currency: bool = False) -> str:
    """Spelling-free unit name: "Kilometer", "kilometre" and "kilometres" agree; with
    `currency`, names map to ISO codes ("Dollar" -> "usd")."""
    if currency:  # the names of units/currencies.tsv, as the quantity stage reads them
        return default_units().currency_names.get(unit.lower(), unit).lower()
    key = unit.lower().replace("-mass", "").replace("metre", "meter").replace("litre", "liter")
    key = key.replace("degrees ", "").replace("degree ", "").replace(" ", "").replace("-", "")
    key = {"c": "celsius", "f": "fahrenheit"}.get(key, key)
    return key[:-1] if key.endswith("s") and not key.endswith(("us", "ss")) else key


def evaluate_units(spec_paths: Iterable[Union[str, Path]], nlp) -> dict[str, dict[str, float]]:
    """Score quantities on Microsoft Recognizers-Text NumberWithUnit specs (Age, Currency,
    Dimension, Temperature): value F1 and value+unit F1 over overlapping spans, per model.

    spec_paths (Iterable[str | Path]): the spec JSON files (read in place, never copied).
    nlp (Language): the newsfacts pipeline.
    RETURNS (dict): model -> precision, recall, value F1, value+unit F1 and counts.
    """
    import json

    from .extract import extract

    scores = {}
    for path in map(Path, spec_paths):
        model = path.stem
        dimensions = UNIT_MODELS.get(model, None)
        cases = [c for c in json.loads(path.read_text(encoding="utf-8-sig"))
                 if "python" not in [n.lower() for n in c.get("NotSupported", "").split(",") if n] and
                 "NotSupportedByDesign" not in c]
        articles = [Article(f"{model}-{i}", c["Input"] or " ", "2024-01-01") for i, c in enumerate(cases)]
        tally = Counter()
        for (article, rows), case in zip(extract(articles, nlp), cases):
            system = [r for r in rows if r["kind"] == QUANTITY and r["label"] not in {"count", "percentage"}
                      and (dimensions is None or r["label"] in dimensions)]
            if dimensions is None:
                system = [r for r in system if r["label"] not in {"age", "currency", "temperature"}]
            gold = case.get("Results", [])
            tally["system"] += len(system)
            tally["gold"] += len(gold)
            used = set()
            for g in gold:
                g_start, g_end = g["Start"], g["End"] + 1
                match = next((i for i, r in enumerate(system) if i not in used
                              and r["start"] < g_end and g_start < r["end"]), None)
                if match is None:
                    continue
                used.add(match)
                row, resolution = system[match], g.get("Resolution") or {}
                try:
                    same_value = math.isclose(float(row["number"]), float(resolution.get("value")), rel_tol=1e-6)
                except (TypeError, ValueError):
                    same_value = False
                tally["matched"] += 1
                tally["value"] += same_value
                currency = model == "CurrencyModel"
                tally["value_unit"] += same_value and (_unit_key(str(row["unit"] or ""), currency)
                                                       == _unit_key(str(resolution.get("unit", "")), currency))
        f1 = lambda hits: 2 * hits / (tally["system"] + tally["gold"]) if tally["system"] + tally["gold"] else 1.0
        scores[model] = {"cases": len(cases), "gold": tally["gold"], "system": tally["system"],
                         "span_f1": f1(tally["matched"]), "value_f1": f1(tally["value"]),
                         "value_unit_f1": f1(tally["value_unit"])}
    return scores


def meantime_documents(paths: Iterable[Union[str, Path]]) -> list:
    """The MEANTIME documents in or under `paths` (CAT XML files or folders), read in place."""
    from .meantime import is_meantime, read_meantime

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
    from .entity_score import EntityReport, bare_entity_rows, score_entities
    from .extract import extract

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
    from .extract import extract

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
