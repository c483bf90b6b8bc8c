"""Writing tables: Parquet, CSV or JSON Lines by extension, atomically.

Each format is one `TableFormat` class in the `FORMATS` registry (suffix -> class): adding a
format is a class and a registry line. Rows are written to a temporary file beside the target
and moved into place only when the table is complete, so a crash never leaves a half-written
table and the previous table stays intact; the temporary file is removed on every failure.
Files that belong together (a table, its errors table, its manifest, a report) are each written
complete first and then moved into place as one (`publish_together`): all or none.
The same rows always give byte-identical files.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import re
import secrets
import shutil
import tempfile
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence, Union

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.core.records import describe

_ARROW_TYPES = {"string": pa.string(), "int64": pa.int64(), "double": pa.float64()}

#: the columns every row of a fact table has a value in: a table without one of them is not a fact
#: table (in JSON Lines a missing column reads as empty, so an empty one is refused too). Any other
#: column may be left out, by a table written by hand or by an older newsfacts: it reads as empty
KEY_COLUMNS = ("article_id", "kind", "start", "end")


class TableError(ValueError):
    """A file that is not a table of the columns asked for: another table, or a damaged one. The
    message says what is wrong and where (the column, the row or line, the part of a dataset)."""


class TableFormat:
    """One table format: streams rows into a file and reads a table back.

    A subclass opens its file in `__init__`, appends rows in `write`, finishes the file in
    `close` and reads a file back as an Arrow table in `read`.
    """

    def __init__(self, path: Path, columns: list[str], arrow_schema: pa.Schema) -> None:
        """
        path (Path): the (temporary) file to write.
        columns (list[str]): the columns, in order.
        arrow_schema (pa.Schema): their Arrow types.
        """
        self.path = path
        self.columns = columns
        self.arrow_schema = arrow_schema

    def write(self, rows: list[dict[str, Any]]) -> None:
        """Append rows (dicts keyed by column)."""
        raise NotImplementedError

    def close(self, complete: bool) -> None:
        """Finish the file; `complete` is False when the table is abandoned."""
        raise NotImplementedError

    @classmethod
    def read(cls, path: Union[str, Path], arrow_schema: pa.Schema) -> pa.Table:
        """Read a file of this format as an Arrow table with the schema's types."""
        raise NotImplementedError

    @classmethod
    def read_rows(cls, path: Union[str, Path]) -> list[dict[str, Any]]:
        """Read a file of this format back into rows (None for empty cells)."""
        return cls.read(path, None).to_pylist()

    @classmethod
    def column_names(cls, path: Union[str, Path]) -> Optional[list[str]]:
        """The columns a file of this format says it has, even with no rows; None for a format
        that names columns only in its rows (JSON Lines)."""
        return None


class ParquetTable(TableFormat):
    """Apache Parquet (zstd), written in row groups so that memory stays bounded."""

    #: rows held before they are written as one row group: 10,000 rows (some 200 articles) keep a
    #: long run's memory flat (50,000 held 100 MiB more at its peak)
    row_group_size = 10_000

    def __init__(self, path: Path, columns: list[str], arrow_schema: pa.Schema) -> None:
        super().__init__(path, columns, arrow_schema)
        self.buffer: list[dict[str, Any]] = []
        self.writer = pq.ParquetWriter(path, arrow_schema, compression="zstd")

    def write(self, rows: list[dict[str, Any]]) -> None:
        self.buffer.extend(rows)
        if len(self.buffer) >= self.row_group_size:
            self._flush()

    def _flush(self) -> None:
        if self.buffer:
            table = pa.Table.from_pydict({c: [r.get(c) for r in self.buffer] for c in self.columns},
                                         schema=self.arrow_schema)
            self.writer.write_table(table, row_group_size=self.row_group_size)
            self.buffer = []

    def close(self, complete: bool) -> None:
        try:
            if complete:
                self._flush()
        finally:
            self.writer.close()

    @classmethod
    def read(cls, path: Union[str, Path], arrow_schema: Optional[pa.Schema]) -> pa.Table:
        """A file, or a dataset folder read part by part as its `_metadata` lists them (a part
        missing or damaged is an error, never fewer rows); a file without one of the schema's
        `KEY_COLUMNS` is a TableError, its other columns read as empty when missing."""
        path = Path(path)
        files, own = dataset_parts(path) if path.is_dir() else ([path], pq.read_schema(path))
        if arrow_schema is not None:
            require_columns(own.names, [c for c in KEY_COLUMNS if c in arrow_schema.names])
        tables = [pq.read_table(file, schema=arrow_schema) for file in files]
        return pa.concat_tables(tables) if tables else (arrow_schema or own).empty_table()

    @classmethod
    def column_names(cls, path: Union[str, Path]) -> Optional[list[str]]:
        path = Path(path)
        return (dataset_parts(path)[1] if path.is_dir() else pq.read_schema(path)).names


