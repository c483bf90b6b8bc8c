"""Table formats: Parquet, CSV or JSON Lines by extension, and reading a table back.

Each format is one `TableFormat` class in the `FORMATS` registry (suffix -> class): adding a
format is a class and a registry line. A table is read with its schema's types, and a file that
is not a fact table (a column missing, a row without a key, a damaged dataset part) is a
`TableError` that says what and where. Writing a table whole is `pipeline.io.writing`.
"""

from __future__ import annotations

import csv
import json
import math
import re
from pathlib import Path
from typing import Any, Iterable, Optional, Union

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.core.records import describe

from .types import ARROW_TYPES, arrange, conform, offsets_text, text_schema, text_value

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
        if arrow_schema is None:
            tables = [pq.read_table(file) for file in files]
        else:  # each type as the schema says, whatever the file has (a table of an older newsfacts)
            wanted = [name for name in own.names if name in arrow_schema.names]
            tables = [arrange(pq.read_table(file, columns=wanted), arrow_schema) for file in files]
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
                              convert_options=pcsv.ConvertOptions(column_types=text_schema(arrow_schema, "csv"),
                                                                  strings_can_be_null=True))
        for i, column in enumerate(table.columns):
            if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
                quoted = pc.match_substring_regex(column, _QUOTED.pattern)
                if pc.any(quoted).as_py():
                    table = table.set_column(i, table.field(i), pc.if_else(quoted, pc.utf8_slice_codeunits(column, 1),
                                                                           column))
        return table if arrow_schema is None else conform(table, arrow_schema)

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
            self.handle.write(json.dumps({c: text_value(row.get(c)) for c in self.columns},
                                         ensure_ascii=False, allow_nan=False) + "\n")

    def close(self, complete: bool) -> None:
        self.handle.close()

    @classmethod
    def read(cls, path: Union[str, Path], arrow_schema: Optional[pa.Schema]) -> pa.Table:
        import pyarrow.json as pj

        table = pj.read_json(path, parse_options=pj.ParseOptions(explicit_schema=text_schema(arrow_schema, "jsonl")))
        return table if arrow_schema is None else conform(table, arrow_schema)

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
    return pa.schema([(c, ARROW_TYPES[t]) for c, (t, _) in schema.items()])


def _cell(value: Any) -> Any:
    """A value as CSV writes it: floats exactly, offsets as "0-5 120-122", dates in ISO 8601."""
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ""
    if isinstance(value, list):
        return offsets_text(value)
    return text_value(value)


def require_columns(present: Iterable[str], wanted: Iterable[str]) -> None:
    """RAISES TableError naming the columns of `wanted` that are not `present`."""
    present = set(present)
    missing = [c for c in wanted if c not in present]
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        raise TableError(f"it has no column{'s' if len(missing) > 1 else ''} {shown}, so it is not a fact table")
