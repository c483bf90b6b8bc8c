"""Article records: a JSON object (from JSON Lines, a sidecar or memory) or a Parquet row checked
and made an `Article`, or an `ArticleError` that says what is wrong with it; the lines of a JSON
Lines file, or of a byte range of one, and the rows of a Parquet file."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO, Iterator, Mapping, Optional, Union

from pipeline.core.records import SURROGATE, Article, ArticleError, describe, parse_published

#: a UTF-8 byte order mark: read as absent at the start of a file and of any line of one
BOM = b"\xef\xbb\xbf"
#: the fields of an article in a record; the columns of a Parquet or CSV input read (no others)
ARTICLE_COLUMNS = ("id", "text", "published", "title", "source", "language")
#: a publication date for every article whose own metadata has none: an ISO date, a `date`, or None
Published = Union[date, str, None]
#: how to give a record's missing publication date, by where the record was read
IN_FILE = ("give 'published' (YYYY-MM-DD) in the record, or pass --published YYYY-MM-DD for the whole file")
IN_MEMORY = "give 'published' (YYYY-MM-DD) in the record, or published=\"YYYY-MM-DD\" for them all"


def published_text(published: Published) -> Optional[str]:
    """A run's publication date as the readers compare it: ISO text (a `date` or `datetime` given
    in Python becomes its ISO form), or None."""
    return published.isoformat() if isinstance(published, (date, datetime)) else published


def parse_columns(spec: Union[str, Mapping[str, str]]) -> dict[str, str]:
    """A column mapping written as the command line takes it, "id=story_id,text=body" (article field
    = its name in the input), or given as a mapping ({"text": "body"}), as a dict; ValueError saying
    what is wrong with it."""
    if isinstance(spec, Mapping):
        pairs = [(str(field).strip(), str(name).strip(), f"{field}={name}") for field, name in spec.items()]
    else:
        pairs = []
        for part in spec.split(","):
            field, equals, name = (piece.strip() for piece in part.partition("="))
            pairs.append((field, name if equals else "", part.strip()))
    columns: dict[str, str] = {}
    for field, name, written in pairs:
        if not field or not name:
            raise ValueError(f"{written!r} is not FIELD=NAME: give e.g. id=story_id,text=body")
        if field not in ARTICLE_COLUMNS:
            raise ValueError(f"{field!r} is no article field: map {', '.join(ARTICLE_COLUMNS)}")
        if field in columns:
            raise ValueError(f"{field!r} is mapped twice: map each field once")
        columns[field] = name
    return columns


def renamed(record: dict, columns: Optional[Mapping[str, str]]) -> dict:
    """A record with its columns named as an article's (`columns`: article field -> the name in
    the input, e.g. {"text": "body"}); fields not mapped keep their own names."""
    if not columns:
        return record
    found = dict(record)
    for field, name in columns.items():
        found.pop(field, None)
        if name in record:
            found[field] = record[name]
    return found

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


def article_from_record(record: object, origin: str, published: Published = None, *,
                        no_date: str = IN_FILE) -> Union[Article, ArticleError]:
    """Validate one metadata record (a JSON object) and build the article.

    record (object): the parsed JSON value.
    origin (str): where it was read, e.g. "corpus/articles/seed.jsonl:1".
    published (date | str | None): a publication date to use when the record has none.
    no_date (str): how to give the date, said when neither the record nor `published` has one.
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
        if when is None or when == "":
            when = published_text(published)
        if when is None or (isinstance(when, str) and not when.strip()):
            return ArticleError(article_id, origin, f"no publication date: {no_date}")
        when = parse_published(when)
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


def load_json(raw: str) -> object:
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


class JsonlRange:
    """The articles of a JSON Lines file, or of the lines that start in its bytes [start, end):
    iterate it for each record in order, as an Article or what is wrong with it; `lines` then
    counts the lines read (blank ones too), so that ranges read apart can be numbered as one file.
    """

    def __init__(self, handle: BinaryIO, name: str, published: Published, start: int = 0,
                 end: Optional[int] = None, *, columns: Optional[Mapping[str, str]] = None) -> None:
        """
        handle (BinaryIO): the file, opened in binary mode (a local file or an fsspec file).
        name (str): the file's name in each origin ("name:line").
        published (date | str | None): publication date for articles whose metadata has none.
        start, end (int): the byte range; a line belongs to the range its first byte is in, so
            ranges that tile a file read each line once. Lines are numbered from the range's start.
        columns (Optional[Mapping]): article field -> its key in the records (see `renamed`).
        """
        self.handle, self.name, self.published, self.columns = handle, name, published, columns
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
                record = load_json(line)
            except ValueError as err:
                yield ArticleError("", origin, str(err))
                continue
            if self.columns and isinstance(record, dict) and not isinstance(record, RepeatedKeys):
                record = renamed(record, self.columns)
            yield article_from_record(record, origin, self.published)


def parquet_records(source: Union[str, Path, BinaryIO], name: str, published: Published,
                    row_groups: Optional[list[int]] = None, first_row: int = 1, *,
                    columns: Optional[Mapping[str, str]] = None) -> Iterator[Union[Article, ArticleError]]:
    """The articles of a Parquet file: one per row, with the columns of `ARTICLE_COLUMNS`.

    source (str | Path | BinaryIO): the file, or an open binary file (fsspec).
    name (str): the file's name in each origin ("name:row", rows counted from 1).
    published (date | str | None): publication date for articles whose metadata has none.
    row_groups (Optional[list[int]]): read only these row groups (consecutive); default all.
    first_row (int): the number of the first row read, for the origins.
    columns (Optional[Mapping]): article field -> its column in the file (see `renamed`).
    YIELDS (Article | ArticleError): each row in order, or what is wrong with it.
    """
    import pyarrow.parquet as pq

    names = {field: (columns or {}).get(field, field) for field in ARTICLE_COLUMNS}
    try:
        parquet = pq.ParquetFile(source)
        read = list(dict.fromkeys(names[field] for field in ARTICLE_COLUMNS if names[field] in parquet.schema_arrow.names))
        groups = range(parquet.num_row_groups) if row_groups is None else row_groups
        number = first_row
        for group in groups:
            for record in parquet.read_row_group(group, columns=read).to_pylist():
                for key, value in record.items():  # a date column gives dates: the reader wants text
                    if isinstance(value, (date, datetime)):
                        record[key] = value.isoformat()
                yield article_from_record(renamed(record, columns), f"{name}:{number}", published)
                number += 1
    except (OSError, ValueError) as err:  # pyarrow's ArrowInvalid is a ValueError
        yield ArticleError("", name, f"cannot read the Parquet file: {err}; check that it is a Parquet "
                                     f"file with the columns {', '.join(ARTICLE_COLUMNS[:3])}")
