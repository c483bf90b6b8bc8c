"""Reading articles: JSON Lines, plain text with a metadata sidecar, or folders of either.

Every input record becomes an ``Article`` or an ``ArticleError`` that names where it came
from and what is wrong, so one bad article never stops or loses the others.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

#: files in an input folder that hold hand-made gold, not articles
GOLD_SUFFIX = ".gold.jsonl"


@dataclass(frozen=True)
class Article:
    """One news article with the metadata the pipeline needs."""

    id: str
    text: str
    published: str  # ISO date: the anchor for relative dates
    title: str = ""
    source: str = ""
    language: str = "en"
    origin: str = ""  # file and line it was read from


@dataclass(frozen=True)
class ArticleError:
    """An input that could not be read as an article."""

    article_id: str
    origin: str
    problem: str

    def __str__(self) -> str:
        who = f"article {self.article_id!r}" if self.article_id else "a record"
        return f"{self.origin}: {who}: {self.problem}"


def parse_published(value: object) -> str:
    """Check a publication date and return it as YYYY-MM-DD; raise ValueError if invalid."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("missing publication date: give 'published' as YYYY-MM-DD")
    text = value.strip()
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.+\-Z]*)?", text)
    try:
        if match is None:
            raise ValueError
        return date.fromisoformat(match.group(1)).isoformat()
    except ValueError:
        raise ValueError(f"invalid publication date {text!r}: expected YYYY-MM-DD") from None


def article_from_record(record: object, origin: str, published: Optional[str] = None) -> Union[Article, ArticleError]:
    """Validate one metadata record (a JSON object) and build the article.

    record (object): the parsed JSON value.
    origin (str): where it was read, e.g. "corpus/articles/seed.jsonl:1".
    published (Optional[str]): a publication date to use when the record has none.
    RETURNS (Article | ArticleError): the article, or what is wrong with the record.
    """
    if not isinstance(record, dict):
        return ArticleError("", origin, f"expected a JSON object, got {type(record).__name__}")
    article_id = record.get("id")
    if not isinstance(article_id, str) or not article_id.strip():
        return ArticleError("", origin, "missing or empty 'id': every article needs a unique string id")
    article_id = article_id.strip()
    text = record.get("text")
    if not isinstance(text, str):
        return ArticleError(article_id, origin, "missing 'text': give the article body as a string")
    if not text.strip():
        return ArticleError(article_id, origin, "empty text: nothing to extract")
    try:
        when = parse_published(record.get("published") or published)
    except ValueError as err:
        return ArticleError(article_id, origin, str(err))
    return Article(id=article_id, text=text, published=when, title=str(record.get("title") or ""),
                   source=str(record.get("source") or ""),
                   language=str(record.get("language") or "en"), origin=origin)


def _read_jsonl(path: Path, published: Optional[str]) -> Iterator[Union[Article, ArticleError]]:
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            origin = f"{path}:{number}"
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as err:
                yield ArticleError("", origin, f"not UTF-8 (byte {err.start}): re-encode the file as UTF-8")
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                yield ArticleError("", origin, f"malformed JSON line ({err.msg} at column {err.colno})")
                continue
            yield article_from_record(record, origin, published)


def _read_text(path: Path, published: Optional[str]) -> Union[Article, ArticleError]:
    origin = str(path)
    sidecar = path.with_suffix(".json")
    meta: dict = {"id": path.stem}
    if sidecar.is_file():
        try:
            loaded = json.loads(sidecar.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            return ArticleError(path.stem, str(sidecar), f"unreadable metadata sidecar: {err}")
        if not isinstance(loaded, dict):
            return ArticleError(path.stem, str(sidecar), "metadata sidecar must be a JSON object")
        meta.update(loaded)
    try:
        meta["text"] = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as err:
        return ArticleError(str(meta.get("id")), origin,
                            f"not UTF-8 (byte {err.start}): re-encode the file as UTF-8")
    if meta["text"].startswith("\ufeff"):
        meta["text"] = meta["text"][1:]
    return article_from_record(meta, origin, published)


def input_files(paths: Iterable[Union[str, Path]]) -> Iterator[Path]:
    """The article files named by `paths`, folders expanded in sorted order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and _is_article_file(child):
                    yield child
        else:
            yield path


def _is_article_file(path: Path) -> bool:
    name = path.name
    return ((name.endswith(".jsonl") and not name.endswith(GOLD_SUFFIX)) or path.suffix == ".txt"
            or name.endswith((".tml", ".TE3input", ".timeml")))


def read_articles(paths: Iterable[Union[str, Path]], published: Optional[str] = None
                  ) -> Iterator[Union[Article, ArticleError]]:
    """Stream articles from files and folders, with an error for each bad record.

    paths (Iterable[str | Path]): JSON Lines files, .txt files (with an optional .json
        sidecar of metadata), TimeML files (.tml, .TE3input) or folders of them.
    published (Optional[str]): publication date for articles whose metadata has none.
    YIELDS (Article | ArticleError): each article in input order, or what was wrong.
    """
    seen: dict[str, str] = {}  # id -> where it was first read
    for path in input_files(paths):
        if not path.exists():
            yield ArticleError("", str(path), "no such file or folder")
            continue
        if path.name.endswith((".tml", ".TE3input", ".timeml")):
            from .timeml import timeml_article  # TimeML: text and DCT from the file

            records = [timeml_article(path)]
        elif path.suffix == ".txt":
            records = [_read_text(path, published)]
        elif path.suffix == ".jsonl":
            records = _read_jsonl(path, published)
        else:
            yield ArticleError("", str(path), "unknown input type: give .jsonl, .txt, .tml or a folder")
            continue
        for item in records:
            if isinstance(item, Article):
                first = seen.get(item.id)
                if first is not None:
                    yield ArticleError(item.id, item.origin, f"duplicate id, first seen at {first}")
                    continue
                seen[item.id] = item.origin
            yield item
