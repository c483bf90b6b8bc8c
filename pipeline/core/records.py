"""What an input record becomes: an ``Article``, or an ``ArticleError`` that names where it came
from and what is wrong; the checks of a publication date; and an article's content hash, by
which a batch run knows an article it has already processed (``Reused``).

Kept apart from the readers (``pipeline.io.articles``, ``pipeline.io.timeml``) so that each reader
imports these without importing the others.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Optional


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
    stage: str = ""  # the pipeline stage that failed, when the article was read but a stage failed
    sentence: str = ""  # the sentence that stage failed on, when known

    def __str__(self) -> str:
        who = f"article {self.article_id!r}" if self.article_id else "a record"
        return f"{self.origin}: {who}: {self.problem}"

    def row(self) -> dict[str, Optional[str]]:
        """The error as a row of the errors table (`schema.ERROR_SCHEMA`), written in one place
        for every output of a run."""
        return {"article_id": self.article_id, "origin": self.origin, "stage": self.stage or None,
                "problem": self.problem, "sentence": self.sentence or None}


@dataclass(frozen=True)
class Reused:
    """An unchanged article whose previous rows are written again (`rows`; None when the
    writer is to take them from the previous table)."""

    article: Article
    rows: Optional[list]


def article_hash(article: Article) -> str:
    """A hash of everything about an article that its facts depend on."""
    content = [article.id, article.text, article.published, article.title, article.source, article.language]
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()[:20]


#: publication dates outside these are refused: relative dates are counted from them, and a
#: year like 0001 or 9999 is a typo, not a news article
EARLIEST_PUBLISHED = date(1600, 1, 1)
LATEST_PUBLISHED = date(2399, 12, 31)
#: a lone UTF-16 surrogate: what an invalid \\u escape in JSON gives
SURROGATE = re.compile(r"[\ud800-\udfff]")


def describe(value: object) -> str:
    """A JSON value's kind, with the value when short: "a number (42)", "a list", "null"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, (int, float)):
        shown = "NaN" if value != value else repr(value)
        return f"a number ({shown})"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"


def parse_published(value: object) -> str:
    """Check a publication date and return it as YYYY-MM-DD; raise ValueError if invalid.

    value (object): "YYYY-MM-DD", optionally with a valid ISO time ("2024-09-24T08:00:00Z").
    RETURNS (str): the date, between EARLIEST_PUBLISHED and LATEST_PUBLISHED.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError("missing publication date: give 'published' as YYYY-MM-DD")
    if not isinstance(value, str):
        raise ValueError(f"'published' is {describe(value)}, not a string: give it as \"YYYY-MM-DD\"")
    text = value.strip()
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:[T ].+)?", text)
    try:
        if match is None:
            raise ValueError
        day = date.fromisoformat(match.group(1))
        if text != match.group(1):
            datetime.fromisoformat(text)  # the time must be a real one too: not T99:99:99
    except ValueError:
        raise ValueError(f"invalid publication date {text!r}: expected YYYY-MM-DD, optionally with a "
                         f"time such as 2024-09-24T08:00:00Z") from None
    if not EARLIEST_PUBLISHED <= day <= LATEST_PUBLISHED:
        raise ValueError(f"publication date {text!r} is outside {EARLIEST_PUBLISHED}..{LATEST_PUBLISHED}: "
                         f"check the year")
    return day.isoformat()
