"""What changed between a table and the previous one: the facts added, removed and changed per
article (`diff_rows`), and the previous run's rows and manifest, which `regenerate` reuses for the
articles whose text, metadata and pipeline are unchanged (`previous`)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from pipeline.core.schema import SCHEMA
from pipeline.io.paths import manifest_path
from pipeline.io.reading import read_arrow
from pipeline.io.tables import is_dataset
from pipeline.io.writing import table_sha256

#: what a fact says; where it stands (offsets, sentence) may move when the text is edited
COMPARED = [c for c in SCHEMA if c not in {"article_id", "fact_id", "start", "end", "sentence",
                                           "paragraph", "sentence_text", "mention_offsets",
                                           "when_fact_id"}]


@dataclass
class ArticleChange:
    """How one article's facts differ from the previous table."""

    article_id: str
    status: str  # "new", "changed", "removed" or "failed"
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[tuple[dict, dict]] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.article_id}: {self.status}: +{len(self.added)} -{len(self.removed)} "
                f"~{len(self.changed)} facts")


def diff_rows(article_id: str, old: list[dict], new: list[dict]) -> ArticleChange:
    """Facts added, removed and changed between two versions of an article's rows.

    Old and new facts pair up by kind and span, then by kind and text (an edit elsewhere
    moves offsets), then by overlapping span; a pair has changed when its content differs.
    """
    before, after = list(old), list(new)
    pairs = []
    for same in (lambda a, b: (int(a["start"]), int(a["end"])) == (int(b["start"]), int(b["end"])),
                 lambda a, b: a["text"] == b["text"],
                 lambda a, b: int(a["start"]) < int(b["end"]) and int(b["start"]) < int(a["end"])):
        for b in list(after):
            match = next((a for a in before if a["kind"] == b["kind"] and same(a, b)), None)
            if match is not None:
                before.remove(match)
                after.remove(b)
                pairs.append((match, b))
    change = ArticleChange(article_id, "changed", added=after, removed=before)
    change.changed = sorted(((a, b) for a, b in pairs if changed_columns(a, b)),
                            key=lambda pair: int(pair[1]["start"]))
    return change


def changed_columns(old: dict, new: dict) -> list[str]:
    """The columns of what a fact says (`COMPARED`) in which two versions of it differ."""
    return [c for c in COMPARED if _norm(old.get(c)) != _norm(new.get(c))]


def _norm(value: Any) -> Any:
    """Compare cells across formats: CSV gives strings, Parquet numbers."""
    if value in (None, ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)


class PreviousRows:
    """The previous table, kept columnar, with each article's rows sliced out on demand.

    A table written by `run_batch` holds each article's rows together; one edited by hand (sorted
    by kind, shuffled) may not, so its rows are first grouped by article, in the order each
    article first appears and each article's rows in table order: an article's previous rows are
    always exactly its own.
    """

    def __init__(self, table=None) -> None:
        self.table = table
        self.where: dict[str, tuple[int, int]] = {}  # article id -> (first row, row count)
        self.contiguous = True  # as written by run_batch; an edited table may not be
        if table is None:
            return
        rows: dict[str, list[int]] = {}
        for i, article_id in enumerate(table.column("article_id").to_pylist()):
            rows.setdefault(article_id, []).append(i)
        self.contiguous = all(indices[-1] - indices[0] + 1 == len(indices) for indices in rows.values())
        if not self.contiguous:
            self.table = table.take([i for indices in rows.values() for i in indices])
        first = 0
        for article_id, indices in rows.items():
            self.where[article_id] = (first, len(indices))
            first += len(indices)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self.where

    def get(self, article_id: str, default=None) -> list[dict]:
        """The rows of `article_id` in the previous table (`default`, or none, if it had none)."""
        if article_id not in self.where:
            return default if default is not None else []
        first, count = self.where[article_id]
        return self.table.slice(first, count).to_pylist()

    __getitem__ = get


def previous(output: Path, fingerprint: str, warnings: list[str], money: Optional[dict] = None
             ) -> tuple[dict[str, str], PreviousRows]:
    """The previous run's article hashes and rows. The hashes are trusted only when the
    manifest is sound, was written with the same pipeline, the same reference currency and rates
    (`money`, as the manifest records them) and records this very table; otherwise every article
    is processed again and compared with the table's rows."""
    if not (output.is_file() or is_dataset(output)):
        return {}, PreviousRows()
    try:
        rows = PreviousRows(read_arrow(output, SCHEMA))
    except Exception as err:  # a table that cannot be read is one we cannot reuse
        warnings.append(f"cannot read the previous table {output} ({type(err).__name__}: {err}); "
                        f"every article is processed as new")
        return {}, PreviousRows()
    manifest = manifest_path(output)
    if not manifest.is_file():
        warnings.append(f"no manifest {manifest}: every article is processed again and compared with the table")
        return {}, rows
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as err:
        warnings.append(f"unreadable manifest {manifest} ({err}): every article is processed again")
        return {}, rows
    articles = data.get("articles") if isinstance(data, dict) else None
    if not isinstance(articles, dict):
        warnings.append(f"manifest {manifest} is not a newsfacts manifest: every article is processed again")
        return {}, rows
    if data.get("table_sha256") != table_sha256(output):
        warnings.append(f"manifest {manifest} does not match the table {output} (another run's, or a table "
                        f"restored alone): every article is processed again")
        return {}, rows
    if money is not None and data.get("money") != money:
        warnings.append(f"the previous table {output} has its money in {_money(data.get('money'))}, this run in "
                        f"{_money(money)}: every article is processed again")
        return {}, rows
    return (articles if data.get("pipeline") == fingerprint else {}), rows


def _money(money: Any) -> str:
    """The reference currency and rates a manifest records, in words."""
    if not isinstance(money, dict):
        return "no reference currency"
    return f"{money.get('currency')} ({money.get('rates')})"
