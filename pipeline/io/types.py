"""The column types of a table (`core.schema.TYPES`) in Arrow, in text, and read back.

Parquet stores each type as itself. CSV and JSON Lines store text: a timestamp as ISO 8601
("2024-05-01T00:00:00"), a date as "2024-05-03", a category as its text; the offsets of
`mention_offsets` are a list of {"start", "end"} objects in JSON Lines, and "0-5 120-122" in CSV,
which has no lists. `conform` turns a table read from any of them, or from a table an older
newsfacts wrote (offsets as text, categories as plain strings), into the schema's types.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Optional

import pyarrow as pa
import pyarrow.compute as pc

#: the {start, end} character offsets of one mention
OFFSET = pa.struct([("start", pa.int64()), ("end", pa.int64())])

ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "category": pa.dictionary(pa.int32(), pa.string()),
    "int64": pa.int64(),
    "double": pa.float64(),
    "timestamp": pa.timestamp("s"),
    "day": pa.date32(),
    "offsets": pa.list_(OFFSET),
}

_PAIR = re.compile(r"(\d+)-(\d+)")


def text_schema(schema: Optional[pa.Schema], fmt: str) -> Optional[pa.Schema]:
    """The types to read a table of `schema` as from a text format ("csv" or "jsonl"), before
    `conform`: categories as strings; in JSON Lines dates as strings and offsets left to the reader
    (lists, or the text of older tables); in CSV offsets as text."""
    if schema is None:
        return None
    fields = []
    for field in schema:
        kind = field.type
        if pa.types.is_dictionary(kind) or (pa.types.is_list(kind) and fmt == "csv") or (
                pa.types.is_date(kind) and fmt == "jsonl"):
            kind = pa.string()
        elif pa.types.is_list(kind):
            continue
        fields.append(pa.field(field.name, kind))
    return pa.schema(fields)


def arrange(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """`table` with the columns of `schema` first, in its order and types (`conform`; a column it
    lacks as nulls), then any others it has."""
    table = conform(table, schema)
    columns = [table.column(f.name) if f.name in table.column_names else pa.nulls(len(table), f.type)
               for f in schema]
    others = [name for name in table.column_names if name not in schema.names]
    return pa.table(columns + [table.column(name) for name in others],
                    schema=pa.schema(list(schema) + [table.schema.field(name) for name in others]))


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """`table` with each column of `schema` that it has in the schema's type: text parsed (dates,
    timestamps, "0-5 120-122" offsets), strings dictionary-encoded, a column of nulls typed."""
    for field in schema:
        if field.name not in table.column_names:
            continue
        index = table.column_names.index(field.name)
        column = table.column(index)
        if column.type != field.type:
            table = table.set_column(index, field, _convert(column, field.type))
    return table


def _convert(column: pa.ChunkedArray, target: pa.DataType) -> pa.ChunkedArray:
    if pa.types.is_null(column.type):
        return pa.chunked_array([pa.nulls(len(column), target)])
    if pa.types.is_list(target):
        return pa.chunked_array([pa.array([parse_offsets(value) for value in column.to_pylist()], target)])
    if pa.types.is_dictionary(target):
        return pc.cast(pc.cast(column, pa.string()), target)
    return pc.cast(column, target)


def parse_offsets(value: Any) -> Optional[list[dict[str, int]]]:
    """Mention offsets in any form a table holds them (a list of {start, end}, or of pairs; the
    text "0-5 120-122" of CSV and of older tables) as a list of {"start", "end"}; None for none."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return [{"start": int(a), "end": int(b)} for a, b in _PAIR.findall(value)]
    return [{"start": int(item["start"]), "end": int(item["end"])} if isinstance(item, dict)
            else {"start": int(item[0]), "end": int(item[1])} for item in value]


def offsets_text(value: Any) -> str:
    """Mention offsets as CSV writes them: "0-5 120-122"."""
    return " ".join(f"{item['start']}-{item['end']}" for item in parse_offsets(value) or [])


def text_value(value: Any) -> Any:
    """A cell of a text format: timestamps and dates as ISO 8601, lists of offsets as they are
    (JSON) -- for CSV, `offsets_text` makes them text; anything else as it is."""
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return value
