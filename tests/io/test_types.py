"""Typed columns: timestamps, days, categories and lists of offsets written in every format and
read back with their types, and tables of an older newsfacts (offsets as text) still read."""

import datetime as dt
import json

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import pipeline
from pipeline.core.schema import SCHEMA
from pipeline.io.reading import read_arrow, read_table
from pipeline.io.writing import write_table

BASE = dict.fromkeys(SCHEMA)
ROWS = [BASE | {"article_id": "a", "fact_id": "e0-5", "kind": "entity", "label": "ORG", "start": 0, "end": 5,
                "mention_offsets": [{"start": 0, "end": 5}, {"start": 120, "end": 122}]},
        BASE | {"article_id": "a", "fact_id": "d9-17", "kind": "date", "label": "DATE", "start": 9, "end": 17,
                "value": "2024-05", "period_start": dt.datetime(2024, 5, 1), "period_end": dt.datetime(2024, 6, 1)},
        BASE | {"article_id": "a", "fact_id": "q20-25", "kind": "quantity", "label": "currency", "start": 20,
                "end": 25, "unit": "GBP", "amount": 125.5, "amount_unit": "USD", "exchange_rate": 1.255,
                "rate_date": dt.date(2024, 5, 3)}]


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl"])
def test_typed_columns_read_back_with_their_types(tmp_path, suffix):
    path = tmp_path / f"facts{suffix}"
    write_table(path, ROWS, SCHEMA)
    frame = pipeline.read_facts(path)
    assert isinstance(frame["kind"].dtype, pd.CategoricalDtype) and isinstance(frame["label"].dtype,
                                                                                pd.CategoricalDtype)
    assert isinstance(frame["unit"].dtype, pd.CategoricalDtype)
    assert str(frame["period_start"].dtype) == "datetime64[s]"
    assert frame["period_start"][1] == pd.Timestamp("2024-05-01") and frame["period_end"][1] == pd.Timestamp("2024-06-01")
    assert frame["rate_date"][2] == dt.date(2024, 5, 3)
    assert list(frame["mention_offsets"][0]) == [{"start": 0, "end": 5}, {"start": 120, "end": 122}]
    assert read_arrow(path, SCHEMA).schema.field("mention_offsets").type == pa.list_(
        pa.struct([("start", pa.int64()), ("end", pa.int64())]))
    read_table(path, SCHEMA)  # the rows pass the schema's checks


def test_json_lines_holds_a_list_and_iso_dates_csv_the_offsets_as_text(tmp_path):
    write_table(tmp_path / "f.jsonl", ROWS, SCHEMA)
    write_table(tmp_path / "f.csv", ROWS, SCHEMA)
    lines = [json.loads(line) for line in (tmp_path / "f.jsonl").read_text(encoding="utf-8").splitlines()]
    assert lines[0]["mention_offsets"] == [{"start": 0, "end": 5}, {"start": 120, "end": 122}]
    assert lines[1]["period_start"] == "2024-05-01T00:00:00" and lines[2]["rate_date"] == "2024-05-03"
    csv = (tmp_path / "f.csv").read_text(encoding="utf-8")
    assert ",0-5 120-122" in csv and "2024-05-01T00:00:00" in csv


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl"])
def test_a_table_of_an_older_newsfacts_reads_with_the_new_types(tmp_path, suffix):
    old = {"article_id": "a", "fact_id": "e0-5", "kind": "entity", "label": "ORG", "text": "Acme", "start": 0,
           "end": 5, "mentions": 2, "mention_offsets": "0-5 120-122"}
    path = tmp_path / f"old{suffix}"
    if suffix == ".parquet":
        pq.write_table(pa.Table.from_pylist([old]), path)
    elif suffix == ".jsonl":
        path.write_text(json.dumps(old) + "\n", encoding="utf-8")
    else:
        path.write_text(",".join(old) + "\n" + ",".join(str(v) for v in old.values()) + "\n", encoding="utf-8")
    frame = pipeline.read_facts(path)
    assert list(frame["mention_offsets"][0]) == [{"start": 0, "end": 5}, {"start": 120, "end": 122}]
    assert isinstance(frame["kind"].dtype, pd.CategoricalDtype) and frame["kind"][0] == "entity"
    assert frame["period_start"].isna().all() and frame["amount"].isna().all()
    read_table(path, SCHEMA)
