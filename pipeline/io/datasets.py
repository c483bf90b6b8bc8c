"""Parquet datasets: a fact table as a folder of part files and `_metadata`, for runs whose
tables are too large for one file or that are written by a cluster (`--dask`).

`DatasetWriter` writes the folder under a temporary name and moves it into place, as
`writing.TableWriter` does with a file; `restore_moved_aside` puts a previous table back when a
crash fell between the two moves of a publication (`writing.publish_together`).
"""

from __future__ import annotations

import glob
import os
import tempfile
from pathlib import Path
from typing import Any, Iterable, Optional, Union

import pyarrow as pa  # noqa: F401 -- named in a type
import pyarrow.parquet as pq

# the reading side (what a dataset is, its parts) lives with the table formats in tables.py
from .tables import DATASET_METADATA, ParquetTable
from .writing import TableWriter, publish_together, remove_path


class DatasetWriter(TableWriter):
    """Stream rows into a Parquet dataset: a folder of part files (`part-000000.parquet`, ...,
    each of at most `rows_per_part` rows) and `_metadata`, Parquet's summary of them, which any
    Parquet reader (pyarrow, pandas, Dask, Spark, DuckDB) reads as one table.

    The folder is written under a temporary name and moved into place once complete, as
    `TableWriter` does with a file; the interface is the same. Parts are cut by row count, so the
    same rows give byte-identical parts however the work was split.
    """

    rows_per_part = 1_000_000

    def __init__(self, path: Union[str, Path], schema: dict[str, tuple[str, str]], *,
                 publish: bool = True, rows_per_part: Optional[int] = None) -> None:
        """
        path (str | Path): the dataset folder to write (named *.parquet).
        schema (dict): column -> (type, meaning), types "string", "int64" or "double".
        publish (bool): move the folder into place on a clean exit; else wait for `publish()`.
        rows_per_part (Optional[int]): rows per part file (default `DatasetWriter.rows_per_part`).
        """
        super().__init__(path, schema, publish=publish)
        self.rows_per_part = rows_per_part or self.rows_per_part
        self._part_rows = 0  # in the part being written, `self._table`
        self._parts: list[str] = []

    def __enter__(self) -> "DatasetWriter":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent))
        try:
            self._next_part()
        except BaseException:
            self.discard()
            raise
        return self

    def _next_part(self) -> None:
        if self._table is not None:
            self._table.close(complete=True)
        name = f"part-{len(self._parts):06d}.parquet"
        self._parts.append(name)
        self._table, self._part_rows = ParquetTable(self.tmp / name, self.columns, self.arrow_schema), 0

    def write(self, rows: Iterable[dict[str, Any]]) -> None:
        """Append rows (dicts keyed by column)."""
        rows = list(rows)
        while rows:
            if self._part_rows >= self.rows_per_part:
                self._next_part()
            room = self.rows_per_part - self._part_rows
            self._table.write(rows[:room])
            self._part_rows += len(rows[:room])
            self.rows += len(rows[:room])
            rows = rows[room:]

    def _finish(self, complete: bool) -> None:
        """Close the last part and, when complete, write `_metadata`."""
        super()._finish(complete)
        if not complete:
            return
        collected = []
        for name in self._parts:
            metadata = pq.read_metadata(self.tmp / name)
            metadata.set_file_path(name)
            collected.append(metadata)
        pq.write_metadata(self.arrow_schema, self.tmp / DATASET_METADATA, metadata_collector=collected)

    mode = 0o777  # a folder

    def publish(self) -> None:
        """Move the complete folder into place. A previous table (folder or file) is first kept
        aside, as `.<name>.<random>.old`, and removed once the new one is in place; should a crash
        fall between the two moves, the next run on this output puts it back (`restore_moved_aside`)."""
        try:
            publish_together([self.staged()])
        except BaseException:
            self.discard()
            raise
        self.tmp = None

    def discard(self) -> None:
        """Remove the temporary folder, if any; the previous table stays as it was."""
        if self.tmp is not None:
            remove_path(self.tmp)
            self.tmp = None


def restore_moved_aside(path: Path) -> Optional[Path]:
    """Put back the previous table (or errors table, or manifest) that a publication moved aside
    (`writing.publish_together`) when a crash fell between its two moves (`path` is missing and one
    `.<name>.*.old` is there); remove others.

    RETURNS (Optional[Path]): the folder or file put back, if any.
    """
    aside = sorted(path.parent.glob(f".{glob.escape(path.name)}.*.old"))
    restored = None
    if aside and not (path.exists() or path.is_symlink()):
        restored = aside.pop()
        os.rename(restored, path)
    for stale in aside:
        remove_path(stale)
    return restored