class CsvTable(TableFormat):
    """CSV with a header line; empty cells for missing values.

    A text cell that a spreadsheet would run as a formula (one starting with =, +, -, @, a tab or
    a carriage return, and not a plain number such as "-5" or "-3.2e4") is written with a single
    quote before it, as OWASP's "CSV Injection" page advises; so that the quote can be told from
    a text's own, a text that starts with quotes before such a character gets one more. `read`
    and `read_rows` take that quote off again: the cells read are the cells given to `write`.
    """

    def __init__(self, path: Path, columns: list[str], arrow_schema: pa.Schema) -> None:
        super().__init__(path, columns, arrow_schema)
        self.handle = open(path, "w", encoding="utf-8", newline="")
        self.handle.write(_csv_line(columns))

    def write(self, rows: list[dict[str, Any]]) -> None:
        self.handle.writelines(_csv_line(["" if row.get(c) is None else str(_cell(_inert(row.get(c))))
                                          for c in self.columns]) for row in rows)

    def close(self, complete: bool) -> None:
        self.handle.close()

    @classmethod
    def read(cls, path: Union[str, Path], arrow_schema: Optional[pa.Schema]) -> pa.Table:
        import pyarrow.compute as pc
        import pyarrow.csv as pcsv

        table = pcsv.read_csv(path, parse_options=pcsv.ParseOptions(newlines_in_values=True),
                              convert_options=pcsv.ConvertOptions(column_types=arrow_schema, strings_can_be_null=True))
        for i, column in enumerate(table.columns):
            if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
                quoted = pc.match_substring_regex(column, _QUOTED.pattern)
                if pc.any(quoted).as_py():
                    table = table.set_column(i, table.field(i), pc.if_else(quoted, pc.utf8_slice_codeunits(column, 1),
                                                                           column))
        return table

    @classmethod
    def read_rows(cls, path: Union[str, Path]) -> list[dict[str, Any]]:
        with open(path, encoding="utf-8", newline="") as handle:
            return [{k: (_uninert(v) if v != "" else None) for k, v in row.items()} for row in csv.DictReader(handle)]

    @classmethod
    def column_names(cls, path: Union[str, Path]) -> Optional[list[str]]:
        with open(path, encoding="utf-8", newline="") as handle:
            return next(csv.reader(handle), [])


#: a CSV cell a spreadsheet would run as a formula (OWASP, "CSV Injection"), after any quotes
#: before it; and a plain number, which it reads as a number
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_QUOTED = re.compile(r"^'+[=+\-@\t\r]")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)


def _csv_line(cells: list[str]) -> str:
    """One CSV line as `csv.writer(lineterminator="\\n")` writes it, but with a cell holding a lone
    carriage return quoted too (the csv module quotes only the line terminator's characters, and
    every reader ends a line at a bare "\\r")."""
    return ",".join(f'"{cell.replace(chr(34), chr(34) * 2)}"' if _CSV_SPECIAL.search(cell) else cell
                    for cell in cells) + "\n"


_CSV_SPECIAL = re.compile(r'[,"\n\r]')


