"""Cut article inputs into partitions that a worker reads by itself.

A partition says where its articles are, not what they are: a byte range of a JSON Lines file,
row groups of a Parquet file, or a group of small text files. The client that plans them reads
no article text (only file sizes and Parquet footers), and each worker reads its partitions once
from storage: a folder every worker sees at the same path, or an fsspec URL (s3://, gs://, ...).
Local inputs are expanded as `read_articles` expands them, so the articles, their order and
their origins are those of a run on one machine.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, Mapping, Optional, Union

from pipeline.core.records import Article, ArticleError

from .article_formats import IN_MEMORY, JsonlRange, Published, article_from_record, parquet_records, renamed
from .articles import (
    GOLD_SUFFIX,
    JSONL_FILE,
    article_file_type,
    input_files,
    is_parquet,
    parquet_files,
    read_articles,
    unique_ids,
)

#: a partition holds about this many bytes of input: some 130 articles of news, 15 s of one core;
#: small enough to balance 2 workers on 2,000 articles and to make a retry cheap
PARTITION_BYTES = 256 << 10

JSONL, PARQUET, FILES, RECORDS, ERRORS = "jsonl", "parquet", "files", "records", "errors"


@dataclass(frozen=True)
class Partition:
    """Where the articles of one partition are (see the module docstring).

    kind: JSONL (`source`, bytes `start` to `end`), PARQUET (`source`, `row_groups`, the first
    row's number `first_row`), FILES (local `files` read as `read_articles` reads them),
    RECORDS (`records`: (record, origin) pairs given in memory) or ERRORS (problems found while
    planning, reported in their place).
    """

    kind: str
    source: str = ""
    start: int = 0
    end: int = 0
    row_groups: tuple[int, ...] = ()
    first_row: int = 1
    files: tuple[str, ...] = ()
    records: tuple[tuple[dict, str], ...] = ()
    errors: tuple[ArticleError, ...] = ()


class Records(list):
    """Articles given in memory, as (record, origin) pairs: an input of a run as a file is, read
    here (`read_inputs`) or cut into partitions of about `PARTITION_BYTES` of text (`plan_partitions`)."""


def record_partitions(records: Records, partition_bytes: int = PARTITION_BYTES) -> list[Partition]:
    """Records given in memory, cut into partitions of about `partition_bytes` of text."""
    partitions, chunk, size = [], [], 0
    for record, origin in records:
        chunk.append((record, origin))
        size += len(str(record.get("text", ""))) if isinstance(record, dict) else 0
        if size >= partition_bytes:
            partitions.append(Partition(RECORDS, records=tuple(chunk)))
            chunk, size = [], 0
    if chunk:
        partitions.append(Partition(RECORDS, records=tuple(chunk)))
    return partitions


def is_url(source: Union[str, Path]) -> bool:
    """An fsspec URL such as s3://bucket/news.jsonl, rather than a local path."""
    return "://" in str(source)


def open_binary(source: str) -> BinaryIO:
    """Open a local path or an fsspec URL for reading bytes."""
    if is_url(source):
        import fsspec

        return fsspec.open(source, "rb").open()
    return open(source, "rb")


def plan_partitions(inputs: Iterable[Union[str, Path]], partition_bytes: int = PARTITION_BYTES
                    ) -> list[Partition]:
    """The partitions of `inputs`, in input order.

    inputs (Iterable[str | Path]): what `read_articles` takes (JSON Lines, Parquet files and
        dataset folders named *.parquet, .txt and TimeML files, folders of them), as local
        paths or fsspec URLs (JSON Lines and Parquet only).
    partition_bytes (int): about how many bytes of input one partition holds.
    RETURNS (list[Partition]): partitions that together hold every article once.
    """
    if isinstance(inputs, Records):
        return record_partitions(inputs, partition_bytes)
    partitions: list[Partition] = []
    small_files: list[str] = []  # consecutive .txt and TimeML files, read together
    small_bytes = 0

    def flush_small_files() -> None:
        nonlocal small_files, small_bytes
        if small_files:
            partitions.append(Partition(FILES, files=tuple(small_files)))
            small_files, small_bytes = [], 0

    for raw in inputs:
        if is_url(raw):
            flush_small_files()
            partitions.extend(_url_partitions(str(raw), partition_bytes))
            continue
        for path in input_files([raw]):
            if isinstance(path, ArticleError):
                flush_small_files()
                partitions.append(Partition(ERRORS, errors=(path,)))
            elif article_file_type(path) == JSONL_FILE and path.is_file():
                flush_small_files()
                partitions.extend(_jsonl_partitions(str(path), path.stat().st_size, partition_bytes))
            elif is_parquet(path) and (path.is_file() or path.is_dir()):
                flush_small_files()
                files = parquet_files(path) if path.is_dir() else [path]
                for file in files:
                    partitions.extend(_parquet_partitions(str(file), partition_bytes))
            else:  # text and TimeML files, and what does not exist or is no regular file: read_articles
                # says what is wrong
                small_files.append(str(path))
                small_bytes += path.stat().st_size if path.is_file() else 0
                if small_bytes >= partition_bytes:
                    flush_small_files()
    flush_small_files()
    return partitions


def _jsonl_partitions(source: str, size: int, partition_bytes: int) -> list[Partition]:
    count = max(1, math.ceil(size / partition_bytes))
    return [Partition(JSONL, source, start=i * partition_bytes, end=min(size, (i + 1) * partition_bytes))
            for i in range(count)]


def _parquet_partitions(source: str, partition_bytes: int) -> list[Partition]:
    """Consecutive row groups of one Parquet file, about `partition_bytes` (uncompressed) each."""
    import pyarrow.parquet as pq

    try:
        with open_binary(source) as handle:
            metadata = pq.ParquetFile(handle).metadata
    except (OSError, ValueError) as err:
        return [Partition(ERRORS, errors=(ArticleError("", source, f"cannot read the Parquet file: {err}; "
                                                                   f"check that it is a Parquet file"),))]
    partitions, groups, size, first_row, rows = [], [], 0, 1, 0
    for group in range(metadata.num_row_groups):
        groups.append(group)
        size += metadata.row_group(group).total_byte_size
        rows += metadata.row_group(group).num_rows
        if size >= partition_bytes or group == metadata.num_row_groups - 1:
            partitions.append(Partition(PARQUET, source, row_groups=tuple(groups), first_row=first_row))
            first_row += rows
            groups, size, rows = [], 0, 0
    return partitions


def _url_partitions(url: str, partition_bytes: int) -> list[Partition]:
    """Partitions of an fsspec URL: a JSON Lines or Parquet file, a Parquet dataset folder, a
    folder of JSON Lines files, or a glob pattern of these."""
    try:
        import fsspec
    except ImportError:  # pragma: no cover - fsspec comes with dask
        return [Partition(ERRORS, errors=(ArticleError("", url, "reading URLs needs fsspec: "
                                                                "pip install 'newsfacts[dask]'"),))]
    try:
        fs, path = fsspec.core.url_to_fs(url)
        if fsspec.core.has_magic(path):
            found = sorted(fs.glob(path))
        elif fs.isdir(path):
            found = sorted(fs.find(path))
            if is_parquet(path):
                found = [p for p in found if not any(part.startswith(("_", "."))
                                                     for part in p[len(path.rstrip("/")) + 1:].split("/"))]
            else:
                found = [p for p in found if p.lower().endswith(".jsonl") and not p.lower().endswith(GOLD_SUFFIX)]
        elif fs.exists(path):
            found = [path]
        else:
            return [Partition(ERRORS, errors=(ArticleError("", url, "no such file or folder"),))]
    except Exception as err:  # any filesystem's own errors: the URL cannot be listed
        return [Partition(ERRORS, errors=(ArticleError("", url, f"cannot list {url}: {type(err).__name__}: "
                                                                f"{err}"),))]
    partitions = []
    for found_path in found:
        file_url = fs.unstrip_protocol(found_path)
        if article_file_type(found_path) == JSONL_FILE:
            partitions.extend(_jsonl_partitions(file_url, fs.size(found_path), partition_bytes))
        elif is_parquet(url) or is_parquet(found_path):
            partitions.extend(_parquet_partitions(file_url, partition_bytes))
        else:
            partitions.append(Partition(ERRORS, errors=(ArticleError(
                "", file_url, "unknown input type: a URL gives .jsonl or .parquet files"),)))
    return partitions


class PartitionReader:
    """The articles of one partition in order, each an Article or what is wrong with it.

    Iterate it once; `lines` then counts the lines of a JSON Lines partition, whose origins
    count from the partition's start (see `rebase_origin`).
    """

    def __init__(self, partition: Partition, published: Published, *,
                 columns: Optional[Mapping[str, str]] = None) -> None:
        """
        partition (Partition): what to read.
        published (date | str | None): publication date for articles whose metadata has none.
        columns (Optional[Mapping]): article field -> its name in the records (see `read_articles`).
        """
        self.partition, self.published, self.columns, self.lines = partition, published, columns, 0

    def __iter__(self) -> Iterator[Union[Article, ArticleError]]:
        partition, published, columns = self.partition, self.published, self.columns
        if partition.kind == ERRORS:
            yield from partition.errors
        elif partition.kind == RECORDS:
            for record, origin in partition.records:
                yield memory_article(record, origin, published, columns)
        elif partition.kind == FILES:
            yield from read_articles([Path(f) for f in partition.files], published, columns=columns)
        elif partition.kind in (JSONL, PARQUET):
            try:
                handle = open_binary(partition.source)
            except OSError as err:
                yield ArticleError("", partition.source, f"cannot read the file: {err.strerror or err}; check "
                                                         f"that it exists and that this user may read it")
                return
            with handle:
                if partition.kind == PARQUET:
                    yield from parquet_records(handle, partition.source, published, list(partition.row_groups),
                                               partition.first_row, columns=columns)
                    return
                reader = JsonlRange(handle, partition.source, published, partition.start, partition.end,
                                    columns=columns)
                yield from reader
                self.lines = reader.lines
        else:
            raise ValueError(f"unknown partition kind {partition.kind!r}")


#: a partition this large holds each file whole: for reading inputs in one stream
WHOLE_FILES = 1 << 62


def memory_article(record: object, origin: str, published: Published,
                   columns: Optional[Mapping[str, str]] = None) -> Union[Article, ArticleError]:
    """A record given in memory (a dict, a DataFrame's row) as an article, or what is wrong with it."""
    if columns and isinstance(record, dict):
        record = renamed(record, columns)
    return article_from_record(record, origin, published, no_date=IN_MEMORY)


def read_inputs(inputs: Iterable[Union[str, Path]], published: Published = None, *,
                columns: Optional[Mapping[str, str]] = None) -> Iterator[Union[Article, ArticleError]]:
    """`read_articles`, with fsspec URLs among the inputs too: every article of `inputs` in
    order, each file read whole on this machine, with an error for each bad record.

    published (date | str | None): publication date for every article whose own metadata has none.
    columns (Optional[Mapping]): article field -> its name in the records (see `read_articles`).
    """
    seen: dict[str, str] = {}  # id -> where it was first read, across all inputs
    if isinstance(inputs, Records):
        yield from unique_ids((memory_article(record, origin, published, columns) for record, origin in inputs), seen)
        return
    for raw in inputs:
        if is_url(raw):
            for partition in plan_partitions([raw], WHOLE_FILES):
                yield from unique_ids(PartitionReader(partition, published, columns=columns), seen)
        else:
            yield from read_articles([raw], published, seen, columns=columns)


def rebase_origin(origin: str, source: str, lines_before: int) -> str:
    """An origin "source:N" counted from a partition's start, counted from the file's start."""
    prefix = f"{source}:"
    if lines_before and origin.startswith(prefix) and origin[len(prefix):].isdigit():
        return f"{prefix}{int(origin[len(prefix):]) + lines_before}"
    return origin
