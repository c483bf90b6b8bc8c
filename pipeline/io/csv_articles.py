"""CSV inputs: a header row naming the columns, then a row per article, read as a Parquet file's
rows are (`article_formats.ARTICLE_COLUMNS`: `id`, `text`, `published`, and optionally `title`,
`source`, `language`; other names mapped by `columns`, e.g. {"text": "body"}).

A file that cannot be read as articles at all (no such column, no header) is one error; every
other problem (a row not UTF-8, with too many or too few fields, an empty text, a bad date) is
an error of that row, and the other rows are read.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Iterator, Mapping, Optional, Union

from pipeline.core.records import Article, ArticleError

from .article_formats import ARTICLE_COLUMNS, Published, article_from_record

#: the largest field read, in characters: csv's own limit (131,072) is less than a long article
FIELD_SIZE_LIMIT = 1 << 30
#: the columns every article needs (and `published`, unless the run gives one for all)
REQUIRED = ("id", "text")
#: a byte that is not UTF-8, as the reader's "surrogateescape" keeps it
_UNDECODED = range(0xDC80, 0xDD00)


def is_csv(path: Union[str, Path]) -> bool:
    """A CSV input: a file whose name ends in .csv in any case. Only when named as an input: a
    .csv file inside a folder of articles is not read (it is likely a fact table)."""
    return str(path).lower().endswith(".csv")


def _undecoded(row: list[str]) -> Optional[int]:
    """The position in the row's text of the first byte that was not UTF-8, if any."""
    position = 0
    for field in row:
        for index, char in enumerate(field):
            if ord(char) in _UNDECODED:
                return position + index
        position += len(field) + 1
    return None


def csv_records(path: Union[str, Path], published: Published = None, *,
                columns: Optional[Mapping[str, str]] = None) -> Iterator[Union[Article, ArticleError]]:
    """The articles of a CSV file (comma-separated, fields quoted with double quotes where they
    hold commas, quotes or line breaks, UTF-8 with or without a byte order mark).

    path (str | Path): the file; each origin is "path:line", the line where the row starts.
    published (date | str | None): publication date for rows whose own is empty or absent.
    columns (Optional[Mapping]): article field -> its column in the header, where it is not the
        field's own name.
    YIELDS (Article | ArticleError): each row in order, or what is wrong with it (or the file).
    """
    name = str(path)
    names = {field: (columns or {}).get(field, field) for field in ARTICLE_COLUMNS}
    if csv.field_size_limit() < FIELD_SIZE_LIMIT:
        csv.field_size_limit(FIELD_SIZE_LIMIT)
    try:
        handle = open(path, encoding="utf-8-sig", errors="surrogateescape", newline="")
    except OSError as err:
        yield ArticleError("", name, f"cannot read the file: {err.strerror or err}; check that it exists "
                                     f"and that this user may read it")
        return
    with handle:
        reader = csv.reader(handle)
        try:
            header = [column.strip() for column in next(reader, [])]
        except (csv.Error, OSError) as err:
            yield ArticleError("", f"{name}:1", f"cannot read the CSV header: {err}")
            return
        problem = _header_problem(header, names, published is not None)
        if problem:
            yield ArticleError("", name, problem)
            return
        where = {field: header.index(names[field]) for field in ARTICLE_COLUMNS if names[field] in header}
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as err:
                yield ArticleError("", f"{name}:{line}", f"malformed CSV row: {err}")
                continue
            except OSError as err:
                yield ArticleError("", f"{name}:{line}", f"cannot read the file: {err.strerror or err}")
                return
            if not any(field.strip() for field in row):
                continue
            yield _article(row, header, where, f"{name}:{line}", published)


def _header_problem(header: list[str], names: dict[str, str], dated: bool) -> Optional[str]:
    """What makes a CSV file's header unusable for articles, if anything."""
    if not any(header):
        return "no header row: the first line must name the columns, such as id,text,published"
    shown = ", ".join(header[:12]) + (", ..." if len(header) > 12 else "")
    repeated = sorted({column for column in header if header.count(column) > 1 and column in names.values()})
    if repeated:
        return f"the column {repeated[0]!r} is named more than once in the header, so which is meant is ambiguous"
    mapped = tuple(field for field in names if names[field] != field)
    for field in dict.fromkeys(REQUIRED + (() if dated else ("published",)) + mapped):
        if names[field] not in header:
            if field == "published":
                return (f"no 'published' column (the header has: {shown}): add one (YYYY-MM-DD), map it with "
                        f"--columns published=NAME, or pass --published YYYY-MM-DD for the whole file")
            return (f"no {names[field]!r} column (the header has: {shown}): name the {field} column "
                    f"{field!r}, or map it with --columns {field}=NAME")
    return None


def _article(row: list[str], header: list[str], where: dict[str, int], origin: str,
             published: Published) -> Union[Article, ArticleError]:
    """One CSV row as an article, or what is wrong with it."""
    named = row[where["id"]].strip() if len(row) > where["id"] else ""
    undecoded = _undecoded(row)
    if undecoded is not None:
        return ArticleError(named, origin, f"not UTF-8 (character {undecoded} of the row): re-encode the file "
                                           f"as UTF-8")
    if len(row) != len(header):
        return ArticleError(named, origin, f"{len(row)} fields where the header has {len(header)}: quote a field "
                                           f"that holds a comma, a quote or a line break (\"...\", a quote as \"\")")
    return article_from_record({field: row[index] for field, index in where.items()}, origin, published)
