"""`newsfacts check`: gather a table, its articles and their gold files, and score them."""

from __future__ import annotations

import math
import re
import tomllib
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable, Union

from pipeline.core.failures import NothingToCheck, Unreadable
from pipeline.core.kinds import KINDS
from pipeline.core.records import Article, ArticleError, describe
from pipeline.io.articles import GOLD_SUFFIX, read_articles, walk_files
from pipeline.io.reading import read_table

from .gold import GoldError, read_gold
from .score import Report, Tally, score_article

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


def check_table(table: Union[str, Path], inputs: Iterable[Union[str, Path]], **reading: Any
                ) -> tuple[Report, list[str]]:
    """Score every article of `table` that has a gold file under `inputs`.

    table (str | Path): a fact table written by `newsfacts extract`.
    inputs (Iterable[str | Path]): article files and gold files, or folders holding them.
    reading: `published=`, `columns=`, as `read_articles` takes them.
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
    texts = {a.id: a.text for a in read_articles(inputs, **reading) if isinstance(a, Article)}
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
