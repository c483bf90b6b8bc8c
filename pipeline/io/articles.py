"""Reading articles: JSON Lines, Parquet, plain text with a metadata sidecar, or folders of these.

Every input record becomes an ``Article`` or an ``ArticleError`` that names where it came
from and what is wrong, so one bad article never stops or loses the others.
"""

from __future__ import annotations

import json
import os
import stat
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator, Optional, Union

from pipeline.core.records import (  # noqa: F401 -- part of this module's API
    EARLIEST_PUBLISHED,
    LATEST_PUBLISHED,
    SURROGATE,
    Article,
    ArticleError,
    describe,
    parse_published,
)

from .timeml import TIMEML_SUFFIXES, timeml_article

#: files in an input folder that hold hand-made gold, not articles
GOLD_SUFFIX = ".gold.jsonl"
#: a UTF-8 byte order mark: read as absent at the start of a file and of any line of one
BOM = b"\xef\xbb\xbf"
#: article file types by suffix, compared in lower case: "NEWS.JSONL" is JSON Lines as "news.jsonl" is
JSONL_FILE, TEXT_FILE, TIMEML_FILE = "jsonl", "text", "timeml"
ARTICLE_SUFFIXES = {".jsonl": JSONL_FILE, ".txt": TEXT_FILE, **{suffix.lower(): TIMEML_FILE for suffix in TIMEML_SUFFIXES}}


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
    if isinstance(record, RepeatedKeys):
        named = record.get("id") if record.repeated != "id" and isinstance(record.get("id"), str) else ""
        return ArticleError(named.strip(), origin, f"the key {record.repeated!r} appears more than once in the "
                                                   f"record, so which value is meant is ambiguous: keep one")
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


class RepeatedKeys(dict):
    """A JSON object that names a key more than once (`repeated`: the first such key). Python's
    json keeps the last value silently; an article record that says two things is refused instead."""

    repeated = ""


def _json_object(pairs: list[tuple[str, object]]) -> dict:
    """A parsed JSON object: a dict, or a `RepeatedKeys` when a key comes twice."""
    found = dict(pairs)
    if len(found) < len(pairs):  # rare: look for the first key that comes again
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                break
            seen.add(key)
        found = RepeatedKeys(found)
        found.repeated = key
    return found


#: the JSON parser of article records: json's own, with repeated keys kept visible
_DECODER = json.JSONDecoder(object_pairs_hook=_json_object)


def _load_json(raw: str) -> object:
    """Parse one JSON value; ValueError with a readable reason for any malformed input. An object
    whose keys repeat comes back as `RepeatedKeys`."""
    try:
        return _DECODER.decode(raw)
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
        yield from JsonlRange(handle, str(path), published)


class JsonlRange:
    """The articles of a JSON Lines file, or of the lines that start in its bytes [start, end):
    iterate it for each record in order, as an Article or what is wrong with it; `lines` then
    counts the lines read (blank ones too), so that ranges read apart can be numbered as one file.
    """

    def __init__(self, handle: BinaryIO, name: str, published: Optional[str], start: int = 0,
                 end: Optional[int] = None) -> None:
        """
        handle (BinaryIO): the file, opened in binary mode (a local file or an fsspec file).
        name (str): the file's name in each origin ("name:line").
        published (Optional[str]): publication date for articles whose metadata has none.
        start, end (int): the byte range; a line belongs to the range its first byte is in, so
            ranges that tile a file read each line once. Lines are numbered from the range's start.
        """
        self.handle, self.name, self.published = handle, name, published
        self.start, self.end = start, end
        self.lines = 0

    def __iter__(self) -> Iterator[Union[Article, ArticleError]]:
        handle = self.handle
        if self.start > 0:  # skip to the first line that starts in the range: from the byte before
            handle.seek(self.start - 1)  # it, to the end of the line that byte is in (maybe just "\n")
            handle.readline()
        position = handle.tell()
        while self.end is None or position < self.end:
            try:
                raw = handle.readline()
            except OSError as err:
                yield ArticleError("", self.name, f"cannot read the file: {err.strerror or err}; check that it "
                                                  f"exists and that this user may read it")
                return
            if not raw:
                return
            position += len(raw)
            self.lines += 1
            origin = f"{self.name}:{self.lines}"
            if raw.startswith(BOM):  # as some editors write, on every line of files joined with `cat`
                raw = raw[len(BOM):]
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
            yield article_from_record(record, origin, self.published)


#: the columns of an article in a Parquet input; only these are read
ARTICLE_COLUMNS = ("id", "text", "published", "title", "source", "language")


