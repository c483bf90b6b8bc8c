"""The same fact table on a Dask cluster (issue 12): a LocalCluster of 2 worker processes gives
the local run's rows and errors, survives a worker killed mid-run, and regenerates only what
changed; the dataset it writes is committed atomically."""

from __future__ import annotations

import json
import os
import re
import signal

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.core.failures import ExitCode
from pipeline.io.datasets import DatasetWriter
from pipeline.io.paths import errors_path, manifest_path, remove_stale_temp_files
from pipeline.io.reading import read_table
from pipeline.io.tables import DATASET_METADATA, is_dataset
from pipeline.run.batch import run_batch
from tests.conftest import CORPUS
from tests.run.test_batch import ARTICLES, write

#: small partitions, so that the corpus (148 KB) makes dozens of tasks, several per file
SMALL = 8_000


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def local_corpus_table(nlp, tmp_path_factory):
    table = tmp_path_factory.mktemp("local") / "facts.parquet"
    result = run_batch([CORPUS / "articles"], table, nlp)
    assert result.articles == 43
    return table


def sort_key(row):
    return row["article_id"], row["fact_id"]


def test_the_cluster_gives_the_rows_of_the_local_run_on_the_corpus(nlp, client, local_corpus_table, tmp_path):
    output = tmp_path / "facts.parquet"
    result = run_batch([CORPUS / "articles"], output, nlp, cluster=client, partition_bytes=SMALL)
    assert (result.articles, result.failed) == (43, 0)
    assert is_dataset(output) and sorted(p.name for p in output.iterdir()) == [DATASET_METADATA, "part-000000.parquet"]
    local, cluster = read_table(local_corpus_table), read_table(output)
    assert len(local) > 1000
    assert sorted(cluster, key=sort_key) == sorted(local, key=sort_key)
    assert cluster == local  # and in the same order: articles in input order
    manifest = json.loads(manifest_path(output).read_text())
    assert manifest["articles"] == json.loads(manifest_path(local_corpus_table).read_text())["articles"]


def test_bad_articles_are_error_rows_as_locally(nlp, client, tmp_path):
    good = [dict(a, id=f"{a['id']}{i}") for i in range(3) for a in ARTICLES]
    lines = [json.dumps(r) for r in good]
    lines[2:2] = ["{broken", json.dumps({"id": "no-text", "published": "2024-01-01"}),
                  json.dumps(dict(ARTICLES[0], id="bad-date", published="2024-02-31"))]
    lines.append(json.dumps(dict(ARTICLES[1], id="a0")))  # a duplicate id, partitions after the first
    corpus = tmp_path / "in.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    local = run_batch([corpus], tmp_path / "local.parquet", nlp)
    cluster = run_batch([corpus], tmp_path / "cluster.parquet", nlp, cluster=client, partition_bytes=150)
    assert (cluster.articles, cluster.failed) == (local.articles, local.failed) == (9, 4)
    errors = read_table(errors_path(tmp_path / "cluster.parquet"))
    assert errors == read_table(errors_path(tmp_path / "local.parquet"))
    assert [(e["article_id"], e["origin"]) for e in errors] == [
        ("", f"{corpus}:3"), ("no-text", f"{corpus}:4"), ("bad-date", f"{corpus}:5"), ("a0", f"{corpus}:13")]
    assert "duplicate id, first seen at" in errors[-1]["problem"]
    assert read_table(tmp_path / "cluster.parquet") == read_table(tmp_path / "local.parquet")


