"""Reading articles: JSON Lines, plain text with a metadata sidecar, or folders of either.

Every input record becomes an ``Article`` or an ``ArticleError`` that names where it came
from and what is wrong, so one bad article never stops or loses the others.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from .records import SURROGATE, Article, ArticleError, describe, parse_published
from .records import EARLIEST_PUBLISHED, LATEST_PUBLISHED  # noqa: F401 -- part of this module's API
from .timeml import TIMEML_SUFFIXES, timeml_article

#: files in an input folder that hold hand-made gold, not articles
GOLD_SUFFIX = ".gold.jsonl"


def _string_field(record: dict, name: str, what: str) -> str:
    """A required string field of a record, or ValueError saying what is wrong with it."""
    value = record.get(name)
    if value is None:
        raise ValueError(f"missing '{name}': {what}")
    if not isinstance(value, str):
        raise ValueError(f"'{name}' is {describe(value)}, not a string: {what}")
    return value


def _check_unicode(fields: dict[str, str]) -> Optional[str]:
    """What is wrong with a field holding a lone surrogate (an invalid \\u escape), if any."""
    for name, value in fields.items():
        found = SURROGATE.search(value)
        if found:
            return (f"'{name}' holds a lone surrogate \\u{ord(found.group()):04x} at character {found.start()}, "
                    f"which is not valid Unicode: fix or remove that \\u escape")
    return None


def article_from_record(record: object, origin: str, published: Optional[str] = None) -> Union[Article, ArticleError]:
    """Validate one metadata record (a JSON object) and build the article.

    record (object): the parsed JSON value.
    origin (str): where it was read, e.g. "corpus/articles/seed.jsonl:1".
    published (Optional[str]): a publication date to use when the record has none.
    RETURNS (Article | ArticleError): the article, or what is wrong with the record.
    """
    if not isinstance(record, dict):
        return ArticleError("", origin, f"expected a JSON object, got {describe(record)}")
    try:
        article_id = _string_field(record, "id", "every article needs a unique string id").strip()
    except ValueError as err:
        return ArticleError("", origin, str(err))
    if not article_id:
        return ArticleError("", origin, "empty 'id': every article needs a unique string id")
    if _check_unicode({"id": article_id}):
        return ArticleError("", origin, _check_unicode({"id": article_id}))
    try:
        text = _string_field(record, "text", "give the article body as a string")
        when = record.get("published")
        when = parse_published(published if when is None or when == "" else when)
    except ValueError as err:
        return ArticleError(article_id, origin, str(err))
    if not text.strip():
        return ArticleError(article_id, origin, "empty text: nothing to extract")
    meta = {name: str(record.get(name) or default) for name, default in
            (("title", ""), ("source", ""), ("language", "en"))}
    problem = _check_unicode({"text": text, **meta})
    if problem:
        return ArticleError(article_id, origin, problem)
    return Article(id=article_id, text=text, published=when, origin=origin, **meta)


def _load_json(raw: str) -> object:
    """Parse one JSON value; ValueError with a readable reason for any malformed input."""
    try:
        return json.loads(raw)
    except json.JSONDecodeError as err:
        where = f"{err.msg} column {err.colno}" if err.msg.endswith(" at") else f"{err.msg} at column {err.colno}"
        raise ValueError(f"malformed JSON line ({where})") from None
    except RecursionError:
        raise ValueError("malformed JSON line (nested too deeply to be an article record)") from None
    except ValueError as err:  # e.g. an integer of thousands of digits
        raise ValueError(f"malformed JSON line ({err})") from None


def _cannot_read(path: Path, err: OSError) -> ArticleError:
    return ArticleError("", str(path), f"cannot read the file: {err.strerror or err}; check that it exists "
                                       f"and that this user may read it")


def _read_jsonl(path: Path, published: Optional[str]) -> Iterator[Union[Article, ArticleError]]:
    try:
        handle = open(path, "rb")
    except OSError as err:
        yield _cannot_read(path, err)
        return
    with handle:
        number = 0
        while True:
            try:
                raw = handle.readline()
            except OSError as err:
                yield _cannot_read(path, err)
                return
            if not raw:
                return
            number += 1
            origin = f"{path}:{number}"
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]  # a UTF-8 byte order mark, as some editors write
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError as err:
                yield ArticleError("", origin, f"not UTF-8 (byte {err.start}): re-encode the file as UTF-8")
                continue
            try:
                record = _load_json(line)
            except ValueError as err:
                yield ArticleError("", origin, str(err))
                continue
            yield article_from_record(record, origin, published)


def _read_text(path: Path, published: Optional[str]) -> Union[Article, ArticleError]:
    origin = str(path)
    sidecar = path.with_suffix(".json")
    meta: dict = {"id": path.stem}
    if sidecar.is_file():
        try:
            loaded = _load_json(open(sidecar, "rb").read().decode("utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as err:
            reason = getattr(err, "strerror", None) or err
            return ArticleError(path.stem, str(sidecar), f"unreadable metadata sidecar: {reason}")
        if not isinstance(loaded, dict):
            return ArticleError(path.stem, str(sidecar), "metadata sidecar must be a JSON object")
        meta.update(loaded)
    try:
        meta["text"] = open(path, "rb").read().decode("utf-8")
    except OSError as err:
        return _cannot_read(path, err)
    except UnicodeDecodeError as err:
        return ArticleError(str(meta.get("id")), origin,
                            f"not UTF-8 (byte {err.start}): re-encode the file as UTF-8")
    if meta["text"].startswith("\ufeff"):
        meta["text"] = meta["text"][1:]
    return article_from_record(meta, origin, published)


def input_files(paths: Iterable[Union[str, Path]]) -> Iterator[Union[Path, ArticleError]]:
    """The article files named by `paths`, folders expanded in sorted order; a folder that
    cannot be listed, a symbolic link loop or a broken link comes as an ArticleError."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, frozenset({path.resolve()}))
        else:
            yield path


def _walk(folder: Path, ancestors: frozenset) -> Iterator[Union[Path, ArticleError]]:
    """Depth first in sorted order (the order of sorted(rglob)), following linked folders."""
    try:
        entries = sorted(folder.iterdir())
    except OSError as err:
        yield ArticleError("", str(folder), f"cannot list the folder: {err.strerror or err}")
        return
    for entry in entries:
        if entry.is_symlink() and not entry.exists():
            if _is_article_file(entry):
                yield ArticleError("", str(entry), f"broken symbolic link to {os.readlink(entry)}: "
                                                   f"fix or remove the link")
            continue
        if entry.is_dir():
            real = entry.resolve()
            if real in ancestors:
                yield ArticleError("", str(entry), f"symbolic link loop: it leads back to {real}; "
                                                   f"not followed")
                continue
            yield from _walk(entry, ancestors | {real})
        elif entry.is_file() and _is_article_file(entry):
            yield entry


def _is_article_file(path: Path) -> bool:
    name = path.name
    return ((name.endswith(".jsonl") and not name.endswith(GOLD_SUFFIX)) or path.suffix == ".txt"
            or name.endswith(TIMEML_SUFFIXES))


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
        if isinstance(path, ArticleError):
            yield path
            continue
        if not path.exists():
            yield ArticleError("", str(path), "no such file or folder")
            continue
        if path.name.endswith(TIMEML_SUFFIXES):
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
