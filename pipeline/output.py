"""Writing tables: Parquet, CSV or JSON Lines by extension, atomically.

Rows are written to a temporary file beside the target and moved into place only when
the table is complete, so a crash never leaves a half-written table and the previous
table stays intact. The same rows always give byte-identical files.
"""

from __future__ import annotations

import csv
import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any, Iterable, Optional, Union

import pyarrow as pa
import pyarrow.parquet as pq

FORMATS = {".parquet": "parquet", ".csv": "csv", ".jsonl": "jsonl"}
_ARROW_TYPES = {"string": pa.string(), "int64": pa.int64(), "double": pa.float64()}


def table_format(path: Union[str, Path]) -> str:
    """The format named by a file's extension; ValueError for an unknown one."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{path}: unknown output format {suffix!r}: use .parquet, .csv or .jsonl")
    return FORMATS[suffix]


class TableWriter:
    """Stream rows into a table file that appears only once it is complete.

    Use as a context manager: on a clean exit the table is moved into place; on an
    exception the temporary file is removed and any previous table is left as it was.
    """

    def __init__(self, path: Union[str, Path], schema: dict[str, tuple[str, str]],
                 row_group_size: int = 50_000) -> None:
        """
        path (str | Path): the table to write; its extension picks the format.
        schema (dict): column -> (type, meaning), types "string", "int64" or "double".
        row_group_size (int): Parquet rows buffered per row group (memory stays bounded).
        """
        self.row_group_size = row_group_size
        self._buffer: list[dict[str, Any]] = []
        self.path = Path(path)
        self.format = table_format(self.path)
        self.columns = list(schema)
        self.arrow_schema = pa.schema([(c, _ARROW_TYPES[t]) for c, (t, _) in schema.items()])
        self._tmp: Optional[Path] = None
        self._handle = None
        self._parquet: Optional[pq.ParquetWriter] = None
        self._csv = None
        self.rows = 0

    def __enter__(self) -> "TableWriter":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        os.close(fd)
        self._tmp = Path(name)
        if self.format == "parquet":
            self._parquet = pq.ParquetWriter(self._tmp, self.arrow_schema, compression="zstd")
        else:
            self._handle = open(self._tmp, "w", encoding="utf-8", newline="")
            if self.format == "csv":
                self._csv = csv.writer(self._handle, lineterminator="\n")
                self._csv.writerow(self.columns)
        return self

    def write(self, rows: Iterable[dict[str, Any]]) -> None:
        """Append rows (dicts keyed by column); Parquet rows go out in row groups."""
        rows = list(rows)
        if not rows:
            return
        self.rows += len(rows)
        if self._parquet is not None:
            self._buffer.extend(rows)
            if len(self._buffer) >= self.row_group_size:
                self._flush()
        elif self._csv is not None:
            for row in rows:
                self._csv.writerow(["" if row.get(c) is None else _cell(row.get(c)) for c in self.columns])
        else:
            for row in rows:
                self._handle.write(json.dumps({c: row.get(c) for c in self.columns},
                                              ensure_ascii=False, allow_nan=False) + "\n")

    def _flush(self) -> None:
        if self._buffer:
            table = pa.Table.from_pylist([{c: r.get(c) for c in self.columns} for r in self._buffer],
                                         schema=self.arrow_schema)
            self._parquet.write_table(table, row_group_size=self.row_group_size)
            self._buffer = []

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._parquet is not None:
            if exc_type is None:
                self._flush()
            self._parquet.close()
        if self._handle is not None:
            self._handle.close()
        if exc_type is None:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(self._tmp, 0o666 & ~umask)  # mkstemp makes it private; a table is not
            os.replace(self._tmp, self.path)
        elif self._tmp is not None and self._tmp.exists():
            self._tmp.unlink()


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
    columnar, so a large previous table costs little memory."""
    fmt = table_format(path)
    arrow_schema = pa.schema([(c, _ARROW_TYPES[t]) for c, (t, _) in schema.items()])
    if fmt == "parquet":
        return pq.read_table(path, schema=arrow_schema)
    if fmt == "jsonl":
        import pyarrow.json as pj

        return pj.read_json(path, parse_options=pj.ParseOptions(explicit_schema=arrow_schema))
    import pyarrow.csv as pc

    return pc.read_csv(path, convert_options=pc.ConvertOptions(column_types=arrow_schema,
                                                               strings_can_be_null=True))


def read_table(path: Union[str, Path]) -> list[dict[str, Any]]:
    """Read a table written by `TableWriter` back into rows (None for empty cells)."""
    fmt = table_format(path)
    if fmt == "parquet":
        return pq.read_table(path).to_pylist()
    if fmt == "jsonl":
        with open(path, encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]
    with open(path, encoding="utf-8", newline="") as handle:
        return [{k: (v if v != "" else None) for k, v in row.items()} for row in csv.DictReader(handle)]
