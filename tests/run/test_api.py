"""The Python API for notebooks: `pipeline.extract_frame` and `pipeline.read_facts` give the
table the command line writes, and `import pipeline` stays cheap."""

import json
import subprocess
import sys

import pandas as pd
import pytest

import pipeline
from pipeline.core.schema import SCHEMA
from pipeline.run.batch import run_batch
from tests.run.test_batch import ARTICLES


def test_importing_the_package_loads_nothing_heavy():
    code = ("import sys, pipeline; print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'spacy', 'pandas', 'pyarrow', 'numpy', 'dask', 'distributed', 'thinc', 'typer'}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.fixture(scope="module")
def cli_table(nlp, tmp_path_factory):
    folder = tmp_path_factory.mktemp("api")
    corpus = folder / "in.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in ARTICLES), encoding="utf-8")
    run_batch([corpus], folder / "facts.parquet", nlp)
    return corpus, folder / "facts.parquet"


def test_extract_frame_gives_the_table_of_the_command_line_from_dicts_frames_and_paths(nlp, cli_table):
    corpus, table = cli_table
    written = pipeline.read_facts(table)
    assert list(written.columns) == list(SCHEMA) and len(written) > 5
    from_dicts = pipeline.extract_frame(ARTICLES, model=nlp)
    from_frame = pipeline.extract_frame(pd.DataFrame(ARTICLES), model=nlp)
    from_path = pipeline.extract_frame(corpus, model=nlp)
    for frame in (from_dicts, from_frame, from_path):
        pd.testing.assert_frame_equal(frame, written)
        assert frame.attrs["errors"].empty


def test_extract_frame_reports_bad_articles_and_keeps_the_others(nlp, caplog):
    records = [ARTICLES[0], {"id": "x", "text": "No date here."}, dict(ARTICLES[1], id=ARTICLES[0]["id"]),
               {"id": "n", "text": "Rain on Monday.", "published": "2024-09-24", "title": float("nan")}]
    frame = pipeline.extract_frame(records, model=nlp)
    assert set(frame["article_id"]) == {"a", "n"}
    errors = frame.attrs["errors"]
    assert list(errors["origin"]) == ["item 2", "item 3"]
    assert "no publication date" in errors["problem"][0] and "duplicate id" in errors["problem"][1]
    assert "2 articles or stages failed" in caplog.text


def test_extract_frame_on_a_cluster_is_the_local_frame(nlp, cli_table):
    from distributed import Client, LocalCluster

    corpus, table = cli_table
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        on_cluster = pipeline.extract_frame(pd.DataFrame(ARTICLES), model=nlp, dask=client)
    pd.testing.assert_frame_equal(on_cluster, pipeline.read_facts(table))


def test_bad_arguments_say_what_to_give(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such fact table"):
        pipeline.read_facts(tmp_path / "missing.parquet")
    with pytest.raises(ValueError, match="not a pipeline folder"):
        pipeline.extract_frame(ARTICLES, model=tmp_path)
    with pytest.raises(ValueError, match="processes or dask"):
        pipeline.extract_frame(ARTICLES, processes=2, dask="local:2")
    with pytest.raises(ValueError, match="give local:N"):
        pipeline.extract_frame(ARTICLES, dask="my-cluster")
