"""Partitions of the inputs, read apart, give the articles of one whole read: the same records,
order and origins (line numbers counted from each file's start), for JSON Lines, Parquet and
URLs; and a Parquet input gives the articles of the same JSON Lines input."""

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.core.records import Article
from pipeline.io.articles import read_articles
from pipeline.io.partitions import JSONL, PartitionReader, plan_partitions, rebase_origin
from tests.conftest import CORPUS

RECORDS = [{"id": f"a{i}", "published": "2024-09-24", "title": f"t{i}",
            "text": f"Article {i} said on Monday that {i} km of road would open." + " More words." * (i % 5)}
           for i in range(12)]


def read_in_partitions(inputs, partition_bytes):
    """What a cluster run's client gets: each partition read apart, origins rebased in order."""
    found, lines_before = [], {}
    partitions = plan_partitions(inputs, partition_bytes)
    for partition in partitions:
        reader = PartitionReader(partition, None)
        items = list(reader)
        base = lines_before.get(partition.source, 0)
        for item in items:
            found.append((getattr(item, "id", None) or item.article_id, rebase_origin(item.origin, partition.source, base),
                          getattr(item, "text", None), getattr(item, "problem", None)))
        if partition.kind == JSONL:
            lines_before[partition.source] = base + reader.lines
    return found, partitions


def whole(inputs):
    return [(getattr(i, "id", None) or i.article_id, i.origin, getattr(i, "text", None), getattr(i, "problem", None))
            for i in read_articles(inputs)]


def without_duplicates(found, expected):
    """`found` with the later occurrences of an id in place of the errors `expected` has for
    them: partitions are read apart, so the client looks for duplicate ids, not the reader."""
    duplicates = {(i, o): (i, o, t, p) for i, o, t, p in expected if "duplicate id" in (p or "")}
    return [duplicates.get((i, o), (i, o, t, p)) for i, o, t, p in found]


def messy_jsonl(path):
    """Good records between a BOM, CRLF line ends, blank lines, malformed JSON and bad records."""
    lines = [json.dumps(r) for r in RECORDS]
    lines[3:3] = ["", "{not json", json.dumps({"id": "x"}), "   "]
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode() + b"\n\xff\xfe\n" + json.dumps(RECORDS[0]).encode())
    return path


@pytest.mark.parametrize("partition_bytes", [1, 7, 100, 333, 1 << 20])
def test_jsonl_byte_ranges_read_every_line_once_with_its_line_number(tmp_path, partition_bytes):
    path = messy_jsonl(tmp_path / "in.jsonl")
    expected = whole([path])
    assert any("malformed" in (problem or "") for *_, problem in expected)  # the mess is there
    found, partitions = read_in_partitions([path], partition_bytes)
    assert without_duplicates(found, expected) == expected
    assert len(partitions) == max(1, -(-path.stat().st_size // partition_bytes))


def test_the_corpus_in_small_partitions_is_the_corpus():
    found, partitions = read_in_partitions([CORPUS / "articles"], 4096)
    assert len(partitions) > 10 and found == whole([CORPUS / "articles"])


def test_parquet_input_gives_the_articles_of_the_same_jsonl(tmp_path):
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    table = pa.Table.from_pylist(RECORDS)
    table = table.set_column(table.schema.get_field_index("published"), "published",
                             pa.array([None] * len(RECORDS), pa.date32()).fill_null(pa.scalar(19990, pa.date32())))
    pq.write_table(table, tmp_path / "in.parquet", row_group_size=5)
    from_parquet = [a for a in read_articles([tmp_path / "in.parquet"])]
    from_jsonl = [a for a in read_articles([jsonl])]
    assert all(isinstance(a, Article) for a in from_parquet)
    assert [(a.id, a.text, a.title) for a in from_parquet] == [(a.id, a.text, a.title) for a in from_jsonl]
    assert {a.published for a in from_parquet} == {"2024-09-24"}  # a date column is read as its ISO date
    assert from_parquet[6].origin == f"{tmp_path / 'in.parquet'}:7"
    found, partitions = read_in_partitions([tmp_path / "in.parquet"], 1)
    assert len(partitions) == 3  # one per row group
    assert found == whole([tmp_path / "in.parquet"])


def test_a_parquet_dataset_folder_is_read_in_file_order(tmp_path):
    folder = tmp_path / "articles.parquet"
    folder.mkdir()
    pq.write_table(pa.Table.from_pylist(RECORDS[6:]), folder / "part-1.parquet")
    pq.write_table(pa.Table.from_pylist(RECORDS[:6]), folder / "part-0.parquet")
    (folder / "_SUCCESS").write_text("")
    assert [a.id for a in read_articles([folder])] == [r["id"] for r in RECORDS]
    found, _ = read_in_partitions([folder], 1 << 20)
    assert [f[0] for f in found] == [r["id"] for r in RECORDS]


def test_a_parquet_file_in_a_folder_of_articles_is_not_read_as_articles(tmp_path):
    (tmp_path / "in.jsonl").write_text(json.dumps(RECORDS[0]) + "\n", encoding="utf-8")
    pq.write_table(pa.Table.from_pylist([{"x": 1}]), tmp_path / "facts.parquet")
    assert [a.id for a in read_articles([tmp_path])] == ["a0"]


def test_an_fsspec_url_reads_as_the_path(tmp_path):
    path = messy_jsonl(tmp_path / "in.jsonl")
    url = f"file://{path}"
    found, _ = read_in_partitions([url], 50)
    expected = [(i, o.replace(str(path), url), t, p.replace(str(path), url) if p else p)
                for i, o, t, p in whole([path])]
    assert without_duplicates(found, expected) == expected
    [(_, origin, _, problem)] = read_in_partitions([f"file://{tmp_path}/missing.jsonl"], 50)[0]
    assert problem == "no such file or folder" and origin.endswith("missing.jsonl")


def test_an_unreadable_parquet_file_is_an_error_not_a_crash(tmp_path):
    (tmp_path / "bad.parquet").write_bytes(b"not parquet at all")
    [(_, origin, _, problem)] = read_in_partitions([tmp_path / "bad.parquet"], 1 << 20)[0]
    assert "cannot read the Parquet file" in problem and origin == str(tmp_path / "bad.parquet")
    [error] = list(read_articles([tmp_path / "bad.parquet"]))
    assert "cannot read the Parquet file" in error.problem


def test_a_local_run_reads_urls_as_paths(tmp_path):
    from pipeline.io.partitions import read_inputs

    path = messy_jsonl(tmp_path / "in.jsonl")
    url = f"file://{path}"
    expected = [(i, o.replace(str(path), url), t, p.replace(str(path), url) if p else p)
                for i, o, t, p in whole([path])]
    assert [(getattr(i, "id", None) or i.article_id, i.origin, getattr(i, "text", None), getattr(i, "problem", None))
            for i in read_inputs([url])] == expected
    # a duplicate across a URL and a path is found as across two paths
    [*_, last] = read_inputs([url, tmp_path / "in.jsonl"])
    assert "duplicate id, first seen at file://" in last.problem
