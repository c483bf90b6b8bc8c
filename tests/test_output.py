"""Tables: formats, atomic writes and byte-identical re-runs."""

import pytest

from pipeline.facts import SCHEMA
from pipeline.output import TableWriter, read_table, write_table

ROWS = [dict.fromkeys(SCHEMA) | {"article_id": "a", "fact_id": "q1-5", "kind": "quantity", "start": 1,
                                  "end": 5, "si_value": 1.9353, "value": "1.9353 kg", "text": "café"}]


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl"])
def test_round_trip_and_identical_bytes(tmp_path, suffix):
    first, second = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
    write_table(first, ROWS, SCHEMA)
    write_table(second, ROWS, SCHEMA)
    assert first.read_bytes() == second.read_bytes()
    [row] = read_table(first)
    assert row["text"] == "café" and float(row["si_value"]) == 1.9353 and list(row) == list(SCHEMA)


def test_a_crash_leaves_the_previous_table(tmp_path):
    path = tmp_path / "facts.jsonl"
    write_table(path, ROWS, SCHEMA)
    before = path.read_bytes()
    with pytest.raises(RuntimeError):
        with TableWriter(path, SCHEMA) as writer:
            writer.write(ROWS * 3)
            raise RuntimeError("killed")
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["facts.jsonl"]


def test_unknown_format(tmp_path):
    with pytest.raises(ValueError, match="unknown output format"):
        write_table(tmp_path / "facts.xlsx", ROWS, SCHEMA)