def _inert(value: Any) -> Any:
    """A text cell for CSV that no spreadsheet runs as a formula: see `CsvTable`."""
    if isinstance(value, str) and _FORMULA.match(value) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def _uninert(cell: str) -> str:
    """The text `_inert` was given."""
    return cell[1:] if _QUOTED.match(cell) else cell


class JsonlTable(TableFormat):
    """JSON Lines: one object per row, keys in column order."""

    def __init__(self, path: Path, columns: list[str], arrow_schema: pa.Schema) -> None:
        super().__init__(path, columns, arrow_schema)
        self.handle = open(path, "w", encoding="utf-8", newline="")

    def write(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            self.handle.write(json.dumps({c: row.get(c) for c in self.columns},
                                         ensure_ascii=False, allow_nan=False) + "\n")

    def close(self, complete: bool) -> None:
        self.handle.close()

    @classmethod
    def read(cls, path: Union[str, Path], arrow_schema: Optional[pa.Schema]) -> pa.Table:
        import pyarrow.json as pj

        return pj.read_json(path, parse_options=pj.ParseOptions(explicit_schema=arrow_schema))

    @classmethod
    def read_rows(cls, path: Union[str, Path]) -> list[dict[str, Any]]:
        """The rows; TableError naming the line for one that is not a JSON object."""
        rows = []
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as err:
                    raise TableError(f"line {number} is not JSON ({err.msg} at column {err.colno})") from None
                except (ValueError, RecursionError) as err:
                    raise TableError(f"line {number} is not JSON ({str(err) or type(err).__name__})") from None
                if not isinstance(row, dict):
                    raise TableError(f"line {number} is {describe(row)}, not a row (a JSON object)")
                rows.append(row)
        return rows


#: output formats by file extension
FORMATS: dict[str, type[TableFormat]] = {
    ".parquet": ParquetTable,
    ".csv": CsvTable,
    ".jsonl": JsonlTable,
}


#: the file in a dataset folder that marks it as one of ours: Parquet's own summary of the parts
DATASET_METADATA = "_metadata"


def is_dataset(path: Union[str, Path]) -> bool:
    """A Parquet dataset folder written by `DatasetWriter` (it holds `_metadata`)."""
    path = Path(path)
    return path.is_dir() and (path / DATASET_METADATA).is_file()


def dataset_parts(path: Union[str, Path]) -> tuple[list[Path], "pa.Schema"]:
    """The part files of a dataset folder, in order, as its `_metadata` lists them, and its schema.
    Each part is checked to be there with the rows `_metadata` records for it, so that a part
    deleted, cut short or replaced is an error rather than a smaller table.

    RAISES TableError: the folder has no `_metadata`, or a part is missing or does not match it.
    """
    path = Path(path)
    if not (path / DATASET_METADATA).is_file():
        raise TableError(f"a folder without {DATASET_METADATA}, so not a dataset written by newsfacts")
    try:
        metadata = pq.read_metadata(path / DATASET_METADATA)
        schema = metadata.schema.to_arrow_schema()
    except (OSError, ValueError) as err:
        raise TableError(f"its {DATASET_METADATA} cannot be read ({str(err).splitlines()[0]})") from None
    rows: dict[str, int] = {}  # part -> rows, in the order of the row groups
    for group in range(metadata.num_row_groups):
        row_group = metadata.row_group(group)
        name = row_group.column(0).file_path if row_group.num_columns else ""
        rows[name] = rows.get(name, 0) + row_group.num_rows
    parts = []
    for name, expected in rows.items():
        part = path / name
        if not name or Path(name).is_absolute() or ".." in Path(name).parts:
            raise TableError(f"its {DATASET_METADATA} names a part {name!r} outside the folder")
        if not part.is_file():
            raise TableError(f"{name}, one of the {len(rows)} parts its {DATASET_METADATA} lists, is missing")
        try:
            found = pq.read_metadata(part).num_rows
        except (OSError, ValueError) as err:
            raise TableError(f"its part {name} is damaged ({str(err).splitlines()[0]})") from None
        if found != expected:
            raise TableError(f"its part {name} has {found} rows where {DATASET_METADATA} records {expected} "
                             f"(damaged or replaced)")
        parts.append(part)
    return parts, schema


def table_format(path: Union[str, Path]) -> type[TableFormat]:
    """The format named by a file's extension; ValueError for an unknown one."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{path}: unknown output format {suffix!r}: use {', '.join(FORMATS)}")
    return FORMATS[suffix]


def arrow_schema(schema: dict[str, tuple[str, str]]) -> pa.Schema:
    """The Arrow schema of a table schema (column -> (type, meaning))."""
    return pa.schema([(c, _ARROW_TYPES[t]) for c, (t, _) in schema.items()])


class TableWriter:
    """Stream rows into a table file that appears only once it is complete.

    Use as a context manager: on a clean exit the table is moved into place (or, with
    `publish=False`, kept complete in its temporary file until `publish()`); on an exception
    the temporary file is removed and any previous table is left as it was.
    """

    def __init__(self, path: Union[str, Path], schema: dict[str, tuple[str, str]], *,
                 publish: bool = True) -> None:
        """
        path (str | Path): the table to write; its extension picks the format.
        schema (dict): column -> (type, meaning), types "string", "int64" or "double".
        publish (bool): move the table into place on a clean exit; else wait for `publish()`.
        """
        self.path = Path(path)
        self.format = table_format(self.path)
        self.columns = list(schema)
        self.arrow_schema = arrow_schema(schema)
        self.auto_publish = publish
        self.tmp: Optional[Path] = None
        self._table: Optional[TableFormat] = None
        self.rows = 0

    def __enter__(self) -> "TableWriter":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        os.close(fd)
        self.tmp = Path(name)
        try:
            self._table = self.format(self.tmp, self.columns, self.arrow_schema)
        except BaseException:
            self.discard()
            raise
        return self

    def write(self, rows: Iterable[dict[str, Any]]) -> None:
        """Append rows (dicts keyed by column)."""
        rows = list(rows)
        if rows:
            self.rows += len(rows)
            self._table.write(rows)

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            self._finish(complete=exc_type is None)
        except BaseException:
            self.discard()
            raise
        if exc_type is not None:
            self.discard()
        elif self.auto_publish:
            self.publish()

    def _finish(self, complete: bool) -> None:
        """Close the file; `complete` is False when the table is abandoned."""
        table, self._table = self._table, None
        if table is not None:
            table.close(complete=complete)

    def sha256(self) -> str:
        """The hash of the complete table (before or after it is published): see `table_sha256`."""
        return table_sha256(self.tmp if self.tmp is not None else self.path)

    #: permissions of the published table, less the umask (mkstemp makes the temporary file private)
    mode = 0o666

    def staged(self) -> tuple[Path, Path]:
        """The complete temporary table, made readable as any table, and the table's path: the move
        that `publish` makes, for `publish_together` to make with the moves of other files."""
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self.tmp, self.mode & ~umask)
        return self.tmp, self.path

    def publish(self) -> None:
        """Move the complete table into place."""
        try:
            os.replace(*self.staged())
        except BaseException:
            self.discard()
            raise
        self.tmp = None

    def forget(self) -> None:
        """The temporary table was moved into place (by `publish_together`): nothing to discard."""
        self.tmp = None

    def discard(self) -> None:
        """Remove the temporary file, if any; the previous table stays as it was."""
        if self.tmp is not None:
            self.tmp.unlink(missing_ok=True)
            self.tmp = None


def stage_text(path: Union[str, Path], text: str, mode: int = 0o644) -> Path:
    """Write `text` whole to a temporary file beside `path` and return it, for `os.replace` or
    `publish_together`; on any failure nothing is left.

    RAISES OSError: the folder cannot be written (full, read-only, missing).
    """
    path = Path(path)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(name, mode)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def atomic_text(path: Union[str, Path], text: str, mode: int = 0o644) -> None:
    """Write `text` to `path` whole or not at all: a temporary file beside it, moved into place."""
    tmp = stage_text(path, text, mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class PublishError(OSError):
    """A publication that failed and could not be undone in full; `note` says where the previous
    files are, for a message that tells the truth."""

    def __init__(self, error: OSError, note: str) -> None:
        super().__init__(error.errno, error.strerror or str(error), error.filename)
        self.note = note


def publish_together(moves: Sequence[tuple[Path, Path]]) -> None:
    """Move complete temporary files or folders into place as one publication: either every
    target is the new one, or, should a move fail, every target is as it was.

    Each previous target is kept aside until all have moved: a file by a hard link beside it (it
    stays in place until the new file replaces it), a folder (or a file where hard links are not
    possible) moved to `.<name>.<random>.old`, which the next run puts back should a crash fall
    between the two moves (`datasets.restore_moved_aside`). The temporaries of moves not made are
    left for the caller to remove.

    moves (Sequence[tuple[Path, Path]]): (temporary, target) pairs, each in the target's folder.
    RAISES OSError: a move failed and all were undone. PublishError: one could not be undone.
    """
    made: list[tuple[Path, Optional[Path], bool, bool]] = []  # target, aside, moved aside, new in place
    try:
        for tmp, target in moves:
            aside, renamed = _keep_aside(target, linked=not tmp.is_dir())
            made.append((target, aside, renamed, False))
            (os.rename if tmp.is_dir() else os.replace)(tmp, target)  # a folder replaces nothing: its target is aside
            made[-1] = (target, aside, renamed, True)
    except OSError as error:
        _undo(made, error)
        raise
    except BaseException:
        _undo(made, None)
        raise
    for _, aside, _, _ in made:
        if aside is not None:
            remove_path(aside)


def _keep_aside(target: Path, linked: bool) -> tuple[Optional[Path], bool]:
    """Keep the previous `target` (if any) under a hidden name beside it; RETURNS that name and
    whether the target itself was moved there rather than linked (a folder, a file to be replaced
    by a folder, or a file on a system without hard links).

    linked (bool): a file replaces the target, so a hard link may keep a previous file.
    """
    if not (target.exists() or target.is_symlink()):
        return None, False
    aside = target.with_name(f".{target.name}.{secrets.token_hex(4)}.old")
    if linked and (not target.is_dir() or target.is_symlink()):
        try:
            os.link(target, aside, follow_symlinks=False)
            return aside, False
        except OSError:
            pass
    os.rename(target, aside)
    return aside, True


def _undo(made: list[tuple[Path, Optional[Path], bool, bool]], error: Optional[OSError]) -> None:
    """Put the previous targets of a failed publication back, the last first.

    RAISES PublishError: one or more could not be put back (saying where each is kept)."""
    kept = []
    for target, aside, renamed, moved in reversed(made):
        try:
            if moved and (aside is None or target.is_dir()):
                remove_path(target)  # the new file or folder: it had no predecessor, or one moved aside
            if aside is not None and (moved or renamed):
                os.replace(aside, target)
            elif aside is not None:
                aside.unlink(missing_ok=True)  # a hard link to the target, which never moved
        except OSError as failed:
            error = error or failed
            kept.append(f"the previous {target} could not be put back: it is kept as {aside}")
    if kept:
        raise PublishError(error, "; ".join(kept) + "; move it back by hand before the next run")


def remove_path(path: Path) -> None:
    """Remove a file or a folder with everything in it; nothing if it is not there."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def table_sha256(path: Union[str, Path]) -> str:
    """The hash of a table: of its bytes for a file; for a dataset folder, of each file's
    relative name and bytes, in sorted order."""
    path = Path(path)
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        if path.is_dir():
            digest.update(file.relative_to(path).as_posix().encode() + b"\0")
        with open(file, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def _cell(value: Any) -> Any:
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ""
    return value


def write_table(path: Union[str, Path], rows: Iterable[dict[str, Any]],
                schema: dict[str, tuple[str, str]]) -> int:
    """Write all rows to `path` atomically; RETURNS the number of rows written."""
    with TableWriter(path, schema) as writer:
        writer.write(rows)
    return writer.rows


def read_arrow(path: Union[str, Path], schema: dict[str, tuple[str, str]]) -> pa.Table:
    """Read a table written by `TableWriter` as an Arrow table with its schema's types:
    columnar, so a large previous table costs little memory.

    RAISES TableError: the file lacks one of the schema's `KEY_COLUMNS`, or a row has no value in
        one (its other columns read as empty when missing); FileNotFoundError, or the format's own
        error, for a file it cannot read.
    """
    _check_source(path)
    wanted = arrow_schema(schema)
    table = table_format(path).read(path, wanted)
    require_columns(table.column_names, [c for c in KEY_COLUMNS if c in schema])
    for field in wanted:
        if field.name not in table.column_names:  # CSV leaves it out, as Parquet and JSON do not
            table = table.append_column(field, pa.nulls(len(table), field.type))
    for column in (c for c in KEY_COLUMNS if c in schema):
        if table.column(column).null_count:
            row = table.column(column).is_null().index(True).as_py() + 1
            raise TableError(f"row {row} has no {column}, so it is not a fact table")
    return table


def read_table(path: Union[str, Path], schema: Optional[dict[str, tuple[str, str]]] = None) -> list[dict[str, Any]]:
    """Read a table written by `TableWriter` back into rows (None for empty cells).

    schema (Optional[dict]): when given, every row must have a value in each of the schema's
        `KEY_COLUMNS` and values of its types (as text in a CSV file), else TableError.
    """
    _check_source(path)
    table = table_format(path)
    rows = table.read_rows(path)
    if schema is not None:
        named = table.column_names(path)
        if named is not None:
            require_columns(named, [c for c in KEY_COLUMNS if c in schema])
        check_rows(rows, schema)
    return rows


def _check_source(path: Union[str, Path]) -> None:
    """RAISES TableError: `path` is neither a regular file nor a dataset folder (a named pipe
    would be waited on for ever)."""
    path = Path(path)
    if path.exists() and not (path.is_file() or path.is_dir()):
        raise TableError("not a regular file (a named pipe, socket or device)")


def require_columns(present: Iterable[str], wanted: Iterable[str]) -> None:
    """RAISES TableError naming the columns of `wanted` that are not `present`."""
    present = set(present)
    missing = [c for c in wanted if c not in present]
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        raise TableError(f"it has no column{'s' if len(missing) > 1 else ''} {shown}, so it is not a fact table")


def _fits(value: Any, kind: str) -> bool:
    """A cell of type `kind` ("string", "int64", "double"), as a value or as the text of a CSV cell."""
    if kind == "string":
        return isinstance(value, str)
    if isinstance(value, bool):
        return False
    if isinstance(value, str):
        try:
            (int if kind == "int64" else float)(value)
        except ValueError:
            return False
        return True
    return isinstance(value, int) if kind == "int64" else isinstance(value, (int, float))


def check_rows(rows: Iterable[Any], schema: dict[str, tuple[str, str]]) -> None:
    """RAISES TableError for the first row that is not a row of `schema`: not a mapping, no value
    in one of its `KEY_COLUMNS`, or a value of another type than its column's."""
    keys = [c for c in KEY_COLUMNS if c in schema]
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise TableError(f"row {number} is {describe(row)}, not a row of columns")
        if number == 1:
            require_columns(row, keys)
        for column in keys:
            if row.get(column) in (None, ""):
                raise TableError(f"row {number} has no {column}, so it is not a fact table")
        for column, (kind, _) in schema.items():
            value = row.get(column)
            if value is not None and not _fits(value, kind):
                shown = repr(value)[:40] if isinstance(value, str) else describe(value)
                raise TableError(f"row {number}: {column} is {shown}, not of type {kind}")