def parquet_records(source: Union[str, Path, BinaryIO], name: str, published: Optional[str],
                    row_groups: Optional[list[int]] = None, first_row: int = 1
                    ) -> Iterator[Union[Article, ArticleError]]:
    """The articles of a Parquet file: one per row, with the columns of `ARTICLE_COLUMNS`.

    source (str | Path | BinaryIO): the file, or an open binary file (fsspec).
    name (str): the file's name in each origin ("name:row", rows counted from 1).
    published (Optional[str]): publication date for articles whose metadata has none.
    row_groups (Optional[list[int]]): read only these row groups (consecutive); default all.
    first_row (int): the number of the first row read, for the origins.
    YIELDS (Article | ArticleError): each row in order, or what is wrong with it.
    """
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(source)
        columns = [c for c in ARTICLE_COLUMNS if c in parquet.schema_arrow.names]
        groups = range(parquet.num_row_groups) if row_groups is None else row_groups
        number = first_row
        for group in groups:
            for record in parquet.read_row_group(group, columns=columns).to_pylist():
                for key, value in record.items():  # a date column gives dates: the reader wants text
                    if isinstance(value, (date, datetime)):
                        record[key] = value.isoformat()
                yield article_from_record(record, f"{name}:{number}", published)
                number += 1
    except (OSError, ValueError) as err:  # pyarrow's ArrowInvalid is a ValueError
        yield ArticleError("", name, f"cannot read the Parquet file: {err}; check that it is a Parquet "
                                     f"file with the columns {', '.join(ARTICLE_COLUMNS[:3])}")


