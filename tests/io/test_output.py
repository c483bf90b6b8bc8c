"""Tables: formats, atomic writes and byte-identical re-runs."""

import pytest

from pipeline.core.schema import SCHEMA
from pipeline.io.reading import read_table
from pipeline.io.writing import TableWriter, write_table

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


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl"])
def test_a_full_disk_leaves_no_temp_file_and_the_previous_table(tmp_path, monkeypatch, suffix):
    import errno

    from pipeline.io import tables as output

    path = tmp_path / f"facts{suffix}"
    write_table(path, ROWS, SCHEMA)
    before = path.read_bytes()
    writer_class = output.FORMATS[suffix]

    def full(self, rows):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(writer_class, "write", full)
    with pytest.raises(OSError, match="No space left"):
        write_table(path, ROWS * 100_000, SCHEMA)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_a_failing_close_leaves_no_temp_file(tmp_path, monkeypatch):
    from pipeline.io import tables as output

    def fails(self, complete):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.FORMATS[".parquet"], "close", fails)
    with pytest.raises(OSError):
        write_table(tmp_path / "facts.parquet", ROWS, SCHEMA)
    assert list(tmp_path.iterdir()) == []


def test_an_output_format_is_one_class_and_one_registry_line(tmp_path, monkeypatch):
    from pipeline.io import tables as output

    class TsvWriter(output.TableFormat):
        def __init__(self, path, columns, arrow_schema):
            super().__init__(path, columns, arrow_schema)
            self.handle = open(path, "w", encoding="utf-8")
            self.handle.write("\t".join(columns) + "\n")

        def write(self, rows):
            for row in rows:
                self.handle.write("\t".join("" if row.get(c) is None else str(row[c]) for c in self.columns) + "\n")

        def close(self, complete):
            self.handle.close()

        @classmethod
        def read(cls, path, arrow_schema):
            import pyarrow.csv as pc

            return pc.read_csv(path, parse_options=pc.ParseOptions(delimiter="\t"),
                               convert_options=pc.ConvertOptions(column_types=arrow_schema, strings_can_be_null=True))

    monkeypatch.setitem(output.FORMATS, ".tsv", TsvWriter)
    write_table(tmp_path / "facts.tsv", ROWS, SCHEMA)
    [row] = read_table(tmp_path / "facts.tsv")
    assert row["text"] == "café" and row["si_value"] == 1.9353


def test_a_table_kept_unpublished_is_removed_by_discard(tmp_path):
    path = tmp_path / "facts.parquet"
    with TableWriter(path, SCHEMA, publish=False) as writer:
        writer.write(ROWS)
    assert not path.exists() and writer.sha256()
    writer.discard()
    assert list(tmp_path.iterdir()) == []
