"""Reading articles: JSON Lines, Parquet, CSV, plain text with a headline or a metadata sidecar,
TimeML, or folders of these (the records of JSON Lines and Parquet files are read by
`article_formats`, those of CSV files by `csv_articles`).

Every input record becomes an ``Article`` or an ``ArticleError`` that names where it came
from and what is wrong, so one bad article never stops or loses the others.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, Optional, Union

from pipeline.core.records import Article, ArticleError

from .article_formats import (
    JsonlRange,
    Published,
    RepeatedKeys,
    article_from_record,
    load_json,
    parquet_records,
)
from .csv_articles import csv_records, is_csv
from .timeml import TIMEML_SUFFIXES, timeml_article

#: files in an input folder that hold hand-made gold, not articles
GOLD_SUFFIX = ".gold.jsonl"
#: article file types by suffix, compared in lower case: "NEWS.JSONL" is JSON Lines as "news.jsonl" is
JSONL_FILE, TEXT_FILE, TIMEML_FILE = "jsonl", "text", "timeml"
ARTICLE_SUFFIXES = {".jsonl": JSONL_FILE, ".txt": TEXT_FILE, **{suffix.lower(): TIMEML_FILE for suffix in TIMEML_SUFFIXES}}

def _cannot_read(path: Path, err: OSError) -> ArticleError:
    return ArticleError("", str(path), f"cannot read the file: {err.strerror or err}; check that it exists "
                                       f"and that this user may read it")


def _read_jsonl(path: Path, published: Published, columns: Optional[Mapping[str, str]]
                ) -> Iterator[Union[Article, ArticleError]]:
    try:
        handle = open(path, "rb")
    except OSError as err:
        yield _cannot_read(path, err)
        return
    with handle:
        yield from JsonlRange(handle, str(path), published, columns=columns)

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


#: a text file's first line is its headline when it has at most this many words, ...
HEADLINE_MAX_WORDS = 20
#: ... does not end in one of these (after closing quotes and brackets: a sentence, not a headline) ...
HEADLINE_ENDINGS = (".", ",", ";", ":")
#: ... and a blank line follows it (`split_headline`)
_CLOSERS = "\"'”’)]»"


def split_headline(content: str) -> tuple[str, str]:
    """A text file's headline and its body: when the first line is short (`HEADLINE_MAX_WORDS`),
    has a letter, does not end like a sentence (`HEADLINE_ENDINGS`) and a blank line (or several)
    follows it before more text, it is the title (its spaces trimmed) and the body starts at the
    next line that is not blank; otherwise there is no title and the body is the whole content.
    The facts' offsets count from the body's first character, as the table's sentences are the body's.
    """
    line, newline, rest = content.partition("\n")
    title = line.strip()
    if not newline or not title or len(title.split()) > HEADLINE_MAX_WORDS:
        return "", content
    if title.rstrip(_CLOSERS).endswith(HEADLINE_ENDINGS) or not any(ch.isalpha() for ch in title):
        return "", content
    blank, start = 0, len(line) + 1
    for following in rest.splitlines(keepends=True):
        if following.strip():
            break
        blank += 1
        start += len(following)
    if not blank or start >= len(content):
        return "", content
    return title, content[start:]


def _no_date(path: Path, sidecar: Path) -> str:
    """How to give the publication date of a text file that has none."""
    if sidecar.is_file():
        return f'add "published": "YYYY-MM-DD" to {sidecar.name} beside it, or pass --published YYYY-MM-DD for the whole folder'
    return (f'add {sidecar.name} with {{"published": "YYYY-MM-DD"}} beside it, or pass --published YYYY-MM-DD '
            f'for the whole folder')


def _read_text(path: Path, published: Published) -> Union[Article, ArticleError]:
    origin = str(path)
    sidecar = _sidecar(path)
    meta: dict = {"id": path.stem}
    if sidecar.is_file():
        try:
            loaded = load_json(open(sidecar, "rb").read().decode("utf-8-sig"))
        except (OSError, UnicodeDecodeError, ValueError) as err:
            reason = getattr(err, "strerror", None) or err
            return ArticleError(path.stem, str(sidecar), f"unreadable metadata sidecar: {reason}")
        if not isinstance(loaded, dict):
            return ArticleError(path.stem, str(sidecar), "metadata sidecar must be a JSON object")
        if isinstance(loaded, RepeatedKeys):
            return article_from_record(loaded, str(sidecar), published)  # the error naming the key
        meta.update(loaded)
    try:
        content = open(path, "rb").read().decode("utf-8")
    except OSError as err:
        return _cannot_read(path, err)
    except UnicodeDecodeError as err:
        return ArticleError(str(meta.get("id")), origin,
                            f"not UTF-8 (byte {err.start}): re-encode the file as UTF-8")
    if content.startswith("\ufeff"):
        content = content[1:]
    title, meta["text"] = split_headline(content)
    if title and not meta.get("title"):
        meta["title"] = title
    return article_from_record(meta, origin, published, no_date=_no_date(path, sidecar))


def input_files(paths: Iterable[Union[str, Path]]) -> Iterator[Union[Path, ArticleError]]:
    """The article files named by `paths`, folders expanded in sorted order; a folder that
    cannot be listed, a symbolic link loop, a broken link or an article name on something that
    is not a regular file (a named pipe, a socket, a device) comes as an ArticleError."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir() and not is_parquet(path):
            yield from walk_files(path, is_article_file)
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


def is_article_file(path: Path) -> bool:
    """A file a folder walk reads: an article file type, and not a gold file."""
    return article_file_type(path) is not None and not path.name.lower().endswith(GOLD_SUFFIX)


def read_articles(paths: Iterable[Union[str, Path]], published: Published = None,
                  seen: Optional[dict[str, str]] = None, *, columns: Optional[Mapping[str, str]] = None
                  ) -> Iterator[Union[Article, ArticleError]]:
    """Stream articles from files and folders, with an error for each bad record.

    paths (Iterable[str | Path]): JSON Lines files, .txt files (with an optional .json
        sidecar of metadata), TimeML files (.tml, .TE3input) or folders of them; Parquet files
        or dataset folders named *.parquet and CSV files, with a row per article (`ARTICLE_COLUMNS`).
    published (date | str | None): publication date for every article whose own metadata (a
        record's field, a sidecar) has none; theirs wins.
    seen (Optional[dict]): id -> where it was first read, of articles read before these.
    columns (Optional[Mapping]): article field -> its name in JSON Lines, Parquet and CSV inputs,
        where it is not the field's own (e.g. {"text": "body", "published": "date"}).
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
            records = (item for file in files for item in parquet_records(file, str(file), published, columns=columns))
        elif is_csv(path) and path.is_file():
            records = csv_records(path, published, columns=columns)
        elif kind == TIMEML_FILE:
            records = [timeml_article(path)]
        elif kind == TEXT_FILE:
            records = [_read_text(path, published)]
        elif kind == JSONL_FILE:
            records = _read_jsonl(path, published, columns)
        else:
            yield ArticleError("", str(path), "unknown input type: give .jsonl, .parquet, .csv, .txt, .tml or a "
                                              "folder")
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