def test_a_worker_killed_mid_run_costs_a_retry_not_the_run(nlp, client, local_corpus_table, tmp_path):
    pids = client.run(os.getpid)
    killed = []

    def kill_a_busy_worker(item) -> None:
        if killed:
            return
        busy = [worker for worker, keys in client.processing().items() if keys]
        if busy:
            killed.append(pids[busy[0]])
            os.kill(pids[busy[0]], signal.SIGKILL)

    output = tmp_path / "facts.parquet"
    result = run_batch([CORPUS / "articles"], output, nlp, cluster=client, partition_bytes=SMALL,
                       on_item=kill_a_busy_worker)
    assert killed, "no worker was busy to kill"
    assert (result.articles, result.failed) == (43, 0)
    assert read_table(output) == read_table(local_corpus_table)
    client.wait_for_workers(2, timeout=120)
    assert killed[0] not in client.run(os.getpid).values()  # the nanny started a new worker


def test_regenerate_on_the_cluster_reprocesses_only_the_edited_article(nlp, client, tmp_path):
    corpus, output = tmp_path / "in.jsonl", tmp_path / "facts.parquet"
    write(corpus, ARTICLES)
    first = run_batch([corpus], output, nlp, cluster=client, incremental=True, partition_bytes=100)
    assert (first.processed, first.reused) == (3, 0)
    before = read_table(output)
    write(corpus, [ARTICLES[0], dict(ARTICLES[1], text="The council met on Wednesday and approved $3m for roads."),
                   ARTICLES[2]])
    second = run_batch([corpus], output, nlp, cluster=client, incremental=True, partition_bytes=100)
    assert (second.processed, second.reused) == (1, 2)
    [change] = second.changes
    assert change.article_id == "b" and [(a["value"], b["value"]) for a, b in change.changed] == \
        [("2024-03-12", "2024-03-13")]
    after = read_table(output)
    assert [r for r in after if r["article_id"] != "b"] == [r for r in before if r["article_id"] != "b"]
    assert after == read_table(_local_run(nlp, corpus, tmp_path / "local.parquet"))
    third = run_batch([corpus], output, nlp, cluster=client, incremental=True)
    assert (third.processed, third.reused, third.changes) == (0, 3, [])


def _local_run(nlp, corpus, table):
    run_batch([corpus], table, nlp)
    return table


def test_the_command_line_on_a_local_cluster(tmp_path):
    corpus, output = tmp_path / "in.jsonl", tmp_path / "out" / "facts.parquet"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in ARTICLES) + "{broken\n", encoding="utf-8")
    local = CliRunner().invoke(app, ["extract", str(corpus), "-o", str(tmp_path / "local.parquet"), "-q"])
    result = CliRunner().invoke(app, ["extract", str(corpus), "-o", str(output), "--dask", "local:2", "-q"])
    assert result.exit_code == local.exit_code == ExitCode.ARTICLES_FAILED, result.output
    dashboard, *lines = result.output.splitlines()
    assert dashboard.startswith("Dask dashboard: http://")
    same = lambda line: re.sub(r" \(in [^)]*\)|, [0-9.]+s -> .*", "", line)  # noqa: E731 -- time and outputs differ
    assert [same(line) for line in lines] == [same(line) for line in local.output.splitlines()]
    assert lines[-1].startswith("3 articles, ") and lines[-1].endswith(str(output))
    assert f", 1 errors (in {tmp_path / 'out' / 'facts.errors.parquet'}), " in lines[-1]
    assert f"error: {corpus}:4: a record: malformed JSON line" in result.output
    assert is_dataset(output) and read_table(output) == read_table(tmp_path / "local.parquet")
    corpus.write_text("".join(json.dumps(r) + "\n" for r in ARTICLES[:2]), encoding="utf-8")
    result = CliRunner().invoke(app, ["regenerate", str(corpus), "-o", str(output), "--dask", "local:1", "-q"])
    assert result.exit_code == 0, result.output
    assert "c: removed: +0 -2 ~0 facts" in result.output and "0 processed, 2 unchanged and reused" in result.output