def parquet_files(folder: Path) -> list[Path]:
    """The data files of a Parquet dataset folder, in sorted order (names starting with "_" or
    "." are metadata, as for pyarrow and Spark)."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and not any(
        part.startswith(("_", ".")) for part in p.relative_to(folder).parts))


def _sidecar(path: Path) -> Path:
    """The metadata sidecar of a text file: `<stem>.json`, or `<stem>.JSON` beside `<stem>.TXT`."""
    sidecar = path.with_suffix(".json")
    upper = path.with_suffix(".JSON")
    return upper if path.suffix.isupper() and not sidecar.is_file() and upper.is_file() else sidecar


def _read_text(path: Path, published: Optional[str]) -> Union[Article, ArticleError]:
    origin = str(path)
    sidecar = _sidecar(path)
    meta: dict = {"id": path.stem}
    if sidecar.is_file():
        try:
            loaded = _load_json(open(sidecar, "rb").read().decode("utf-8-sig"))
        except (OSError, UnicodeDecodeError, ValueError) as err:
            reason = getattr(err, "strerror", None) or err
            return ArticleError(path.stem, str(sidecar), f"unreadable metadata sidecar: {reason}")
        if not isinstance(loaded, dict):
            return ArticleError(path.stem, str(sidecar), "metadata sidecar must be a JSON object")
        if isinstance(loaded, RepeatedKeys):
            return article_from_record(loaded, str(sidecar), published)  # the error naming the key
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
    cannot be listed, a symbolic link loop, a broken link or an article name on something that
    is not a regular file (a named pipe, a socket, a device) comes as an ArticleError."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir() and not is_parquet(path):
            yield from walk_files(path, _is_article_file)
        else:
            yield path


def walk_files(top: Path, wanted: Callable[[Path], bool]) -> Iterator[Union[Path, ArticleError]]:
    """The files under `top` whose names are `wanted`: depth first in sorted order (the order of
    sorted(rglob)), following linked folders but not a link back to a folder it is inside; a
    wanted name that is a broken link or no regular file comes as an ArticleError. The folders
    being read are a list, not Python's call stack, so no depth of nesting stops the walk; a
    folder is known by its device and inode, as resolving each path would cost its depth again."""
    open_folders: list[tuple[Iterator[Path], frozenset]] = []  # each folder's entries to go, and its ancestors

    def identity(folder: Path) -> tuple[int, int]:
        found = folder.stat()
        return found.st_dev, found.st_ino

    def enter(folder: Path, ancestors: frozenset) -> Optional[ArticleError]:
        try:
            entries = sorted(folder.iterdir())
        except OSError as err:
            return ArticleError("", str(folder), f"cannot list the folder: {err.strerror or err}")
        open_folders.append((iter(entries), ancestors))
        return None

    try:
        problem = enter(top, frozenset({identity(top)}))
    except OSError as err:
        problem = ArticleError("", str(top), f"cannot list the folder: {err.strerror or err}")
    if problem is not None:
        yield problem
    while open_folders:
        entries, ancestors = open_folders[-1]
        entry = next(entries, None)
        if entry is None:
            open_folders.pop()
            continue
        try:
            if entry.is_symlink() and not entry.exists():
                if wanted(entry):
                    yield ArticleError("", str(entry), f"broken symbolic link to {os.readlink(entry)}: "
                                                       f"fix or remove the link")
            elif entry.is_dir():
                folder = identity(entry)
                if folder in ancestors:
                    yield ArticleError("", str(entry), f"symbolic link loop: it leads back to {entry.resolve()}; "
                                                       f"not followed")
                else:
                    problem = enter(entry, ancestors | {folder})
                    if problem is not None:
                        yield problem
            elif wanted(entry):
                yield entry if entry.is_file() else _not_regular(entry)
        except OSError as err:  # a name too long for the system, a file gone while listed
            yield ArticleError("", str(entry), f"cannot read it: {err.strerror or err}")


def _not_regular(path: Path) -> ArticleError:
    """The error for an input that exists but is no regular file: reading a named pipe would wait
    for a writer, and a device or socket holds no articles."""
    try:
        mode = path.stat().st_mode
    except OSError as err:
        return _cannot_read(path, err)
    what = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "neither a file nor a folder")
    return ArticleError("", str(path), f"{what}, not a regular file: not read; give the articles as a file "
                                       f"or a folder")


def is_parquet(path: Union[str, Path]) -> bool:
    """A Parquet input: a file or a dataset folder whose name ends in .parquet. Only when named
    as an input: a .parquet file inside a folder of articles is not read (it is likely a table)."""
    return str(path).lower().rstrip("/").endswith(".parquet")


def article_file_type(path: Union[str, Path]) -> Optional[str]:
    """JSONL_FILE, TEXT_FILE or TIMEML_FILE by the file's suffix in any case (".JSONL", ".Txt", ".TML",
    ".tml.TE3input"); None for any other file."""
    name = Path(path).name.lower()
    return next((kind for suffix, kind in ARTICLE_SUFFIXES.items() if name.endswith(suffix)), None)


def _is_article_file(path: Path) -> bool:
    """A file a folder walk reads: an article file type, and not a gold file."""
    return article_file_type(path) is not None and not path.name.lower().endswith(GOLD_SUFFIX)


def read_articles(paths: Iterable[Union[str, Path]], published: Optional[str] = None,
                  seen: Optional[dict[str, str]] = None) -> Iterator[Union[Article, ArticleError]]:
    """Stream articles from files and folders, with an error for each bad record.

    paths (Iterable[str | Path]): JSON Lines files, .txt files (with an optional .json
        sidecar of metadata), TimeML files (.tml, .TE3input) or folders of them; Parquet files
        or dataset folders named *.parquet, with a row per article (`ARTICLE_COLUMNS`).
    published (Optional[str]): publication date for articles whose metadata has none.
    seen (Optional[dict]): id -> where it was first read, of articles read before these.
    YIELDS (Article | ArticleError): each article in input order, or what was wrong.
    """
    seen = {} if seen is None else seen
    for path in input_files(paths):
        if isinstance(path, ArticleError):
            yield path
            continue
        if not path.exists():
            yield ArticleError("", str(path), "no such file or folder")
            continue
        if not (path.is_file() or path.is_dir()):
            yield _not_regular(path)
            continue
        kind = article_file_type(path)
        if is_parquet(path):
            files = parquet_files(path) if path.is_dir() else [path]
            records = (item for file in files for item in parquet_records(file, str(file), published))
        elif kind == TIMEML_FILE:
            records = [timeml_article(path)]
        elif kind == TEXT_FILE:
            records = [_read_text(path, published)]
        elif kind == JSONL_FILE:
            records = _read_jsonl(path, published)
        else:
            yield ArticleError("", str(path), "unknown input type: give .jsonl, .parquet, .txt, .tml or a folder")
            continue
        yield from unique_ids(records, seen)


def unique_ids(items: Iterable[Union[Article, ArticleError]], seen: Optional[dict[str, str]] = None
               ) -> Iterator[Union[Article, ArticleError]]:
    """`items` with each article whose id came before replaced by an error saying where.

    seen (Optional[dict]): id -> origin of the articles already seen, updated as it goes.
    """
    seen = {} if seen is None else seen
    for item in items:
        if isinstance(item, Article):
            first = seen.get(item.id)
            if first is not None:
                yield ArticleError(item.id, item.origin, f"duplicate id, first seen at {first}")
                continue
            seen[item.id] = item.origin
        yield item
