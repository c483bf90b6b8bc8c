"""Reading a fact table (or any table of a schema) back, in any format: as an Arrow table with
the schema's types (`read_arrow`, columnar) or as rows (`read_table`), checked to be a table of
that schema: a file without one of its key columns, or a row without a key or of another type,
is a `TableError` that says which column, row or line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Iterable, Optional, Union

import pyarrow as pa

from pipeline.core.records import describe

from .tables import KEY_COLUMNS, TableError, arrow_schema, require_columns, table_format
from .types import parse_offsets


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


def _fits(value: Any, kind: str) -> bool:
    """A cell of type `kind` (`core.schema.TYPES`), as a value or as the text of a CSV cell."""
    if kind in ("string", "category"):
        return isinstance(value, str)
    if kind in ("timestamp", "day"):
        if isinstance(value, (dt.date, dt.datetime)):
            return True
        try:
            (dt.datetime if kind == "timestamp" else dt.date).fromisoformat(value)
        except (TypeError, ValueError):
            return False
        return True
    if kind == "offsets":
        try:
            parse_offsets(value)
        except (TypeError, ValueError, KeyError, IndexError):
            return False
        return True
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