@pytest.mark.parametrize("args, message", [
    (["--dask", "local:1000"], "CPUs"),
    (["--dask", "somewhere"], "tcp://HOST:8786"),
    (["--dask", "local:1", "--processes", "2"], "--processes and --dask"),
])
def test_a_bad_dask_option_is_refused_before_any_work(tmp_path, args, message):
    write(tmp_path / "in.jsonl", ARTICLES)
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "f.parquet"),
                                      *args, "-q"])
    assert result.exit_code == ExitCode.USAGE, result.output
    assert message in result.output and len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "f.parquet").exists()


def test_a_dataset_is_parquet_and_never_replaces_a_folder_of_something_else(tmp_path):
    write(tmp_path / "in.jsonl", ARTICLES)
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "f.csv"),
                                      "--dask", "local:1", "-q"])
    assert result.exit_code == ExitCode.USAGE and "ending in .parquet" in result.output
    (tmp_path / "photos.parquet").mkdir()
    (tmp_path / "photos.parquet" / "cat.jpg").write_bytes(b"\xff\xd8")
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "photos.parquet"),
                                      "--dask", "local:1", "-q"])
    assert result.exit_code == ExitCode.USAGE and "not a newsfacts dataset" in result.output
    assert (tmp_path / "photos.parquet" / "cat.jpg").exists()


def test_an_unreachable_scheduler_is_one_line(tmp_path):
    import dask

    write(tmp_path / "in.jsonl", ARTICLES)
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        result = CliRunner().invoke(app, ["extract", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "f.parquet"),
                                          "--dask", "tcp://127.0.0.1:9", "-q"])
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "cannot reach the scheduler" in result.output and len(result.output.strip().splitlines()) == 1


ROWS = [{"article_id": "a", "fact_id": f"d{i}", "kind": "date", "start": i} for i in range(7)]
SCHEMA = {"article_id": ("string", ""), "fact_id": ("string", ""), "kind": ("string", ""), "start": ("int64", "")}


def test_a_dataset_appears_only_once_complete(tmp_path):
    output = tmp_path / "facts.parquet"
    with DatasetWriter(output, SCHEMA, rows_per_part=3) as writer:
        writer.write(ROWS[:2])
        writer.write(ROWS[2:])
        assert not output.exists()
    assert sorted(p.name for p in output.iterdir()) == [DATASET_METADATA, "part-000000.parquet",
                                                        "part-000001.parquet", "part-000002.parquet"]
    assert read_table(output) == ROWS
    with pytest.raises(RuntimeError), DatasetWriter(output, SCHEMA) as writer:
        writer.write([dict(r, fact_id="new") for r in ROWS])
        raise RuntimeError("crash")
    assert read_table(output) == ROWS  # the previous dataset, untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facts.parquet"]  # no temporary folder left


def test_a_commit_killed_between_its_two_moves_is_put_back(tmp_path):
    output = tmp_path / "facts.parquet"
    with DatasetWriter(output, SCHEMA) as writer:
        writer.write(ROWS)
    os.rename(output, tmp_path / ".facts.parquet.ab12cd34.old")  # moved aside; the new one never came
    stale = tmp_path / ".facts.parquet.zz99yy88.tmp"
    stale.mkdir()
    (stale / "part-000000.parquet").write_bytes(b"half")
    remove_stale_temp_files(output)
    assert read_table(output) == ROWS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facts.parquet"]


def test_a_failed_move_into_place_puts_the_previous_dataset_back(tmp_path, monkeypatch):
    output = tmp_path / "facts.parquet"
    with DatasetWriter(output, SCHEMA) as writer:
        writer.write(ROWS)
    rename = os.rename

    def full_disk_on_the_second_move(source, target):
        if str(source).endswith(".tmp"):
            raise OSError(28, "No space left on device")
        rename(source, target)

    monkeypatch.setattr(os, "rename", full_disk_on_the_second_move)
    with pytest.raises(OSError), DatasetWriter(output, SCHEMA) as writer:
        writer.write(ROWS[:1])
    monkeypatch.undo()
    assert read_table(output) == ROWS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facts.parquet"]
